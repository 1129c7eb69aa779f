"""Built-in workloads: the same four models in PyTorch and Keras, fed the same synthetic data.

``torch_models`` and ``keras_models`` import their framework inside functions only. The
constants below are the single source of sizes and training settings that both sides build from.
"""

from __future__ import annotations

NUM_CLASSES = 10

INPUT_FEATURES = 784  # mlp
MLP_HIDDEN = 256

IMAGE_SIZE = 32  # cnn: images are IMAGE_SIZE x IMAGE_SIZE x IMAGE_CHANNELS
IMAGE_CHANNELS = 3
CONV_FILTERS = (32, 64)
CNN_DENSE = 128

#: The 8x8x1 variants of ``mlp`` and ``cnn`` that train on scikit-learn's digits (``--task converge``):
#: the same layers, only the input is smaller.
DIGITS_WORKLOADS = ("mlp", "cnn")
DIGITS_SIZE = 8
DIGITS_CHANNELS = 1
DIGITS_FEATURES = DIGITS_SIZE * DIGITS_SIZE * DIGITS_CHANNELS

VOCAB_SIZE = 5000  # lstm and transformer
SEQ_LEN = 64
EMBED_DIM = 128
LSTM_UNITS = 128

NUM_HEADS = 4  # transformer
KEY_DIM = 32
FF_DIM = 256
NUM_BLOCKS = 2
LAYER_NORM_EPS = 1e-5

#: Keras' default embedding initialiser is uniform(-0.05, 0.05).
EMBEDDING_INIT_LIMIT = 0.05

#: Adam as Keras defines its defaults; torch is configured to match (its own eps default is 1e-8).
ADAM_LEARNING_RATE = 1e-3
ADAM_BETAS = (0.9, 0.999)
ADAM_EPSILON = 1e-7
