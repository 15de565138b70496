"""The text of the teaching notebooks, one module per notebook (see tools/make_notebooks.py)."""
