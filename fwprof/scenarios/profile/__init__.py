"""Profiling any Python script: ``fwprof profile script.py`` and ``fwprof.step()``.

Data flow, child side: :mod:`~fwprof.scenarios.profile.bootstrap` starts the script under
:mod:`~fwprof.scenarios.profile.runner`, which installs post-import hooks
(:mod:`~fwprof.scenarios.profile.import_hooks`)
that turn optimizer steps and Keras batches into step events
(:mod:`~fwprof.scenarios.profile.torch_hooks`,
:mod:`~fwprof.scenarios.profile.keras_hooks`) through a
:class:`~fwprof.scenarios.profile.recorder.ScriptRecorder`.
Parent side: :class:`~fwprof.scenarios.profile.session.ScriptSession` runs (or attaches to) each
:class:`~fwprof.specs.script.ScriptSpec`, samples its process tree and fills a ``SessionRecord``.

Nothing in this package imports a DL framework at module level; :mod:`fwprof.scenarios.profile.api` (the
public ``fwprof.step`` / ``fwprof.phase``) imports only the standard library.
"""
