"""The magics of `%load_ext interflow`, run through IPython's InteractiveShell: %graph, %%graph,
%%trace, %reset_graph, Graph display, and one-line failures that change nothing."""

import shutil

import pytest

IPython = pytest.importorskip("IPython")
from IPython.core.interactiveshell import InteractiveShell  # noqa: E402
from IPython.utils.capture import capture_output  # noqa: E402

import interflow as tf  # noqa: E402
from interflow.framework import session_stack  # noqa: E402
from interflow.notebook import Drawing, Trace  # noqa: E402
from tests.notebook.dot_text import Dot  # noqa: E402

needs_dot = pytest.mark.skipif(shutil.which("dot") is None,
                               reason="Graphviz's dot is not installed (apt-get install graphviz)")

LIFECYCLE = "import interflow as tf\nw = tf.constant(3, name='w')\nx = w + 2\ny = x + 5\nz = x * 3"


@pytest.fixture
def ip():
    shell = InteractiveShell.instance()
    shell.reset(new_session=False)
    result = shell.run_cell("%load_ext interflow")
    if not result.success or "graph" not in shell.magics_manager.magics["line"]:
        import interflow
        interflow.load_ipython_extension(shell)   # already loaded by an earlier test
    yield shell
    shell.reset(new_session=False)


class Cell:
    """What running one cell did: its result, stdout, stderr and displayed bundles."""

    def __init__(self, shell, source):
        with capture_output() as cap:
            self.result = shell.run_cell(source)
        self.value = self.result.result
        self.stdout = cap.stdout
        self.stderr = cap.stderr
        self.outputs = [o.data for o in cap.outputs]


def run(shell, source):
    return Cell(shell, source)


def assert_one_line_failure(cell, prefix):
    """The magic printed exactly one line, no traceback, and the cell did not fail."""
    assert cell.result.success, cell.result.error_in_exec
    lines = cell.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(prefix), cell.stderr
    assert "Traceback" not in cell.stdout + cell.stderr
    assert cell.value is None
    return lines[0]


# ----------------------------------------------------------------------------- loading, display

def test_load_ext_registers_the_magics(ip):
    magics = ip.magics_manager.magics
    assert {"graph", "reset_graph"} <= set(magics["line"])
    assert {"graph", "trace"} <= set(magics["cell"])


@needs_dot
def test_evaluating_a_graph_draws_it_and_tensors_keep_their_text(ip):
    run(ip, LIFECYCLE)
    data, _ = ip.display_formatter.format(tf.get_default_graph())
    assert set(data) == {"image/svg+xml", "text/plain"}
    assert data["image/svg+xml"].startswith("<svg")
    y = ip.user_ns["y"]
    data, _ = ip.display_formatter.format(y)
    assert data == {"text/plain": "<tf.Tensor 'add_1:0' shape=() dtype=int32>"}
    data, _ = ip.display_formatter.format(y.op)
    assert data == {"text/plain": "<tf.Operation 'add_1' type=Add>"}


