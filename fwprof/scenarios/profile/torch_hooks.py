"""PyTorch: ``optimizer.step()`` of any ``torch.optim.Optimizer`` marks steps.

Installed after the script imports torch, through the global
``torch.optim.optimizer.register_optimizer_step_post_hook``. One optimizer: each update is one
step; several stepped once per iteration (a GAN) make one step per iteration
(:mod:`~fwprof.scenarios.profile.rounds`). Without any optimizer step, backward passes are the
steps (:mod:`~fwprof.scenarios.profile.backward_hooks`). On CUDA, each counted optimizer step
also records a CUDA event, read later for GPU step times
(:mod:`~fwprof.scenarios.profile.cuda_steps`).
"""

from __future__ import annotations

from types import ModuleType
from typing import Any

from fwprof.scenarios.profile.backward_hooks import install_backward_hook
from fwprof.scenarios.profile.cuda_steps import install_cuda_step_timing
from fwprof.scenarios.profile.recorder import ScriptRecorder
from fwprof.scenarios.profile.rounds import OptimizerRounds

SOURCE = "torch"


def install_torch_hooks(torch: ModuleType, recorder: ScriptRecorder) -> None:
    """Register the global optimizer step post-hook and the backward-pass fallback."""
    from torch.optim.optimizer import register_optimizer_step_post_hook

    rounds = OptimizerRounds()
    gpu_timing = install_cuda_step_timing(torch, recorder)  # CUDA runs: GPU step times

    def after_step(optimizer: Any, args: Any, kwargs: Any) -> None:
        if rounds.is_step(optimizer):
            recorder.step(SOURCE)
            gpu_timing.step(optimizer)

    register_optimizer_step_post_hook(after_step)
    install_backward_hook(torch, recorder)
