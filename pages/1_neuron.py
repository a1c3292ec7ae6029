"""The neuron: from the biological neuron to the M-P neuron, the perceptron and its learning rule, XOR solved by a
hidden layer, and a single neuron as linear or logistic regression."""

import nncore
from explainer.shell import page_setup
from explainer.views import neuron as view
from nncore.lessons import neuron as neuron_lab

page = page_setup("neuron")
t, c = page.t, page.controls

page.title()
page.lesson("neuron.lesson.intro")

section = c.radio("view", t("neuron.section"), view.SECTIONS, "mp",
                  format_func=lambda s: t(f"neuron.sections.{s}"))

if section == "mp":
    page.lesson("neuron.lesson.mp")
    view.mp_section(page)
elif section == "perceptron":
    page.lesson("neuron.lesson.perceptron")
    view.perceptron_section(page)
    page.lesson("neuron.lesson.minsky")
elif section == "xor":
    page.lesson("neuron.lesson.xor")
    view.xor_section(page)
else:
    page.lesson("neuron.lesson.regression")
    view.regression_section(page)

page.try_this([
    ("neuron.try.mp_and", {"view": "mp", "x1": 1, "x2": 0, "w1": 1, "w2": 1, "theta": 2}),
    ("neuron.try.mp_or", {"view": "mp", "x1": 1, "x2": 0, "w1": 1, "w2": 1, "theta": 1}),
    ("neuron.try.mp_nand", {"view": "mp", "x1": 1, "x2": 1, "w1": -1, "w2": -1, "theta": -1}),
    ("neuron.try.and_converges", {"view": "perceptron", "data": "and", "eta": 1, "step": 18}),
    ("neuron.try.or_converges", {"view": "perceptron", "data": "or", "eta": 1, "step": 0}),
    ("neuron.try.xor_cycles", {"view": "perceptron", "data": "xor", "eta": 1, "step": 8}),
    ("neuron.try.eta", {"view": "perceptron", "data": "and", "eta": 0.25, "step": 18}),
    ("neuron.try.xor_net", {"view": "xor", "hidden": "tanh", "xseed": 0, "epoch": 1000}),
    ("neuron.try.xor_stuck", {"view": "xor", "hidden": "tanh", "xseed": 1, "epoch": 1000}),
    ("neuron.try.xor_early", {"view": "xor", "hidden": "tanh", "xseed": 0, "epoch": 100}),
    ("neuron.try.logistic", {"view": "regression", "logistic": True, "noise": 0.5, "rseed": 0}),
])

page.show_source(nncore.perceptron.mp_neuron, nncore.perceptron.PerceptronTrainer, neuron_lab.decision_line,
                 neuron_lab.perceptron_replay, neuron_lab.train_xor, neuron_lab.xor_view,
                 neuron_lab.fit_single_neuron)
