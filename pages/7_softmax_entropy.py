"""Softmax and cross-entropy: logits → probabilities, numerical stability, the loss and its gradient, why log loss
beats squared error for a sigmoid output, entropy / cross-entropy / KL, and a multiclass classifier."""

import nncore
from explainer.shell import page_setup
from explainer.views import softmax_entropy as view
from nncore.lessons import softmax_entropy as lab

page = page_setup("softmax_entropy")
t, c = page.t, page.controls

page.title()
page.lesson("softmax_entropy.lesson.intro")

section = c.radio("view", t("softmax_entropy.section"), view.SECTIONS, "logits",
                  format_func=lambda s: t(f"softmax_entropy.sections.{s}"))

if section == "logits":
    page.lesson("softmax_entropy.lesson.logits")
    view.logits_section(page)
    sources = (nncore.softmax, nncore.logsumexp, lab.temperature_path, lab.shift_check)
elif section == "stability":
    page.lesson("softmax_entropy.lesson.stability")
    view.stability_section(page)
    sources = (nncore.naive_softmax, nncore.softmax, nncore.logsumexp, lab.softmax_steps)
elif section == "cross_entropy":
    page.lesson("softmax_entropy.lesson.cross_entropy")
    view.cross_entropy_section(page)
    sources = (nncore.cross_entropy_with_logits, nncore.log_softmax, lab.smoothed_target, lab.cross_entropy_view)
elif section == "mse_vs_ce":
    page.lesson("softmax_entropy.lesson.mse_vs_ce")
    view.mse_vs_ce_section(page)
    sources = (lab.sigmoid_losses, nncore.bce_with_logits)
elif section == "information":
    page.lesson("softmax_entropy.lesson.information")
    view.information_section(page)
    sources = (nncore.self_information, nncore.entropy, nncore.cross_entropy_pq, nncore.kl_divergence,
               nncore.normalize, lab.information)
else:
    page.lesson("softmax_entropy.lesson.classifier")
    view.classifier_section(page)
    sources = (lab.train_classifier, nncore.Trainer.run_epoch)

page.try_this([
    ("softmax_entropy.try.cold", {"view": "logits", "n": 4, "logits": "2,1,0.1,-1", "T": 0.1}),
    ("softmax_entropy.try.hot", {"view": "logits", "n": 4, "logits": "2,1,0.1,-1", "T": 50}),
    ("softmax_entropy.try.shift", {"view": "logits", "n": 3, "logits": "3,1,-2", "c": 8, "T": 1}),
    ("softmax_entropy.try.overflow", {"view": "stability", "n": 3, "logits": "2,1,0.1", "big": 1000}),
    ("softmax_entropy.try.underflow", {"view": "stability", "n": 3, "logits": "2,1,0.1", "big": -1000}),
    ("softmax_entropy.try.confident_wrong", {"view": "cross_entropy", "n": 3, "logits": "8,0,-2", "y": 2,
                                             "eps": 0}),
    ("softmax_entropy.try.smoothing", {"view": "cross_entropy", "n": 3, "logits": "8,0,-2", "y": 0, "eps": 0.3}),
    ("softmax_entropy.try.saturated", {"view": "mse_vs_ce", "label": 1, "z": -8}),
    ("softmax_entropy.try.fair_coin", {"view": "information", "k": 2, "p": "1,1", "q": "1,3", "unit": "bits"}),
    ("softmax_entropy.try.missing", {"view": "information", "k": 3, "p": "1,1,1", "q": "1,1,0", "unit": "bits"}),
    ("softmax_entropy.try.blobs", {"view": "classifier", "data": "blobs", "classes": 4, "model": "softmax",
                                   "noise": 0, "epochs": 200, "lr": 0.03}),
    ("softmax_entropy.try.spiral", {"view": "classifier", "data": "spiral_k", "classes": 3, "model": "mlp",
                                    "noise": 0, "epochs": 1000, "lr": 0.03}),
])

page.show_source(*sources)
