"""PyTorch loops without a ``torch.optim`` optimizer: each backward pass is a step.

Scripts that update parameters by hand (``p.data.add_(p.grad, alpha=-lr)``) step no optimizer,
so the optimizer hook sees nothing. ``torch.autograd.backward``, which ``Tensor.backward``
calls, is wrapped: every outermost backward pass is a step of the fallback source
:data:`~fwprof.scenarios.profile.recorder.BACKWARD`, which counts only while no other source
(an optimizer, Keras, ``fwprof.step()``) has recorded a step: decided per run, so a script with
an optimizer never counts both. Limits: gradient accumulation counts every backward pass (one
per micro-batch), and a loop with two backward passes per iteration counts two; mark such loops
with ``fwprof.step()``. ``torch.autograd.grad`` is not a backward pass here.
"""

from __future__ import annotations

import functools
import threading
from types import ModuleType
from typing import Any

from fwprof.scenarios.profile.recorder import BACKWARD, ScriptRecorder


def install_backward_hook(torch: ModuleType, recorder: ScriptRecorder) -> None:
    """Wrap ``torch.autograd.backward`` (once per process) to report each backward pass."""
    original = torch.autograd.backward
    nesting = threading.local()

    @functools.wraps(original)
    def backward(*args: Any, **kwargs: Any) -> Any:
        if getattr(nesting, "inside", False):  # a backward pass started inside a backward hook
            return original(*args, **kwargs)
        nesting.inside = True
        try:
            result = original(*args, **kwargs)
        finally:
            nesting.inside = False
        recorder.step(BACKWARD)
        return result

    torch.autograd.backward = backward
