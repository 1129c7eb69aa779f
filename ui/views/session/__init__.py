"""Views every session has: the run queue, the environment, the offer to recover a session."""
