"""Activation functions: compare them, see why a network needs non-linearity, watch saturation through depth."""

import nncore
from explainer.shell import Section, page_setup
from explainer.views import activations as view
from nncore.lessons import activations as lesson

page = page_setup("activations")
page.sections([
    Section("compare", view.compare_section,
            before=("activations.lesson.compare",), after=("activations.lesson.requirements",),
            sources=(nncore.activations.Activation, nncore.activations._make_sigmoid, nncore.activations._make_tanh,
                     nncore.activations._make_relu, nncore.activations._make_leaky_relu, lesson.kink_derivative,
                     lesson.hidden_race),
            tries=(("activations.try.sigmoid_peak", {"fns": "sigmoid", "z": 0}),
                   ("activations.try.relu_dead", {"fns": "relu,leaky_relu", "slope": 0.1, "z": -2}))),
    Section("nonlinear", view.nonlinear_section,
            before=("activations.lesson.nonlinear",),
            sources=(lesson.collapse, nncore.linear_collapse),
            tries=(("activations.try.collapse", {"seed": 7}),)),
    Section("depth", view.depth_section,
            before=("activations.lesson.depth",),
            sources=(lesson.depth_run, nncore.layer_stats),
            tries=(("activations.try.sigmoid_deep", {"act": "sigmoid", "depth": 10, "init": "normal", "scale": 1}),
                   ("activations.try.sigmoid_xavier", {"act": "sigmoid", "depth": 10, "init": "xavier", "scale": 1}),
                   ("activations.try.tanh_large", {"act": "tanh", "depth": 10, "init": "normal", "scale": 1}),
                   ("activations.try.relu_he", {"act": "relu", "depth": 10, "init": "he", "scale": 1}),
                   ("activations.try.relu_small", {"act": "relu", "depth": 10, "init": "normal", "scale": 0.01}),
                   ("activations.try.sigmoid_small", {"act": "sigmoid", "depth": 10, "init": "normal",
                                                      "scale": 0.01}))),
], checks=view.checks)
