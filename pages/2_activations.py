"""Activation functions: compare them, see why a network needs non-linearity, watch saturation through depth."""

import nncore
from explainer.shell import page_setup
from explainer.views import activations as view

page = page_setup("activations")
t, c = page.t, page.controls

page.title()
page.lesson("activations.lesson.intro")

section = c.radio("view", t("activations.section"), view.SECTIONS, "compare",
                  format_func=lambda s: t(f"activations.sections.{s}"))

if section == "compare":
    page.lesson("activations.lesson.compare")
    view.compare_section(page)
    page.lesson("activations.lesson.requirements")
elif section == "nonlinear":
    page.lesson("activations.lesson.nonlinear")
    view.nonlinear_section(page)
else:
    page.lesson("activations.lesson.depth")
    view.depth_section(page)

page.try_this([
    ("activations.try.sigmoid_peak", {"view": "compare", "fns": "sigmoid", "z": 0}),
    ("activations.try.relu_dead", {"view": "compare", "fns": "relu,leaky_relu", "slope": 0.1, "z": -2}),
    ("activations.try.collapse", {"view": "nonlinear", "seed": 7}),
    ("activations.try.sigmoid_deep",
     {"view": "depth", "act": "sigmoid", "depth": 10, "init": "normal", "scale": 1}),
    ("activations.try.relu_he", {"view": "depth", "act": "relu", "depth": 10, "init": "he", "scale": 1}),
    ("activations.try.relu_small", {"view": "depth", "act": "relu", "depth": 10, "init": "normal", "scale": 0.01}),
])

page.show_source(nncore.activations.Activation, nncore.activations._make_sigmoid, nncore.activations._make_tanh,
                 nncore.activations._make_relu, nncore.activations._make_leaky_relu, nncore.linear_collapse,
                 nncore.layer_stats)
