"""A step list compiled into one Python function: a line per step, kernels as closure cells,
no loop to interpret. The executor compiles a plan's unobserved steps once the plan has run
often enough to repay the compiling (a training loop); until then it loops over the steps.

Line numbers map back to steps, so a failing kernel is still reported with its op.
"""

__all__ = ["compile_steps", "failed_step", "COMPILE_AFTER_RUNS", "MAX_COMPILED_STEPS"]

# Compiling costs about 15 us per step; a step run from the compiled code saves about 0.1 us.
COMPILE_AFTER_RUNS = 50
MAX_COMPILED_STEPS = 2000

_FIRST_STEP_LINE = 3  # after "def make(...):" and "def run(s):"


def compile_steps(steps):
    """A function run(slots) doing what executor._run does for `steps` over `slots`."""
    names = ["k%d" % i for i in range(len(steps))]
    lines = ["def make(%s):" % ", ".join(names), "    def run(s):"]
    for name, (_, ins, out, free, _, multi) in zip(names, steps):
        call = "%s(%s)" % (name, ", ".join("s[%d]" % i for i in ins))
        if not multi:
            statement = "s[%d] = %s" % (out, call)
        elif out:
            statement = "%s, = %s" % (", ".join("s[%d]" % o for o in out), call)
        else:
            statement = call
        if free:
            statement += "; %s = None" % " = ".join("s[%d]" % f for f in free)
        lines.append("        " + statement)
    lines.append("        return")
    lines.append("    return run")
    namespace = {}
    exec(compile("\n".join(lines), "<interflow plan>", "exec"), namespace)
    return namespace["make"](*[step[0] for step in steps])


def failed_step(traceback, run):
    """The index of the step whose line in `run` raised, from the exception's traceback."""
    code = run.__code__
    while traceback is not None:
        if traceback.tb_frame.f_code is code:
            return traceback.tb_lineno - _FIRST_STEP_LINE
        traceback = traceback.tb_next
    return None
