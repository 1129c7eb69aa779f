"""Keras 3: batches of ``fit`` / ``evaluate`` / ``predict`` and optimizer updates are steps.

Loops: ``keras.callbacks.CallbackList`` (which every Keras loop drives, whatever the backend,
however the step is compiled) gets wrapped ``on_*_batch_begin`` / ``on_*_batch_end`` /
``on_*_begin`` / ``on_*_end`` methods. The wrappers run in the loop's own thread when the loop
calls the list, before any callback (so Keras' asynchronous callback dispatch and the user's
callbacks are unchanged). ``on_train_batch_end(end_step)`` after
``on_train_batch_begin(begin_step)`` is ``end_step - begin_step + 1`` steps, which keeps
``steps_per_execution > 1`` exact; Keras reports a last, partial execution as a full one, so
``end_step`` is capped at the loop's number of batches where Keras tells it (``params["steps"]``,
or the cached validation iterator inside ``fit``). Each loop is a phase: ``fit``, ``evaluate``
(also the validation inside ``fit``) and ``predict``; batches of all three are steps of their
kind: ``fit``'s training batches are ``train`` steps, its validation batches and ``evaluate``'s
are ``eval`` steps, ``predict``'s are ``predict`` steps.

Custom loops: ``keras.optimizers.Optimizer.apply`` (which ``apply_gradients`` calls) is wrapped.
Outside a Keras loop, one outermost ``apply`` is one training step (several optimizers applied
once per iteration, e.g. a GAN's, make one step per iteration:
:mod:`~fwprof.scenarios.profile.rounds`):

- run eagerly (any backend): the step is recorded when ``apply`` returns;
- traced by ``tf.function``: Python runs only while tracing, so the wrapper adds a
  ``tf.py_function`` to the graph, fed by ``optimizer.iterations`` (read after its increment),
  which records the step every time the graph executes that update (also inside
  ``tf.while_loop`` bodies and ``tf.cond`` branches);
- traced for XLA (``jit_compile=True``), where a Python call cannot be compiled: the
  optimizer's ``iterations`` variable is read on every flush (4 times a second) and its
  increase recorded, so counts are exact and step end times approximate.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from types import ModuleType
from typing import Any

from fwprof.scenarios.profile.recorder import ScriptRecorder
from fwprof.scenarios.profile.rounds import OptimizerRounds

SOURCE_LOOP = "keras"
SOURCE_APPLY = "keras-apply"
#: (CallbackList method stem, phase name)
LOOPS: tuple[tuple[str, str], ...] = (("train", "fit"), ("test", "evaluate"), ("predict", "predict"))
#: The kind of step (:data:`fwprof.protocol.STEP_KINDS`) of each loop's batches.
STEP_KIND = {"train": "train", "test": "eval", "predict": "predict"}


class _LoopDepth:
    """How many Keras loops are running (validation nests ``evaluate`` inside ``fit``)."""

    def __init__(self) -> None:
        self.stems: list[str] = []
        self.begin_step: dict[str, int] = {}

    @property
    def depth(self) -> int:
        return len(self.stems)


def install_keras_hooks(keras: ModuleType, recorder: ScriptRecorder) -> None:
    """Wrap ``CallbackList`` and ``Optimizer.apply`` (class attributes, once per process)."""
    from keras.callbacks import CallbackList
    from keras.optimizers import Optimizer

    loops = _LoopDepth()
    for stem, phase in LOOPS:
        _wrap_loop(CallbackList, stem, phase, recorder, loops)
        _wrap_batches(CallbackList, stem, recorder, loops)
    counter = _ApplyCounter(recorder, loops, str(keras.backend.backend()))
    _wrap_apply(Optimizer, counter)


def _wrap_loop(cls: type, stem: str, phase: str, recorder: ScriptRecorder,
               loops: _LoopDepth) -> None:
    begin, end = getattr(cls, f"on_{stem}_begin"), getattr(cls, f"on_{stem}_end")

    @functools.wraps(begin)
    def on_begin(self: Any, *args: Any, **kwargs: Any) -> Any:
        loops.stems.append(stem)
        recorder.phase_start(phase)
        return begin(self, *args, **kwargs)

    @functools.wraps(end)
    def on_end(self: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return end(self, *args, **kwargs)
        finally:
            if stem in loops.stems:
                del loops.stems[len(loops.stems) - 1 - loops.stems[::-1].index(stem)]
            recorder.phase_end(phase)

    setattr(cls, f"on_{stem}_begin", on_begin)
    setattr(cls, f"on_{stem}_end", on_end)


def _wrap_batches(cls: type, stem: str, recorder: ScriptRecorder, loops: _LoopDepth) -> None:
    begin, end = getattr(cls, f"on_{stem}_batch_begin"), getattr(cls, f"on_{stem}_batch_end")

    @functools.wraps(begin)
    def on_batch_begin(self: Any, batch: int, *args: Any, **kwargs: Any) -> Any:
        loops.begin_step[stem] = int(batch)
        return begin(self, batch, *args, **kwargs)

    @functools.wraps(end)
    def on_batch_end(self: Any, batch: int, *args: Any, **kwargs: Any) -> Any:
        first, last = loops.begin_step.pop(stem, int(batch)), int(batch)
        batches = _loop_batches(self, stem, loops)
        if batches:
            last = min(last, batches - 1)
        recorder.step(SOURCE_LOOP, max(last - first + 1, 1), kind=STEP_KIND[stem])
        return end(self, batch, *args, **kwargs)

    setattr(cls, f"on_{stem}_batch_begin", on_batch_begin)
    setattr(cls, f"on_{stem}_batch_end", on_batch_end)


def _loop_batches(callbacks: Any, stem: str, loops: _LoopDepth) -> int | None:
    """Batches in the running loop's epoch, where Keras tells it."""
    if stem == "test" and "train" in loops.stems:  # validation inside fit
        iterator = getattr(getattr(callbacks, "model", None), "_eval_epoch_iterator", None)
        steps = getattr(iterator, "num_batches", None)
    else:
        steps = (getattr(callbacks, "params", None) or {}).get("steps")
    return steps if isinstance(steps, int) and steps > 0 else None