def test_without_dot_loading_and_drawing_still_work(ip, monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    run(ip, LIFECYCLE)
    cell = run(ip, "%graph y")
    assert cell.result.success and cell.stderr == ""
    bundle = cell.value._repr_mimebundle_()
    assert list(bundle) == ["text/plain"]
    assert bundle["text/plain"].startswith("Graphviz's dot program was not found")
    data, _ = ip.display_formatter.format(tf.get_default_graph())
    assert list(data) == ["text/plain"] and "digraph interflow" in data["text/plain"]


# ----------------------------------------------------------------------------- %graph

def test_graph_draws_the_default_graph(ip):
    run(ip, LIFECYCLE)
    cell = run(ip, "%graph")
    assert isinstance(cell.value, Drawing) and cell.stderr == ""
    d = Dot(cell.value.dot)
    assert len(d.ops()) == 7
    assert d.label("add") == "add x | Add"       # Python names beside op names


def test_python_names_of_an_old_graph_are_not_shown(ip):
    run(ip, LIFECYCLE)
    run(ip, "%reset_graph")
    run(ip, "q = tf.constant(1.0, name='q')\nr = q + 1.0")
    d = Dot(run(ip, "%graph").value.dot)
    assert d.label("add") == "add r | Add"     # x named the old graph's 'add'


def test_graph_of_fetches_draws_what_they_need(ip):
    run(ip, LIFECYCLE)
    assert sorted(Dot(run(ip, "%graph y").value.dot).ops()) == \
        ["add", "add/y", "add_1", "add_1/y", "w"]
    assert len(Dot(run(ip, "%graph y z").value.dot).ops()) == 7
    assert sorted(Dot(run(ip, "%graph add").value.dot).ops()) == ["add", "add/y", "w"]
    assert sorted(Dot(run(ip, "%graph mul:0").value.dot).ops()) == \
        ["add", "add/y", "mul", "mul/y", "w"]
    run(ip, "pair = [y, z]\nclass M: pass\nm = M()\nm.out = z")
    assert len(Dot(run(ip, "%graph pair").value.dot).ops()) == 7
    assert len(Dot(run(ip, "%graph m.out").value.dot).ops()) == 5


def test_graph_depth_and_expand(ip):
    run(ip, "import interflow as tf\nfrom tests.notebook import graphs\ng = graphs.training()")
    assert "scope:gradients" in run(ip, "%graph").value.dot
    opened = Dot(run(ip, "%graph --expand gradients").value.dot)
    assert "gradients/w_grad" in opened.nodes
    zero = Dot(run(ip, "%graph --depth 0").value.dot)
    assert {"scope:model", "scope:GradientDescent", "scope:gradients"} <= set(zero.nodes)
    both = Dot(run(ip, "%graph --depth 0 --expand model,gradients").value.dot)
    assert "model/MatMul" in both.nodes and "gradients/w_grad" in both.nodes
    assert "scope:GradientDescent" in both.nodes


def test_graph_values_writes_values_on_the_nodes(ip):
    run(ip, LIFECYCLE + "\nsess = tf.InteractiveSession()")
    cell = run(ip, "%graph y z --values")
    assert cell.stderr == ""
    d = Dot(cell.value.dot)
    assert d.label("add") == "add x | Add | 5" and d.label("mul") == "mul z | Mul | 15"


def test_graph_values_with_feeds(ip):
    run(ip, "import interflow as tf\np = tf.placeholder(tf.float32, [None, 2], name='p')\n"
            "pp = p * 2.0\nsess = tf.InteractiveSession()\ndata = [[1, 2]]")
    for option in ("--feed_dict {p: [[1, 2]]}", "--feed_dict '{p: data}'",
                   "--feed-dict={p: data}"):
        cell = run(ip, "%graph pp --values " + option)
        assert cell.stderr == "", option
        d = Dot(cell.value.dot)
        assert d.label("mul") == "mul pp | Mul | [[2. 4.]]", option
        assert d.label("p") == "p | Placeholder | [[1. 2.]] | fed", option


def test_graph_values_marks_missing_feeds_and_runs_nothing(ip):
    run(ip, "import interflow as tf\np = tf.placeholder(tf.float32, [None, 2], name='p')\n"
            "pp = p * 2.0\nsess = tf.InteractiveSession()\n"
            "from interflow.notebook import trace\ntracer = trace().__enter__()")
    n_ops = len(tf.get_default_graph().get_operations())
    cell = run(ip, "%graph pp --values")
    assert cell.stderr.strip() == ("%graph: Not run: pp needs a value for placeholder p "
                                   "(float32, shape ?×2); feed it, e.g. feed_dict={p: ...}")
    assert "needs a feed" in Dot(cell.value.dot).label("p")
    run(ip, "tracer.__exit__(None, None, None)")
    assert ip.user_ns["tracer"].runs == []
    assert len(tf.get_default_graph().get_operations()) == n_ops


@pytest.mark.parametrize("line, message", [
    ("%graph nope", "%graph: unknown tensor or op 'nope': no such Python name in this notebook, "
                    "nor an op of the default graph"),
    ("%graph y --bogus", "%graph: unrecognized arguments: --bogus (usage: %graph [--depth N] "
                         "[--expand SCOPE] [--values] [--feed_dict EXPR] [fetch ...])"),
    ("%graph --depth many", "%graph: argument --depth: invalid int value: 'many'"),
    ("%graph --depth -1", "%graph: --depth must be 0 or more"),
    ("%graph --values", "%graph: --values runs the fetches: name them, e.g. %graph y --values"),
    ("%graph y --values", "%graph: --values runs the fetches in the default session, and there "
                          "is none: create one first, e.g. sess = tf.InteractiveSession()"),
    ("%graph number", "%graph: number is a int, not a tensor, an op or a Variable"),
    ("%graph 'unclosed", "%graph: cannot read the options (No closing quotation)"),
    ("%graph y --feed_dict", "%graph: argument --feed_dict/--feed-dict: expected one argument"),
    ("%graph y --feed_dict ''", "%graph: --feed_dict needs a dict, e.g. --feed_dict {x: data}"),
])
def test_graph_failures_print_one_line_and_change_nothing(ip, line, message):
    run(ip, LIFECYCLE + "\nnumber = 3")
    graph = tf.get_default_graph()
    n_ops = len(graph.get_operations())
    cell = run(ip, line)
    assert assert_one_line_failure(cell, "%graph: ").startswith(message)
    assert tf.get_default_graph() is graph and len(graph.get_operations()) == n_ops


def test_graph_run_failures_print_one_line_and_keep_the_session(ip):
    run(ip, "import interflow as tf\nv = tf.Variable(1.0, name='v')\nu = v * 2.0\n"
            "sess = tf.InteractiveSession()\nnot_a_dict = [1]")
    sess = ip.user_ns["sess"]
    cell = run(ip, "%graph u --values")
    lines = cell.stderr.strip().splitlines()
    assert lines == ["%graph: The run failed: Attempting to use uninitialized value v: "
                     "variable 'v' is not initialized. Run tf.global_variables_initializer() "
                     "(or v's initializer) in this session first."]
    assert "failed here" in Dot(cell.value.dot).label("v")
    for line, message in [("%graph u --values --feed_dict {undefined: 1}",
                           "%graph: cannot evaluate --feed_dict {undefined: 1}: name "
                           "'undefined' is not defined"),
                          ("%graph u --values --feed_dict not_a_dict",
                           "%graph: --feed_dict must be a dict such as {x: data}, not a list")]:
        assert assert_one_line_failure(run(ip, line), "%graph: ") == message
    assert session_stack.get_default_session() is sess and not sess._closed
    run(ip, "sess.run(tf.global_variables_initializer())")
    assert Dot(run(ip, "%graph u --values").value.dot).label("mul") == "mul u | Mul | 2.0"


def test_graph_refuses_tensors_of_an_old_graph(ip):
    run(ip, LIFECYCLE)
    run(ip, "tf.reset_default_graph()")
    line = assert_one_line_failure(run(ip, "%graph y"), "%graph: ")
    assert line == ("%graph: y belongs to an older graph than the default graph (made before a "
                    "reset?): re-run the cell that builds it")


def test_graph_says_when_re_run_cells_duplicated_ops(ip):
    run(ip, "import interflow as tf")
    build = "v = tf.Variable(1.0, name='v')\nu = v + 1.0"
    run(ip, build)
    assert run(ip, "%graph").stderr == ""
    run(ip, build)
    cell = run(ip, "%graph")
    assert cell.stderr.strip() == ("%graph: Re-running a cell added copies of its ops (v_1, "
                                   "add_1 beside v, add): run %reset_graph, or put "
                                   "tf.reset_default_graph() at the top of the cell.")
    assert isinstance(cell.value, Drawing)


# ----------------------------------------------------------------------------- %%graph

def test_cell_graph_draws_only_the_ops_the_cell_added(ip):
    run(ip, "import interflow as tf\nv = tf.Variable(1.0, name='v')")
    cell = run(ip, "%%graph\nq = tf.Variable(2.0, name='q')\nr = q * v\nr")
    assert cell.stderr == ""
    d = Dot(cell.value.dot)
    assert sorted(d.ops()) == ["mul", "q", "q/Assign", "q/initial_value", "q/read", "v/read"]
    assert d.nodes["v/read"]["style"] == "rounded,dotted"     # context: built before
    assert "v/Assign" not in d.nodes
    assert cell.result.success


def test_cell_graph_says_when_re_running_duplicated_ops(ip):
    run(ip, "import interflow as tf\nv = tf.Variable(1.0, name='v')")
    source = "%%graph\nq = tf.Variable(2.0, name='q')\nr = q * v"
    assert run(ip, source).stderr == ""
    cell = run(ip, source)
    assert cell.stderr.strip() == ("%%graph: Re-running this cell added copies of its ops (q_1, "
                                   "mul_1 beside q, mul): run %reset_graph, or put "
                                   "tf.reset_default_graph() at the top of the cell.")
    assert sorted(Dot(cell.value.dot).ops()) == \
        ["mul_1", "q_1", "q_1/Assign", "q_1/initial_value", "q_1/read", "v/read"]
    fixed = "%%graph\ntf.reset_default_graph()\nq = tf.Variable(2.0, name='q')"
    run(ip, fixed)
    cell = run(ip, fixed)
    assert cell.stderr == "" and sorted(Dot(cell.value.dot).ops()) == \
        ["q", "q/Assign", "q/initial_value", "q/read"]


def test_cell_graph_when_the_cell_adds_nothing_or_fails(ip):
    run(ip, "import interflow as tf")
    assert assert_one_line_failure(run(ip, "%%graph\nn = 1"), "%%graph: ") == \
        "%%graph: the cell added no ops to the default graph"
    cell = run(ip, "%%graph\na = tf.constant(1.0)\nraise RuntimeError('boom')")
    assert cell.value is None and "boom" in cell.stdout + cell.stderr
    assert isinstance(cell.result.error_in_exec, RuntimeError)     # the cell failed
    assert (cell.stdout + cell.stderr).count("Traceback") == 1       # shown once
    assert assert_one_line_failure(run(ip, "%%graph --values\nb = tf.constant(1)"),
                                   "%%graph: unrecognized arguments: --values")
    assert "b" not in ip.user_ns      # a bad option: the cell did not run


# ----------------------------------------------------------------------------- %%trace

def test_cell_trace_counts_the_lifecycle_example(ip):
    run(ip, LIFECYCLE)
    cell = run(ip, "%%trace\nwith tf.Session() as sess:\n    print(y.eval())\n"
                   "    print(z.eval())")
    t = cell.value
    assert isinstance(t, Trace)
    assert cell.stdout.startswith("10\n15\n")
    assert t.counts["w"] == 2 and t.counts["add"] == 2 and t.counts["mul"] == 1
    assert t.text().splitlines()[:2] == [
        "run 1: y.eval() computed w, x, y (+2 constants: add/y, add_1/y)",
        "run 2: z.eval() computed w, x, z (+2 constants: add/y, mul/y)"]
    cell = run(ip, "%%trace kept\nwith tf.Session() as sess:\n    sess.run([y, z])")
    kept = ip.user_ns["kept"]
    assert kept is cell.value and kept.counts["w"] == 1 and kept.counts["add"] == 1
    assert kept.text() == ("run 1: sess.run([y, z]) computed w, x, y, z (+3 constants: add/y, "
                           "add_1/y, mul/y)")


@needs_dot
def test_cell_trace_displays_the_counted_graph_and_the_table(ip):
    run(ip, LIFECYCLE)
    with capture_output() as cap:
        ip.run_cell("%%trace\nwith tf.Session():\n    y.eval()\n    z.eval()")
    bundles = [o.data for o in cap.outputs]
    assert [sorted(b) for b in bundles] == [["image/svg+xml", "text/plain"],
                                             ["text/html", "text/plain"]]
    assert "ran 2×" in bundles[0]["image/svg+xml"]
    assert "<code>y.eval()</code>" in bundles[1]["text/html"]


def test_cell_trace_keeps_tracing_a_failing_cell(ip):
    run(ip, "import interflow as tf\nv = tf.Variable(1.0, name='v')")
    cell = run(ip, "%%trace t\nsess = tf.Session()\nsess.run(v * 2.0)")
    assert isinstance(cell.result.error_in_exec, tf.errors.FailedPreconditionError)
    assert isinstance(cell.value, Trace)          # still shown, for what ran before
    assert ip.user_ns["t"].runs[0].error.startswith("Attempting to use uninitialized value v")
    assert assert_one_line_failure(run(ip, "%%trace not a name\npass"), "%%trace: ")


# ----------------------------------------------------------------------------- %reset_graph

def test_reset_graph_resets_and_closes_the_interactive_session(ip):
    run(ip, LIFECYCLE + "\nsess = tf.InteractiveSession()")
    old = tf.get_default_graph()
    cell = run(ip, "%reset_graph")
    assert cell.stdout.strip() == ("Reset the default graph (7 ops removed) and closed the "
                                   "default InteractiveSession. Python names still point at the "
                                   "old graph's tensors: re-run the cells that build the graph.")
    assert tf.get_default_graph() is not old and not tf.get_default_graph().get_operations()
    assert session_stack.get_default_session() is None and ip.user_ns["sess"]._closed
    assert run(ip, "%reset_graph").stdout.strip() == "Reset the default graph (0 ops removed)."


def test_reset_graph_inside_another_graph_says_why_and_changes_nothing(ip):
    run(ip, LIFECYCLE)
    default = tf.get_default_graph()
    cell = run(ip, "with tf.Graph().as_default():\n    get_ipython().run_line_magic("
                   "'reset_graph', '')")
    assert assert_one_line_failure(cell, "%reset_graph: ") == (
        "%reset_graph: Do not use tf.reset_default_graph() to clear nested graphs. If you need "
        "a cleared graph, exit the nesting and create a new graph.")
    assert tf.get_default_graph() is default and len(default.get_operations()) == 7
    assert assert_one_line_failure(run(ip, "%reset_graph now"), "%reset_graph: ") == \
        "%reset_graph: takes no arguments"
