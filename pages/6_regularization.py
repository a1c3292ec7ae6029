"""Regularization: overfitting and early stopping, bias–variance by resampling, L1 vs L2, weight decay, dropout."""

import nncore
from explainer.shell import page_setup
from explainer.views import regularization as view
from nncore.lessons import regularization as gen

page = page_setup("regularization")
t, c = page.t, page.controls

page.title()
page.lesson("regularization.lesson.intro")

section = c.radio("view", t("regularization.section"), view.SECTIONS, "overfit",
                  format_func=lambda s: t(f"regularization.sections.{s}"))

if section == "overfit":
    page.lesson("regularization.lesson.overfit")
    view.overfit_section(page)
    page.lesson("regularization.lesson.early_stopping")
    sources = (gen.fit_curve, gen.train_mlps, gen.patience_stop, nncore.History.best_test_epoch)
elif section == "bias_variance":
    page.lesson("regularization.lesson.bias_variance")
    view.bias_variance_section(page)
    sources = (gen.bias_variance,)
elif section == "l1_l2":
    page.lesson("regularization.lesson.l1_l2")
    view.l1_l2_section(page)
    sources = (gen.lasso, gen.ridge, nncore.soft_threshold, gen.constrained_minimum_l1, gen.constrained_minimum_l2)
elif section == "weight_decay":
    page.lesson("regularization.lesson.weight_decay")
    view.weight_decay_section(page)
    sources = (nncore.weight_decay_step, nncore.l2_gradient_step, gen.weight_decay_demo)
else:
    page.lesson("regularization.lesson.dropout")
    view.dropout_section(page)
    sources = (nncore.dropout_mask, nncore.apply_dropout, gen.dropout_expectation, nncore.MLP.forward)

page.try_this([
    ("regularization.try.overfit", {"view": "overfit", "n": 10, "noise": 0.3, "width": 32, "layers": 2,
                                    "epochs": 2000, "l2": 0, "keep": 1}),
    ("regularization.try.small_net", {"view": "overfit", "n": 10, "noise": 0.3, "width": 2, "layers": 1,
                                      "epochs": 2000, "l2": 0, "keep": 1}),
    ("regularization.try.more_data", {"view": "overfit", "n": 50, "noise": 0.3, "width": 32, "layers": 2,
                                      "epochs": 2000, "l2": 0, "keep": 1}),
    ("regularization.try.l2", {"view": "overfit", "n": 15, "noise": 0.3, "width": 32, "layers": 2,
                               "epochs": 1000, "l2": 0.003, "keep": 1}),
    ("regularization.try.dropout", {"view": "overfit", "n": 15, "noise": 0.3, "width": 32, "layers": 2,
                                    "epochs": 1000, "l2": 0, "keep": 0.9}),
    ("regularization.try.variance", {"view": "bias_variance", "k": 20, "bn": 10, "bnoise": 0.5, "simple": 1,
                                     "complex": 32}),
    ("regularization.try.corner", {"view": "l1_l2", "lam": 1, "t": 1, "corr": 0.5}),
    ("regularization.try.seed001", {"view": "weight_decay", "lr": 1, "wd": 0.1}),
    ("regularization.try.half", {"view": "dropout", "p": 0.5, "mode": "classic", "step": 0}),
])

page.show_source(*sources)
