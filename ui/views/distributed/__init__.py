"""The distributed scenario's views: the Scaling tab."""
