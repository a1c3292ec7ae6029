"""Forward pass: the worked example step by step, shapes, vectorization, why layers collapse, the beans hill."""

import nncore
from explainer.shell import page_setup
from explainer.views import forward_pass as view
from nncore.lessons import forward_pass as forward_lab

page = page_setup("forward_pass")
t, c = page.t, page.controls

page.title()
page.lesson("forward_pass.lesson.intro")

section = c.radio("view", t("forward_pass.section"), view.SECTIONS, "example",
                  format_func=lambda s: t(f"forward_pass.sections.{s}"))

if section == "example":
    page.lesson("forward_pass.lesson.example")
    view.example_section(page)
elif section == "shapes":
    page.lesson("forward_pass.lesson.shapes")
    view.shapes_section(page)
elif section == "vectorize":
    page.lesson("forward_pass.lesson.vectorize")
    view.vectorize_section(page)
elif section == "collapse":
    page.lesson("forward_pass.lesson.collapse")
    view.collapse_section(page)
else:
    page.lesson("forward_pass.lesson.beans")
    view.beans_section(page)

page.try_this([
    ("forward_pass.try.worked", {"view": "example", "act": "linear", "x": "2,3", "w1": "1,-1,1,1", "b1": "0,0",
                                 "w2": "2,-1", "b2": "0", "step": view.N_STEPS}),
    ("forward_pass.try.relu_clips", {"view": "example", "act": "relu", "x": "3,1", "w1": "1,-1,1,1", "b1": "0,0",
                                     "w2": "2,-1", "b2": "0", "step": view.N_STEPS}),
    ("forward_pass.try.linear_no_clip", {"view": "example", "act": "linear", "x": "3,1", "w1": "1,-1,1,1",
                                         "b1": "0,0", "w2": "2,-1", "b2": "0", "step": view.N_STEPS}),
    ("forward_pass.try.shapes_batch", {"view": "shapes", "layers": 2, "n0": 4, "n1": 5, "n2": 3, "m": 64}),
    ("forward_pass.try.vectorize_big", {"view": "vectorize", "vm": 10000, "vw": 5}),
    ("forward_pass.try.collapse_relu", {"view": "collapse", "cact": "relu", "cseed": 0}),
    ("forward_pass.try.beans_random", {"view": "beans", **dict(zip(view.BEANS_KEYS, view.BEANS_RANDOM))}),
])

page.show_source(nncore.MLP.forward, forward_lab.dot_products, forward_lab.forward_loop, forward_lab.time_forward,
                 nncore.shape_table, nncore.linear_collapse, forward_lab.beans_net, forward_lab.fit_snapshots)
