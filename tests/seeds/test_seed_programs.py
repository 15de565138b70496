"""Every seed program runs unchanged with `import interflow as tf` and prints what TensorFlow
prints (expected/*.txt were recorded from tf.compat.v1 by record_tf_outputs.py).

basic_usage.txt was written by hand: TensorFlow without a GPU refuses its `/gpu:1` placement;
with one it prints this, and interflow records the device and computes on the CPU.
"""

import pathlib
import runpy

import pytest

HERE = pathlib.Path(__file__).parent
PROGRAMS = sorted((HERE / "programs").glob("*.py"))


@pytest.mark.parametrize("program", PROGRAMS, ids=[p.stem for p in PROGRAMS])
def test_program_prints_what_tensorflow_prints(program, capsys):
    expected = (HERE / "expected" / (program.stem + ".txt")).read_text()
    runpy.run_path(str(program), run_name="__main__")
    assert capsys.readouterr().out == expected
