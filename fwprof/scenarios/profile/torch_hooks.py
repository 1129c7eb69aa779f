"""PyTorch: every ``optimizer.step()`` of any ``torch.optim.Optimizer`` is one step.

Installed after the script imports torch, through the global
``torch.optim.optimizer.register_optimizer_step_post_hook``. A script that steps two
optimizers per iteration (a GAN) counts two steps per iteration: call ``fwprof.step()`` there.
"""

from __future__ import annotations

from types import ModuleType
from typing import Any

from fwprof.scenarios.profile.recorder import ScriptRecorder

SOURCE = "torch"


def install_torch_hooks(torch: ModuleType, recorder: ScriptRecorder) -> None:
    """Register the global optimizer step post-hook."""
    from torch.optim.optimizer import register_optimizer_step_post_hook

    def after_step(optimizer: Any, args: Any, kwargs: Any) -> None:
        recorder.step(SOURCE)

    register_optimizer_step_post_hook(after_step)
