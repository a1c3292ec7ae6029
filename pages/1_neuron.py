"""The neuron: from the biological neuron to the M-P neuron, the perceptron and its learning rule, XOR solved by a
hidden layer, and a single neuron as linear or logistic regression."""

import nncore
from explainer.shell import Section, page_setup
from explainer.views import neuron as view
from nncore.lessons import neuron as lesson

page = page_setup("neuron")
and_done = view.converged_step("and")  # from nncore: the step where the rule has converged on AND
page.sections([
    Section("mp", view.mp_section,
            before=("neuron.lesson.mp",),
            sources=(nncore.perceptron.mp_neuron, lesson.mp_table),
            tries=(("neuron.try.mp_and", {"x1": 1, "x2": 0, "w1": 1, "w2": 1, "theta": 2}),
                   ("neuron.try.mp_or", {"x1": 1, "x2": 0, "w1": 1, "w2": 1, "theta": 1}),
                   ("neuron.try.mp_nand", {"x1": 1, "x2": 1, "w1": -1, "w2": -1, "theta": -1}))),
    Section("perceptron", view.perceptron_section,
            before=("neuron.lesson.perceptron",), after=("neuron.lesson.minsky",),
            sources=(nncore.perceptron.PerceptronTrainer, lesson.perceptron_replay, lesson.decision_line),
            tries=(("neuron.try.and_converges", {"data": "and", "step": and_done}),
                   ("neuron.try.or_converges", {"data": "or", "step": 0}),
                   ("neuron.try.xor_cycles", {"data": "xor", "step": view.cycle_step()}),
                   ("neuron.try.eta", {"data": "and", "eta": 0.25, "step": and_done}))),
    Section("xor", view.xor_section,
            before=("neuron.lesson.xor",),
            sources=(lesson.train_xor, lesson.xor_view, lesson.xor_outcome),
            tries=(("neuron.try.xor_net", {"hidden": "tanh", "xseed": 0, "epoch": 1000}),
                   ("neuron.try.xor_stuck", {"hidden": "tanh", "xseed": 1, "epoch": 1000}),
                   ("neuron.try.xor_early", {"hidden": "tanh", "xseed": 0, "epoch": 100}))),
    Section("regression", view.regression_section,
            before=("neuron.lesson.regression",),
            sources=(lesson.fit_single_neuron,),
            tries=(("neuron.try.logistic", {"logistic": True}),)),
], checks=view.checks)
