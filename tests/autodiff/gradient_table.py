"""The gradient table: one row per differentiable op, checked by finite differences.

Rows live in one list per op family (cases_*.py) so each family's rows sit together; this
module joins them. A row builds its op from float64 placeholders fed with random values.
"""

import dataclasses
from typing import Callable, Sequence, Tuple


@dataclasses.dataclass
class Case:
    """One row: `build(*placeholders)` returns the tensor to differentiate.

    `shapes` gives each input's shape; inputs are drawn uniformly from `low`..`high` (keep
    away from kinks such as relu's 0 or abs's 0 with `avoid`, the smallest |x| allowed).
    """
    id: str
    build: Callable
    shapes: Sequence[Tuple[int, ...]]
    low: float = -2.0
    high: float = 2.0
    avoid: float = 0.0
    distinct: bool = False  # keep inputs apart (max/min ties, sorting)


def all_cases():
    from tests.autodiff import cases_array, cases_math, cases_nn
    return cases_math.CASES + cases_array.CASES + cases_nn.CASES
