"""BERT, GPT-2 and ViT in Keras 3, layer for layer the PyTorch ones.

Layer names are the torch module names with dots turned into underscores: ``blocks_0_norm1``,
``blocks_0_attention_qkv``, ``blocks_0_attention_proj``, ``blocks_0_mlp_in``, ``token_embedding``
and so on. Token inputs are int64 (batch, seq); images are channels-last (batch, H, W, 3).
``keras`` is imported inside functions only.
"""

from __future__ import annotations

from typing import Any

from fwprof.workloads.reference.conventions import BlockSpec, block_spec
from fwprof.workloads.reference.keras_layers import (
    added_table,
    class_token,
    gelu,
    normal,
    self_attention,
    tied_embedding,
)
from fwprof.workloads.reference.sizes import BertConfig, Gpt2Config, VitConfig


def build_keras_transformer(config: BertConfig | Gpt2Config | VitConfig) -> Any:
    """The transformer ``config`` describes, built, with the shared initial values."""
    if isinstance(config, BertConfig):
        return _bert(config)
    if isinstance(config, Gpt2Config):
        return _gpt2(config)
    return _vit(config)


def _bert(config: BertConfig) -> Any:
    import keras
    from keras import layers

    spec = block_spec(config)
    tokens = keras.Input((config.seq_len,), dtype="int64", name="tokens")
    x = layers.Embedding(
        config.vocab_size, config.hidden, embeddings_initializer=normal(spec.init_std), name="token_embedding"
    )(tokens)
    x = added_table(config.max_positions, config.hidden, True, spec.init_std, "position_embedding")(x)
    x = added_table(config.type_vocab_size, config.hidden, False, spec.init_std, "type_embedding")(x)
    x = _blocks(_layer_norm(spec, "embedding_norm")(x), spec, config.layers)
    pooled = _dense(config.hidden, spec.init_std, "pooler", activation="tanh")(x[:, 0])
    logits = _dense(config.num_classes, spec.init_std, "classifier")(pooled)
    return keras.Model(tokens, logits, name="bert")


def _gpt2(config: Gpt2Config) -> Any:
    import keras

    spec = block_spec(config)
    tokens = keras.Input((config.seq_len,), dtype="int64", name="tokens")
    table = tied_embedding(config.vocab_size, config.hidden, spec.init_std, "token_embedding")
    positions = added_table(config.max_positions, config.hidden, True, spec.init_std, "position_embedding")
    x = positions(table(tokens))
    x = _layer_norm(spec, "final_norm")(_blocks(x, spec, config.layers))
    return keras.Model(tokens, table(x, reverse=True), name="gpt2")


def _vit(config: VitConfig) -> Any:
    import keras
    from keras import layers

    spec = block_spec(config)
    images = keras.Input((config.image_size, config.image_size, 3), name="images")
    x = layers.Conv2D(
        config.hidden, config.patch_size, strides=config.patch_size,
        kernel_initializer=normal(spec.init_std), name="patch_embedding",
    )(images)
    x = layers.Reshape((config.num_patches, config.hidden), name="patches")(x)  # row-major, as torch
    x = class_token(config.hidden, spec.init_std, "class_token")(x)
    x = added_table(config.seq_len, config.hidden, True, spec.init_std, "position_embedding")(x)
    x = _layer_norm(spec, "final_norm")(_blocks(x, spec, config.layers))
    logits = _dense(config.num_classes, spec.init_std, "head")(x[:, 0])
    return keras.Model(images, logits, name="vit")


def _dense(units: int, std: float, name: str, activation: Any = None) -> Any:
    from keras import layers

    return layers.Dense(units, activation=activation, kernel_initializer=normal(std), name=name)


def _layer_norm(spec: BlockSpec, name: str) -> Any:
    from keras import layers

    return layers.LayerNormalization(epsilon=spec.layer_norm_eps, name=name)


def _blocks(x: Any, spec: BlockSpec, layers: int) -> Any:
    for index in range(layers):
        x = _block(x, spec, f"blocks_{index}")
    return x


def _block(x: Any, spec: BlockSpec, name: str) -> Any:
    """Pre-norm: x + attn(LN1(x)), then + mlp(LN2(x)). Post-norm: LN1(x + attn(x)), LN2(x + mlp(x))."""
    from keras import layers

    norm1, norm2 = _layer_norm(spec, f"{name}_norm1"), _layer_norm(spec, f"{name}_norm2")
    if spec.pre_norm:
        x = layers.Add(name=f"{name}_add1")([x, _attention(norm1(x), spec, name)])
        return layers.Add(name=f"{name}_add2")([x, _mlp(norm2(x), spec, name)])
    x = norm1(layers.Add(name=f"{name}_add1")([x, _attention(x, spec, name)]))
    return norm2(layers.Add(name=f"{name}_add2")([x, _mlp(x, spec, name)]))


def _attention(x: Any, spec: BlockSpec, name: str) -> Any:
    qkv = _dense(3 * spec.hidden, spec.init_std, f"{name}_attention_qkv")(x)
    context = self_attention(spec.heads, spec.causal, f"{name}_attention")(qkv)
    return _dense(spec.hidden, spec.residual_init_std, f"{name}_attention_proj")(context)


def _mlp(x: Any, spec: BlockSpec, name: str) -> Any:
    hidden = _dense(spec.intermediate, spec.init_std, f"{name}_mlp_in", gelu(spec.approximate_gelu))(x)
    return _dense(spec.hidden, spec.residual_init_std, f"{name}_mlp_out")(hidden)
