"""Gradient descent: learning rates in 1-D, loss surfaces and optimizers in 2-D, batch size, feature scaling."""

import nncore
from explainer.shell import page_setup
from explainer.views import gradient_descent as view
from nncore import surfaces
from nncore.lessons import gradient_descent as descent_lab

page = page_setup("gradient_descent")
t, c = page.t, page.controls

page.title()
page.lesson("gradient_descent.lesson.intro")

section = c.radio("view", t("gradient_descent.section"), view.SECTIONS, "1d",
                  format_func=lambda s: t(f"gradient_descent.sections.{s}"))

if section == "1d":
    page.lesson("gradient_descent.lesson.one")
    view.one_d_section(page)
elif section == "2d":
    page.lesson("gradient_descent.lesson.two")
    view.surfaces_section(page)
    page.lesson("gradient_descent.lesson.optimizers")
elif section == "batch":
    page.lesson("gradient_descent.lesson.batch")
    view.batch_section(page)
else:
    page.lesson("gradient_descent.lesson.scaling")
    view.scaling_section(page)

bowl50 = descent_lab.bowl_rates(surfaces.quadratic_bowl(50))
TRY = {
    "1d": [
        ("gradient_descent.try.converges", {"fn": "square", "a0_square": 2.5, "lr": 0.1, "k": 20}),
        ("gradient_descent.try.slow", {"fn": "square", "a0_square": 2.5, "lr": 0.001, "k": 30}),
        ("gradient_descent.try.oscillates", {"fn": "square", "a0_square": 2.5, "lr": 0.9, "k": 10}),
        ("gradient_descent.try.diverges", {"fn": "square", "a0_square": 2.5, "lr": 1.1, "k": 10}),
        ("gradient_descent.try.quartic", {"fn": "quartic", "a0_quartic": 2, "lr": 0.1, "k": 10}),
        ("gradient_descent.try.log", {"fn": "log", "a0_log": 2, "lr": 0.5, "k": 4}),
    ],
    "2d": [
        ("gradient_descent.try.bowl_optimal",
         {"surf": "quadratic_bowl", "kappa": 50, "lr_quadratic_bowl": bowl50["optimal"], "opts": "sgd,momentum",
          "beta": 0.9, "n2": 150, "start_quadratic_bowl": "-2.5,1.5"}),
        ("gradient_descent.try.bowl_diverges",
         {"surf": "quadratic_bowl", "kappa": 50, "lr_quadratic_bowl": bowl50["unstable"], "opts": "sgd",
          "n2": 100, "start_quadratic_bowl": "-2.5,1.5"}),
        ("gradient_descent.try.rosenbrock",
         {"surf": "rosenbrock", "lr_rosenbrock": 0.002, "opts": "sgd,momentum,adam", "beta": 0.9, "n2": 500,
          "start_rosenbrock": "-1.2,1"}),
        ("gradient_descent.try.himmelblau",
         {"surf": "himmelblau", "lr_himmelblau": 0.01, "opts": "sgd,nesterov,rmsprop", "n2": 150,
          "start_himmelblau": "-1,-1"}),
        ("gradient_descent.try.saddle",
         {"surf": "saddle", "lr_saddle": 0.05, "opts": "sgd,adam", "n2": 100, "start_saddle": "-2.5,0.01"}),
    ],
    "batch": [("gradient_descent.try.sgd_noise", {"bs": 2, "lr3": 0.1, "ep": 10})],
    "scaling": [("gradient_descent.try.scaling", {"spread": 50})],
}
page.try_this([(key, {"view": section, **params}) for key, params in TRY[section]])

page.show_source(surfaces.descend_1d, descent_lab.update_1d, nncore.optimize, nncore.optimizers.Momentum,
                 nncore.optimizers.Nesterov, nncore.optimizers.RMSProp, nncore.optimizers.Adam,
                 surfaces.QuadraticSurface.optimal_step, descent_lab.minibatch_descent, descent_lab.scaling_comparison)
