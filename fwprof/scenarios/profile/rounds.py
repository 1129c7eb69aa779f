"""One step per round of optimizers: a GAN's two optimizers make one step per iteration.

A script may step several optimizers per iteration (a GAN's discriminator and generator, a
model with one optimizer for sparse and one for dense weights). Rule: an optimizer's update is
a step when no optimizer has stepped yet, or when this optimizer already stepped since the
last step (a new round begins); an update by an optimizer not yet seen in the round joins the
round and is not a step. So one optimizer: every update is a step; two stepped once each per
iteration: one step per iteration, ending at the first one's update. An optimizer stepped k
times per round (WGAN's critic, k=5) makes k steps: mark such loops with ``fwprof.step()``.
"""

from __future__ import annotations

import threading


class OptimizerRounds:
    """Decides which optimizer updates end a step (see the module docstring)."""

    def __init__(self) -> None:
        self._round: set[int] = set()
        self._lock = threading.Lock()

    def is_step(self, optimizer: object) -> bool:
        """True when this update of ``optimizer`` starts a new round, i.e. is a step."""
        key = id(optimizer)
        with self._lock:
            if not self._round or key in self._round:
                self._round = {key}
                return True
            self._round.add(key)
            return False
