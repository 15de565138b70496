"""Building: the graph data model (no NumPy compute happens here)."""
