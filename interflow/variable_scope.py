"""variable_scope and get_variable: variables shared by name, with reuse rules as TF1."""

__all__ = []
