"""Backpropagation: the chain rule on a computational graph, every value computed by nncore and checked."""

import nncore
from explainer.shell import page_setup
from explainer.views import backprop as view
from nncore.lessons import backprop as G

page = page_setup("backprop")
t, c = page.t, page.controls

page.title()
page.lesson("backprop.lesson.intro")

section = c.radio("view", t("backprop.section"), view.SECTIONS, "graph",
                  format_func=lambda s: t(f"backprop.sections.{s}"))
if section in view.NETWORK_SECTIONS:  # the sections about one chosen network
    prob = view.problem(page)
    graph = G.build_graph(prob.net, prob.X, prob.Y, prob.loss)
page.lesson(f"backprop.lesson.{section}")
if section == "graph":
    view.graph_section(page, graph)
elif section == "chain":
    view.chain_section(page, graph)
elif section == "equations":
    view.equations_section(page, prob)
elif section == "check":
    view.check_section(page, prob, graph)
elif section == "update":
    view.update_section(page, prob, graph)
elif section == "train":
    view.train_section(page)
else:
    view.symmetry_section(page)

LOGREG = {"net": "logreg", **dict(zip(view.LOGREG_KEYS, view.LOGREG_DEFAULT)), "y": 1}
page.try_this([
    ("backprop.try.logreg_dz", {**LOGREG, "view": "graph", "step": view.LOGREG_DZ_STEP}),
    ("backprop.try.beans_chain", {"net": "beans", "view": "chain", "wsel": "w1_1_1"}),
    ("backprop.try.beans_end", {"net": "beans", "view": "graph", "step": "end"}),
    ("backprop.try.relu_batch", {"net": "mlp", "act": "relu", "n1": 3, "m": 4, "view": "graph", "step": "end"}),
    ("backprop.try.equations", {"net": "mlp", "view": "equations", "n0": 2, "n1": 3, "m": 4}),
    ("backprop.try.broken", {"net": "beans", "view": "check", "broken": True}),
    ("backprop.try.big_rate", {"net": "mlp", "n0": 2, "n1": 2, "act": "tanh", "m": 3, "seed": 0, "view": "update",
                             "lr": 100.0}),
    ("backprop.try.train", {"view": "train", "tlr": 3.0, "epochs": 5000, "tseed": 0}),
    ("backprop.try.symmetry", {"view": "symmetry", "sinit": "zeros", "sunits": 3}),
])

page.show_source(G.build_graph, G.Graph.chain, G.six_equations, G.gradient_step, nncore.gradient_check,
                 G.train_snapshots, G.symmetry_run)
