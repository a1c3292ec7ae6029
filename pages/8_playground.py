"""Playground: train a small network live on 2-D data — TensorFlow Playground's features and what its users asked for."""

import streamlit as st

from nncore.lessons import playground as engine
from explainer.shell import page_setup
from explainer.views import playground as view
from explainer.views import playground_live as live
from explainer.views import playground_model as model

page = page_setup("playground")

with page.header():  # lecture mode: beside the QR code, so the code costs the projector no height
    notice_slot, live_slot = st.container(), st.container()  # the live view first: Play, the epoch, the network, map
# the display options in a popover right under it: closed, its widgets cost the browser nothing per frame
display = None if "display" in view.hidden_groups(page) else st.popover(
    page.t("playground.display_title"), icon=":material/visibility:")
cfg, user_data, settings, shown = view.settings(page, display)  # every control (URL-bound; a link can hide some)
pg = view.session(cfg, user_data)                 # the student's run in st.session_state, TF's reset rules
with notice_slot:
    model.notice(page)                            # "model imported" where the student is looking
with display if display is not None else st.columns([1, 2])[0]:  # in the popover, its whole width
    show = live.show_control(page, pg, settings.hidden)  # which map is large
with live_slot:
    live.live_section(page, pg, show=show, speed=shown.speed, show_test=shown.show_test,
                      discretize=shown.discretize, gradients=shown.gradients)

page.lesson("playground.lesson.intro")
page.lesson("playground.lesson.reading", page.t("playground.reading_topic"))  # lecture mode: its own label
model.model_section(page, pg, settings.hidden)    # equation and sizes, export / import, copy as Python, CSV
model.classroom_section(page)

page.check(view.checks)
page.try_this([
    ("playground.try.xor_features",
     {"prob": "classification", "data": "xor", "net": "", "x1": 0, "x2": 0, "x1x2": 1, "lr": 0.03, "noise": 0}),
    ("playground.try.circle_squares",
     {"prob": "classification", "data": "circle", "net": "", "x1": 0, "x2": 0, "x1sq": 1, "x2sq": 1, "lr": 0.1}),
    ("playground.try.spiral",
     {"prob": "classification", "data": "spiral", "net": "8,8,6", "a1": "tanh", "a2": "tanh", "a3": "tanh",
      "x1": 1, "x2": 1, "sinx1": 1, "sinx2": 1, "lr": 0.03, "opt": "adam", "noise": 0}),
    ("playground.try.overfit",
     {"prob": "classification", "data": "spiral", "noise": 50, "ratio": 10, "net": "8,8,8", "a1": "relu",
      "a2": "relu", "a3": "relu", "test": 1, "reg": "none", "lr": 0.03}),
    ("playground.try.l2",
     {"prob": "classification", "data": "spiral", "noise": 50, "ratio": 10, "net": "8,8,8", "a1": "relu",
      "a2": "relu", "a3": "relu", "test": 1, "reg": "l2", "rr": 0.03, "lr": 0.03}),
    ("playground.try.early_stopping",
     {"prob": "classification", "data": "spiral", "noise": 50, "ratio": 30, "net": "8,8,8", "a1": "relu",
      "a2": "relu", "a3": "relu", "pat": 100, "lr": 0.03}),
    ("playground.try.diverge",
     {"prob": "regression", "data": "regress_plane", "lr": 10, "net": "4,2", "a1": "tanh", "a2": "tanh"}),
    ("playground.try.multiclass",
     {"prob": "classification", "data": "blobs", "k": 4, "net": "6", "a1": "relu", "loss": "log", "lr": 0.1}),
    ("playground.try.zeros",
     {"prob": "classification", "data": "circle", "net": "4,2", "init": "zeros", "lr": 0.1}),
])

page.show_source(engine.Playground, engine.Playground.live, engine.quantize, engine.class_shade,
                 engine.Trainer.run_epoch, engine.MLP.to_dict)
