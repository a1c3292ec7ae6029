"""Regularization: overfitting and early stopping on a validation set, bias–variance by resampling, L1 vs L2, weight
decay with SGD and Adam, dropout, and the workflow of a deep-learning project (Article 5)."""

import nncore
from explainer.shell import Section, page_setup
from explainer.views import regularization as view
from nncore.lessons import regularization as lesson

page = page_setup("regularization")
page.sections([
    Section("overfit", view.overfit_section,
            before=("regularization.lesson.overfit",), after=("regularization.lesson.early_stopping",),
            sources=(lesson.fit_curve, lesson.train_mlps, lesson.EarlyStop, lesson.patience_stop),
            tries=(("regularization.try.overfit", {"n": 10, "width": 32, "layers": 2, "epochs": 1000}),
                   ("regularization.try.small_net",
                    {"curve": "cubic", "noise": 0.1, "n": 30, "width": 2, "layers": 1}),
                   ("regularization.try.more_data", {"n": 50, "width": 32, "layers": 2}),
                   ("regularization.try.patience", {"patience": 10}),
                   ("regularization.try.l2", {"n": 15, "l2": 0.003, "epochs": 1000, "at": 1000}),
                   ("regularization.try.dropout", {"n": 15, "drop": 0.1, "epochs": 1000}))),
    Section("bias_variance", view.bias_variance_section,
            before=("regularization.lesson.bias_variance",),
            sources=(lesson.resampled_fits, lesson.decompose),
            tries=(("regularization.try.variance", {"k": 20, "bn": 10, "bnoise": 0.5, "complex": 32}),)),
    Section("l1_l2", view.l1_l2_section,
            before=("regularization.lesson.l1_l2",),
            sources=(lesson.lasso, lesson.ridge, nncore.soft_threshold, lesson.constrained_minimum_l1,
                     lesson.constrained_minimum_l2),
            tries=(("regularization.try.corner", {"t": 1, "corr": 0.5}),)),
    Section("weight_decay", view.weight_decay_section,
            before=("regularization.lesson.weight_decay",),
            sources=(nncore.weight_decay_step, nncore.l2_gradient_step, lesson.weight_decay_demo, lesson.decay_runs),
            tries=(("regularization.try.article2", {"lr": 1, "wd": 0.1}),
                   ("regularization.try.adamw", {"wd": 0.5}))),
    Section("dropout", view.dropout_section,
            before=("regularization.lesson.dropout",),
            sources=(lesson.dropout_step, lesson.dropout_expectation, lesson.expected_inverted_output,
                     lesson.dropout_effect),
            tries=(("regularization.try.half", {"rate": 0.5, "mode": "classic"}),)),
    Section("workflow", view.workflow_section,
            before=("regularization.lesson.workflow",), after=("regularization.lesson.overview",),
            sources=(lesson.workflow, nncore.Trainer.run),
            tries=(("regularization.try.raw", {"wnorm": 0, "wstep": 9}),
                   ("regularization.try.one_unit", {"wh2": 1, "wstep": 10}))),
], checks=view.checks)
