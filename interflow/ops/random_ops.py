"""Random ops: random_uniform, random_normal, truncated_normal, random_shuffle, with TF seed rules."""

__all__ = []
