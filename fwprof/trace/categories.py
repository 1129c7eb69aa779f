"""Shared operator categories, so PyTorch and TensorFlow operators line up side by side."""

from __future__ import annotations

import re

#: Categories in the order tables show them.
CATEGORIES: tuple[str, ...] = (
    "matmul/conv", "elementwise", "reduction", "optimizer", "data movement", "other",
)

# (category, pattern) checked in order on the operator's short name (``aten::`` and
# TensorFlow's ``Resource``/``_Fused`` prefixes kept). First match wins.
_RULES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (category, re.compile(pattern, re.IGNORECASE))
    for category, pattern in (
        ("optimizer", r"adam|sgd|momentum|rmsprop|adagrad|applygradient|_foreach_|optimizer|"
                      r"ResourceApply|AssignSubVariable|AssignAddVariable|zero_grad"),
        ("matmul/conv", r"matmul|\bmm\b|aten::mm$|addmm|bmm|baddbmm|linear|conv|einsum|"
                        r"dot|gemm|_FusedMatMul|BatchMatMul|mkldnn_convolution|Dense"),
        ("reduction", r"sum|mean|max_pool|maxpool|avg_pool|avgpool|reduce|\bmax\b|\bmin\b|"
                      r"argmax|argmin|norm|softmax|logsumexp|BiasAddGrad|nll_loss|cross_entropy|"
                      r"aten::max$|aten::min$|\bProd\b|All\b|Any\b"),
        ("data movement", r"copy|memcpy|transpose|permute|reshape|view|contiguous|cat|concat|"
                          r"stack|slice|gather|scatter|index|squeeze|expand|tile|pad|split|"
                          r"ReadVariableOp|AssignVariableOp|Identity|Const|to_copy|\bto\b|"
                          r"empty|zeros|ones|fill|clone|flatten|select|narrow|as_strided|"
                          r"_EagerConst|Cast|Shape|Pack|Unpack|Fill|ZerosLike|OnesLike"),
        ("elementwise", r"add|sub|mul|div|relu|gelu|sigmoid|tanh|exp|log|sqrt|rsqrt|pow|square|"
                        r"neg|abs|clamp|where|threshold|dropout|BiasAdd|ReluGrad|Maximum|"
                        r"Minimum|Greater|Less|Equal|Select|addcmul|addcdiv|lerp|Erf|"
                        r"Reciprocal|RealDiv|SquaredDifference|AddN|softplus|elu|silu|hardtanh"),
    )
)


def categorize(op_name: str) -> str:
    """The shared category of one operator name (``aten::addmm`` -> ``matmul/conv``)."""
    short = op_name.rsplit(":", 1)[-1] if ":" in op_name and "::" not in op_name else op_name
    for category, pattern in _RULES:
        if pattern.search(short):
            return category
    return "other"
