"""Automatic differentiation as graph-to-graph transforms."""
