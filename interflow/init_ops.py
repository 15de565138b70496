"""Initializers for get_variable: constant, zeros, ones, random normal/uniform, truncated normal, glorot."""

__all__ = []
