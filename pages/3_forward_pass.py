"""Forward pass: the worked example step by step, shapes, vectorization, why layers collapse, universal
approximation, the beans hill."""

import nncore
from explainer.shell import Section, page_setup
from explainer.views import forward_pass as view
from nncore.lessons import forward_pass as lesson

page = page_setup("forward_pass")
WORKED = {"w1": "1,-1,1,1", "b1": "0,0", "w2": "2,-1", "b2": "0"}  # Article 1's weights (the defaults)
page.sections([
    Section("example", view.example_section,
            before=("forward_pass.lesson.example",),
            sources=(lesson.worked_example, nncore.MLP.forward, lesson.dot_products),
            tries=(("forward_pass.try.worked", {"act": "linear", "x": "2,3", **WORKED, "step": view.N_STEPS}),
                   ("forward_pass.try.relu_clips", {"act": "relu", "x": "3,1", **WORKED, "step": view.N_STEPS}),
                   ("forward_pass.try.linear_no_clip", {"act": "linear", "x": "3,1", **WORKED,
                                                        "step": view.N_STEPS}))),
    Section("shapes", view.shapes_section,
            before=("forward_pass.lesson.shapes",),
            sources=(nncore.shape_table, lesson.shapes, lesson.rank_one),
            tries=(("forward_pass.try.shapes_batch", {"layers": 2, "n0": 4, "n1": 5, "n2": 3, "m": 64}),
                   ("forward_pass.try.rank1_square", {"layers": 2, "n0": 4, "n1": 5, "n2": 3, "m": 5}))),
    Section("vectorize", view.vectorize_section,
            before=("forward_pass.lesson.vectorize",),
            sources=(lesson.forward_loop, lesson.time_forward),
            tries=(("forward_pass.try.vectorize_big", {"vm": 10000, "vw": 5}),)),
    Section("collapse", view.collapse_section,
            before=("forward_pass.lesson.collapse",),
            sources=(nncore.linear_collapse, lesson.collapse),
            tries=(("forward_pass.try.collapse_relu", {"cact": "relu", "cseed": 0}),)),
    Section("universal", view.universal_section,
            before=("forward_pass.lesson.universal",),
            sources=(lesson.universal_approximation, lesson.bumps),
            tries=(("forward_pass.try.universal_two", {"units": 2}),
                   ("forward_pass.try.universal_eight", {"units": 8}))),
    Section("beans", view.beans_section,
            before=("forward_pass.lesson.beans",),
            sources=(lesson.beans_net, lesson.fit_snapshots, lesson.beans_baseline),
            tries=(("forward_pass.try.beans_random", dict(zip(view.BEANS_KEYS, view.BEANS_RANDOM))),)),
], checks=view.checks)
