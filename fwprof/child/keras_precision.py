"""Mixed precision on the TensorFlow side: Keras 3's global dtype policy and loss scaling.

``bf16`` and ``fp16`` set ``keras.mixed_precision.set_global_policy("mixed_bfloat16" |
"mixed_float16")`` before the model is built: layers compute in the 16-bit type, variables stay
float32 (as torch.autocast leaves weights float32). ``fp16`` wraps the optimizer in
``keras.optimizers.LossScaleOptimizer`` (dynamic loss scale): the train step multiplies the
loss by ``optimizer.scale_loss`` and ``apply_gradients`` unscales, skips non-finite steps and
adapts the scale, as torch's GradScaler does. TF32 is enabled for ``tf32`` only.
"""

from __future__ import annotations

from typing import Any

#: The Keras policy of each precision.
POLICIES = {"fp32": "float32", "tf32": "float32", "bf16": "mixed_bfloat16", "fp16": "mixed_float16"}


def set_keras_precision(precision: str) -> dict[str, Any]:
    """Set TF32 and the global policy for ``precision`` (before any model is built); returns
    what was set, for the run's record."""
    import keras
    import tensorflow as tf

    tf.config.experimental.enable_tensor_float_32_execution(precision == "tf32")
    keras.mixed_precision.set_global_policy(POLICIES[precision])
    return {"precision": precision, "policy": keras.mixed_precision.global_policy().name,
            "loss_scale_optimizer": precision == "fp16"}


def with_loss_scaling(optimizer: Any, variables: list[Any], precision: str) -> Any:
    """``optimizer`` wrapped in a LossScaleOptimizer for fp16, its loss-scale variables built
    for ``variables`` (so no variable is created in the first step); as it is otherwise."""
    import keras

    if precision != "fp16":
        return optimizer
    wrapped = keras.optimizers.LossScaleOptimizer(optimizer)
    wrapped.build(variables)  # the inner optimizer, already built, keeps its slots
    return wrapped
