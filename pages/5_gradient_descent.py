"""Gradient descent: learning rates in 1-D, loss surfaces and optimizers in 2-D, batch size, feature scaling."""

import nncore
from explainer.shell import Section, page_setup
from explainer.views import gradient_descent as view
from nncore import surfaces
from nncore.lessons import gradient_descent as lesson

page = page_setup("gradient_descent")
page.sections([
    Section("1d", view.one_d_section,
            before=("gradient_descent.lesson.one",),
            sources=(surfaces.descend_1d, lesson.update_1d, lesson.step_view),
            tries=(("gradient_descent.try.converges", {"fn": "square", "a0_square": 2.5, "lr": 0.1}),
                   ("gradient_descent.try.slow", {"fn": "square", "a0_square": 2.5, "lr": 0.001}),
                   ("gradient_descent.try.oscillates", {"fn": "square", "a0_square": 2.5, "lr": 0.9, "k": 10}),
                   ("gradient_descent.try.diverges", {"fn": "square", "a0_square": 2.5, "lr": 1.1, "k": 10}),
                   ("gradient_descent.try.quartic", {"fn": "quartic", "a0_quartic": 2, "lr": 0.1, "k": 1}),
                   ("gradient_descent.try.log", {"fn": "log", "a0_log": 2, "lr": 0.5, "k": 4}))),
    Section("2d", view.surfaces_section,
            before=("gradient_descent.lesson.two",), after=("gradient_descent.lesson.optimizers",),
            sources=(nncore.optimize, nncore.optimizers.Momentum, nncore.optimizers.Nesterov,
                     nncore.optimizers.RMSProp, nncore.optimizers.Adam, surfaces.QuadraticSurface.optimal_step,
                     lesson.quadratic_check),
            tries=view.bowl_tries()),
    Section("batch", view.batch_section,
            before=("gradient_descent.lesson.batch",),
            sources=(lesson.minibatch_descent, lesson.logistic_batch_gradient),
            tries=(("gradient_descent.try.sgd_noise", {"bs": 2}),)),
    Section("scaling", view.scaling_section,
            before=("gradient_descent.lesson.scaling",),
            sources=(lesson.scaling_comparison, surfaces.standardize),
            tries=(("gradient_descent.try.scaling", {"spread": 50}),)),
], checks=view.checks)
