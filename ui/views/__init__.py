"""What the window shows: one package per scenario, over the views every session shares.

Scenario packages (``results``, ``diff``, ``deploy``, ``converge``, ``profile``, ``code``,
``setup``) never import each other; they may use the shared ``timeline`` and ``session``.
"""