def _wrap_apply(cls: type, counter: _ApplyCounter) -> None:
    original: Callable[..., Any] = cls.apply  # type: ignore[attr-defined]
    nesting = threading.local()

    @functools.wraps(original)
    def apply(self: Any, *args: Any, **kwargs: Any) -> Any:
        if getattr(nesting, "inside", False):  # e.g. LossScaleOptimizer -> inner optimizer
            return original(self, *args, **kwargs)
        nesting.inside = True
        try:
            result = original(self, *args, **kwargs)
        finally:
            nesting.inside = False
        counter.applied(self)
        return result

    cls.apply = apply  # type: ignore[attr-defined]


class _ApplyCounter:
    """Turns one outermost ``Optimizer.apply`` outside a Keras loop into one step."""

    def __init__(self, recorder: ScriptRecorder, loops: _LoopDepth, backend: str) -> None:
        self._recorder = recorder
        self._loops = loops
        self._backend = backend
        self._polled: dict[int, list[Any]] = {}  # id(optimizer) -> [iterations variable, last]
        self._rounds = OptimizerRounds()

    def applied(self, optimizer: Any) -> None:
        if self._loops.depth or id(optimizer) in self._polled:
            return
        if self._backend != "tensorflow":
            self._step(optimizer)
            return
        import tensorflow as tf

        if tf.executing_eagerly():
            self._step(optimizer)
        elif _in_xla_context():
            self._poll_iterations(optimizer)
        else:
            tf.py_function(self._graph_step(optimizer), [optimizer.iterations], [])

    def _step(self, optimizer: Any) -> None:
        if self._rounds.is_step(optimizer):
            self._recorder.step(SOURCE_APPLY)

    def _graph_step(self, optimizer: Any) -> Callable[[Any], list[Any]]:
        key = id(optimizer)

        def on_step(iterations: Any) -> list[Any]:
            if not self._loops.depth and key not in self._polled:
                self._step(optimizer)
            return []

        return on_step

    def _poll_iterations(self, optimizer: Any) -> None:
        import tensorflow as tf

        with tf.init_scope():
            start = int(optimizer.iterations.numpy())
        first = not self._polled
        self._polled[id(optimizer)] = [optimizer.iterations, start]
        self._recorder.note(f"fwprof: {type(optimizer).__name__} runs in an XLA-compiled "
                            "function; its steps are read from optimizer.iterations")
        if first:
            self._recorder.add_poller(self.poll)

    def poll(self) -> None:
        """Record the increase of every polled optimizer's ``iterations``."""
        for entry in list(self._polled.values()):
            value = int(entry[0].numpy())
            if value > entry[1]:
                count, entry[1] = value - entry[1], value
                if not self._loops.depth:
                    self._recorder.step(SOURCE_APPLY, count)


def _in_xla_context() -> bool:
    """Whether the graph being traced will be compiled by XLA (``jit_compile=True``)."""
    try:
        from tensorflow.python.framework import ops
        from tensorflow.python.ops import control_flow_util
    except ImportError:  # pragma: no cover - a TensorFlow without these private modules
        return False
    return bool(control_flow_util.GraphOrParentsInXlaContext(ops.get_default_graph()))
