"""Profiling any Python script: ``fwprof profile script.py`` and ``fwprof.step()``.

Data flow, child side: :mod:`~fwprof.script.bootstrap` starts the script under
:mod:`~fwprof.script.runner`, which installs post-import hooks (:mod:`~fwprof.script.import_hooks`)
that turn optimizer steps and Keras batches into step events (:mod:`~fwprof.script.torch_hooks`,
:mod:`~fwprof.script.keras_hooks`) through a :class:`~fwprof.script.recorder.ScriptRecorder`.
Parent side: :class:`~fwprof.script.session.ScriptSession` runs (or attaches to) each
:class:`~fwprof.script.spec.ScriptSpec`, samples its process tree and fills a ``SessionRecord``.

Nothing in this package imports a DL framework at module level; :mod:`fwprof.script.api` (the
public ``fwprof.step`` / ``fwprof.phase``) imports only the standard library.
"""
