"""Every differentiable op's gradient matches central finite differences (float64), and every
registered op is either in the table or marked not differentiable."""

import zlib

import numpy as np
import pytest

import interflow as tf
from interflow.framework import op_registry
from interflow.testing import check_gradients
from tests.autodiff.gradient_table import all_cases

CASES = all_cases()


def _inputs(case, rng):
    values = []
    for shape in case.shapes:
        v = rng.uniform(case.low, case.high, size=shape)
        if case.avoid:
            v = np.where(np.abs(v) < case.avoid, np.sign(v + 1e-12) * case.avoid, v)
        if case.distinct and v.size > 1:
            v = (np.argsort(rng.permutation(v.size)).reshape(shape) * 0.37 + case.low)
        values.append(np.asarray(v, np.float64))
    return values


def _build(case):
    placeholders = [tf.placeholder(tf.float64, shape=s) for s in case.shapes]
    return placeholders, case.build(*placeholders)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_gradient_matches_finite_differences(case):
    rng = np.random.default_rng(zlib.crc32(case.id.encode()))  # the same inputs every run
    placeholders, y = _build(case)
    feeds = dict(zip(placeholders, _inputs(case, rng)))
    result = check_gradients(y, placeholders, feed_dict=feeds)
    assert result.ok, result


def _op_types_of(case):
    with tf.Graph().as_default() as g:
        _build(case)
        return {op.type for op in g.get_operations()}


def test_every_registered_op_is_in_the_table_or_not_differentiable():
    covered = set()
    for case in CASES:
        covered |= _op_types_of(case)
    missing = [t for t in op_registry.registered_op_types()
               if t not in covered and not (op_registry.has_gradient_entry(t)
                                            and op_registry._GRADIENTS[t] is None)]
    assert missing == [], "ops with neither a gradient-table row nor NotDifferentiable: %s" % (
        missing,)
