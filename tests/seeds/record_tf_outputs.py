"""Records what TensorFlow's tf.compat.v1 prints for each seed program (the test oracle).

Run with a Python that has tensorflow installed:
    /path/to/tf-venv/bin/python tests/seeds/record_tf_outputs.py
Each program's first line `import interflow as tf` is replaced by TF1's compat import; the
pre-1.0 names the seeds use (tf.mul, tf.sub, ...) are aliased, since TF 2 dropped them.
Outputs go to tests/seeds/expected/<program>.txt.
"""

import os
import pathlib
import subprocess
import sys

HERE = pathlib.Path(__file__).parent
PREAMBLE = """import tensorflow.compat.v1 as tf
tf.disable_v2_behavior()
tf.mul, tf.sub, tf.neg = tf.multiply, tf.subtract, tf.negative
tf.initialize_all_variables = tf.global_variables_initializer
"""


def main(names):
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", PYTHONWARNINGS="ignore")
    for path in sorted((HERE / "programs").glob("*.py")):
        if names and path.stem not in names:
            continue
        source = path.read_text().replace("import interflow as tf\n", PREAMBLE, 1)
        done = subprocess.run([sys.executable, "-c", source], capture_output=True, text=True,
                              env=env, cwd="/tmp")
        if done.returncode != 0:
            print("FAILED under TensorFlow:", path.name, done.stderr[-2000:])
            continue
        (HERE / "expected" / (path.stem + ".txt")).write_text(done.stdout)
        print("recorded", path.stem)


if __name__ == "__main__":
    main(sys.argv[1:])
