"""Softmax and cross-entropy: logits → probabilities, numerical stability, the loss and its gradient, why log loss
beats squared error for a sigmoid output, entropy / cross-entropy / KL, and a multiclass classifier."""

import nncore
from explainer.shell import Section, page_setup
from explainer.views import softmax_entropy as view
from nncore.lessons import softmax_entropy as lesson

page = page_setup("softmax_entropy")
page.sections([
    Section("logits", view.logits_section,
            before=("softmax_entropy.lesson.logits",),
            sources=(nncore.softmax, nncore.logsumexp, lesson.temperature_path, lesson.shift_check),
            tries=(("softmax_entropy.try.cold", {"T": 0.1}),
                   ("softmax_entropy.try.hot", {"T": 50}),
                   ("softmax_entropy.try.shift", {"c": 8}))),
    Section("stability", view.stability_section,
            before=("softmax_entropy.lesson.stability",),
            sources=(nncore.naive_softmax, nncore.softmax, nncore.logsumexp, lesson.softmax_steps),
            tries=(("softmax_entropy.try.overflow", {"big": 1000}),
                   ("softmax_entropy.try.underflow", {"big": -1000}))),
    Section("cross_entropy", view.cross_entropy_section,
            before=("softmax_entropy.lesson.cross_entropy",),
            sources=(nncore.cross_entropy_with_logits, nncore.log_softmax, lesson.smoothed_target,
                     lesson.cross_entropy_view),
            tries=(("softmax_entropy.try.confident_wrong", {"n": 3, "logits": "8,0,-2", "y": 2}),
                   ("softmax_entropy.try.smoothing", {"n": 3, "logits": "8,0,-2", "y": 0, "eps": 0.3}))),
    Section("mse_vs_ce", view.mse_vs_ce_section,
            before=("softmax_entropy.lesson.mse_vs_ce",),
            sources=(lesson.sigmoid_losses, nncore.bce_with_logits),
            tries=(("softmax_entropy.try.saturated", {"label": 1, "z": -8}),)),
    Section("information", view.information_section,
            before=("softmax_entropy.lesson.information",),
            sources=(nncore.self_information, nncore.entropy, nncore.cross_entropy_pq, nncore.kl_divergence,
                     nncore.normalize, lesson.information),
            tries=(("softmax_entropy.try.fair_coin", {"k": 2, "p": "1,1", "q": "1,3", "unit": "bits"}),
                   ("softmax_entropy.try.missing", {"k": 3, "p": "1,1,1", "q": "1,1,0", "unit": "bits"}))),
    Section("classifier", view.classifier_section,
            before=("softmax_entropy.lesson.classifier",),
            sources=(lesson.train_classifier, nncore.Trainer.run_epoch),
            tries=(("softmax_entropy.try.blobs", {"data": "blobs", "classes": 4, "model": "softmax", "noise": 0}),
                   ("softmax_entropy.try.spiral", {"data": "spiral_k", "classes": 3, "model": "mlp", "noise": 0,
                                                   "epochs": 1000}))),
], checks=view.checks)
