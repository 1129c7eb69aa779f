"""The convergence scenario (``--task converge``): accuracy against steps and seconds."""
