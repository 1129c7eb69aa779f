"""Keras 3 layers the reference transformers need beyond Keras' own, and their initialisers.

Each learned table is one variable named ``embeddings``, like ``keras.layers.Embedding``'s, so
the weight mapping treats all tables alike. ``keras`` is imported inside functions only; Keras
objects are typed ``Any``.
"""

from __future__ import annotations

import functools
from typing import Any


def normal(std: float) -> Any:
    """A fresh N(0, std) initialiser (untruncated, as torch's ``normal_``)."""
    import keras

    return keras.initializers.RandomNormal(mean=0.0, stddev=std)


def gelu(approximate: bool) -> Any:
    """The exact (erf) GELU, or GPT-2's tanh approximation, as a Keras activation."""
    import keras

    return functools.partial(keras.activations.gelu, approximate=approximate)


def self_attention(heads: int, causal: bool, name: str) -> Any:
    """A weightless layer: (batch, seq, 3 * hidden) fused q/k/v -> (batch, seq, hidden) context."""
    return _self_attention_class()(heads, causal, name=name)


def added_table(rows: int, hidden: int, per_position: bool, std: float, name: str) -> Any:
    """A learned (rows, hidden) table added to (batch, seq, hidden) inputs: row ``i`` at position
    ``i`` when ``per_position``, else row 0 everywhere (BERT's token type 0)."""
    return _added_table_class()(rows, hidden, per_position, std, name=name)


def class_token(hidden: int, std: float, name: str) -> Any:
    """A learned (1, hidden) token put in front of every sequence."""
    return _class_token_class()(hidden, std, name=name)


def tied_embedding(vocab_size: int, hidden: int, std: float, name: str) -> Any:
    """An Embedding whose ``reverse=True`` call maps features to vocabulary logits (x @ table^T)."""
    return _tied_embedding_class()(vocab_size, hidden, embeddings_initializer=normal(std), name=name)


@functools.cache
def _self_attention_class() -> type:
    import keras
    from keras import ops

    class SelfAttention(keras.layers.Layer):  # type: ignore[misc]
        def __init__(self, heads: int, causal: bool, **kwargs: Any) -> None:
            super().__init__(**kwargs)
            self.heads, self.causal = heads, causal

        def call(self, qkv: Any) -> Any:
            seq, hidden = qkv.shape[1], qkv.shape[2] // 3
            shape = (-1, seq, self.heads, hidden // self.heads)
            query, key, value = (ops.reshape(part, shape) for part in ops.split(qkv, 3, axis=-1))
            context = ops.dot_product_attention(query, key, value, is_causal=self.causal)
            return ops.reshape(context, (-1, seq, hidden))

        def compute_output_shape(self, input_shape: tuple[Any, ...]) -> tuple[Any, ...]:
            return (*input_shape[:2], input_shape[2] // 3)

    return SelfAttention


@functools.cache
def _added_table_class() -> type:
    import keras

    class AddedTable(keras.layers.Layer):  # type: ignore[misc]
        def __init__(self, rows: int, hidden: int, per_position: bool, std: float, **kwargs: Any) -> None:
            super().__init__(**kwargs)
            self.per_position = per_position
            self.embeddings = self.add_weight(
                shape=(rows, hidden), initializer=normal(std), name="embeddings"
            )

        def call(self, inputs: Any) -> Any:
            if self.per_position:
                return inputs + self.embeddings[: inputs.shape[1]]
            return inputs + self.embeddings[0]

    return AddedTable


@functools.cache
def _class_token_class() -> type:
    import keras
    from keras import ops

    class ClassToken(keras.layers.Layer):  # type: ignore[misc]
        def __init__(self, hidden: int, std: float, **kwargs: Any) -> None:
            super().__init__(**kwargs)
            self.embeddings = self.add_weight(shape=(1, hidden), initializer=normal(std), name="embeddings")

        def call(self, inputs: Any) -> Any:
            token = ops.broadcast_to(self.embeddings[None], (ops.shape(inputs)[0], 1, inputs.shape[2]))
            return ops.concatenate([ops.cast(token, inputs.dtype), inputs], axis=1)

        def compute_output_shape(self, input_shape: tuple[Any, ...]) -> tuple[Any, ...]:
            seq = None if input_shape[1] is None else input_shape[1] + 1
            return (input_shape[0], seq, input_shape[2])

    return ClassToken


@functools.cache
def _tied_embedding_class() -> type:
    import keras
    from keras import ops

    class TiedEmbedding(keras.layers.Embedding):  # type: ignore[misc]
        def call(self, inputs: Any, reverse: bool = False) -> Any:
            if reverse:
                return ops.matmul(inputs, ops.transpose(ops.cast(self.embeddings, inputs.dtype)))
            return super().call(inputs)

        def compute_output_spec(self, inputs: Any, reverse: bool = False) -> Any:
            if reverse:
                return keras.KerasTensor((*inputs.shape[:-1], self.input_dim), dtype=inputs.dtype)
            return super().compute_output_spec(inputs)

    return TiedEmbedding
