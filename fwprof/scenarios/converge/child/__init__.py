"""The child side of a convergence run: the training loop and one trainer per framework."""
