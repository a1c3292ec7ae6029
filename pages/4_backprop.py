"""Backpropagation: the chain rule on a computational graph, every value computed by nncore and checked."""

import nncore
from explainer.shell import Section, page_setup
from explainer.views import backprop as view
from nncore.lessons import backprop as lesson

page = page_setup("backprop")
page.sections([
    Section("graph", view.graph_section,
            before=("backprop.lesson.graph",),
            sources=(lesson.build_graph,),
            tries=(("backprop.try.logreg_dz", {"net": "logreg", "step": view.LOGREG_DZ_STEP}),
                   ("backprop.try.beans_end", {"net": "beans", "step": "end"}),
                   ("backprop.try.relu_batch", {"net": "mlp", "act": "relu", "n1": 3, "m": 4, "step": "end"}))),
    Section("chain", view.chain_section,
            before=("backprop.lesson.chain",),
            sources=(lesson.Graph.paths, lesson.Graph._path),
            tries=(("backprop.try.beans_chain", {"net": "beans", "wsel": "w1_1_1"}),
                   ("backprop.try.input_paths", {"net": "beans", "wsel": "x1"}))),
    Section("equations", view.equations_section,
            before=("backprop.lesson.equations",),
            sources=(lesson.six_equations,),
            tries=(("backprop.try.equations", {"net": "mlp", "n0": 2, "n1": 3, "m": 4}),)),
    Section("check", view.check_section,
            before=("backprop.lesson.check",),
            sources=(lesson.check_gradients, nncore.gradient_check, nncore.numeric_gradient),
            tries=(("backprop.try.broken", {"net": "beans", "broken": True}),)),
    Section("update", view.update_section,
            before=("backprop.lesson.update",),
            sources=(lesson.gradient_step,),
            tries=(("backprop.try.big_rate", {"net": "mlp", "lr": 100.0}),)),
    Section("train", view.train_section,
            before=("backprop.lesson.train",),
            sources=(lesson.beans_training,),
            tries=(("backprop.try.train", {"tlr": 3.0, "epochs": 5000}),
                   ("backprop.try.train_slow", {"tlr": 0.3, "epochs": 5000}))),
    Section("symmetry", view.symmetry_section,
            before=("backprop.lesson.init",),
            sources=(lesson.gaussian_init, nncore.init_layer, lesson.symmetry_run),
            tries=(("backprop.try.three_sigma", {"ginit": "he"}),
                   ("backprop.try.symmetry", {"sinit": "zeros", "sunits": 3}))),
], checks=view.checks)
