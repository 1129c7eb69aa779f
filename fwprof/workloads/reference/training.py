"""The loss and AdamW settings both frameworks train the reference models with (no framework here).

AdamW: lr 1e-4, betas 0.9/0.999, eps 1e-8, decoupled weight decay 0.01 applied to every
trainable parameter (biases and norm scales included) on both sides. One difference remains in
the frameworks themselves: Keras adds epsilon to sqrt(v) before bias correction of the step size
(Kingma & Ba's "epsilon hat"), torch after; they differ only where |gradient| is near 1e-8.

Loss: mean cross-entropy from logits over every label: one class id per example for ResNet,
BERT and ViT; one next token per position for GPT-2 (logits flattened to (batch * seq, vocab)).
"""

from __future__ import annotations

from typing import Any

ADAMW_LEARNING_RATE = 1e-4
ADAMW_BETAS = (0.9, 0.999)
ADAMW_EPSILON = 1e-8
ADAMW_WEIGHT_DECAY = 0.01

#: The loss every reference model trains with, in framework-neutral words.
LOSS_SETTINGS: dict[str, Any] = {
    "name": "sparse_categorical_crossentropy",
    "from_logits": True,
    "reduction": "mean_over_all_labels",
    "label_smoothing": 0.0,
    "ignored_label": None,
}


def adamw_settings() -> dict[str, Any]:
    """The AdamW hyper-parameters, in Keras' names, as both optimizers should report them."""
    return {
        "name": "adamw",
        "learning_rate": ADAMW_LEARNING_RATE,
        "beta_1": ADAMW_BETAS[0],
        "beta_2": ADAMW_BETAS[1],
        "epsilon": ADAMW_EPSILON,
        "amsgrad": False,
        "weight_decay": ADAMW_WEIGHT_DECAY,
    }
