"""The performance benchmark: synthetic survey exports at 1k / 100k / 1M, and what they cost."""
