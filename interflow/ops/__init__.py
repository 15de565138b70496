"""One module per op family; each op declared once with its kernel, shape and gradient."""
