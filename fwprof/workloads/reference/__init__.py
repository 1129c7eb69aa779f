"""Reference models people actually train, written once per framework with equal parameter counts.

ResNet-50, BERT-base (sequence classification), GPT-2 small (causal LM) and ViT-B/16, each at
three sizes (``tiny``, ``small``, ``full``; see ``sizes``). Modules:

- ``sizes``, ``counts``, ``conventions``, ``training``, ``data``: dimensions, parameter-count
  formulas, block wiring and initial values, loss and AdamW settings, synthetic batches. None
  imports a framework.
- ``torch_models`` (with ``torch_resnet``, ``torch_blocks``, ``torch_transformer``) and
  ``keras_models`` (with ``keras_resnet``, ``keras_layers``, ``keras_transformer``): each
  framework's models, loss, AdamW and settings read back; the framework is imported inside
  functions only.
- ``weights``: copy a Keras model's weights into its torch twin (Keras layer ``a_b`` holds torch
  module ``a.b``), which makes both frameworks start from the very same values.
"""

from __future__ import annotations

from fwprof.workloads.reference.counts import PUBLISHED_COUNTS, parameter_count
from fwprof.workloads.reference.data import make_reference_batch
from fwprof.workloads.reference.sizes import REFERENCE_MODELS, SIZES, model_config

__all__ = [
    "PUBLISHED_COUNTS",
    "REFERENCE_MODELS",
    "SIZES",
    "make_reference_batch",
    "model_config",
    "parameter_count",
]
