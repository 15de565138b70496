"""The per-thread default-session stack, kept in framework/ so Tensor.eval needs no import of execution/."""

import contextlib
import threading

_local = threading.local()


def _stack():
    try:
        return _local.stack
    except AttributeError:
        _local.stack = []
        return _local.stack


def get_default_session():
    """The innermost session made default in this thread (by `with sess:`,
    `sess.as_default()` or InteractiveSession), or None."""
    stack = _stack()
    return stack[-1] if stack else None


@contextlib.contextmanager
def default_session(session):
    stack = _stack()
    stack.append(session)
    try:
        yield session
    finally:
        # Remove this entry even if an inner entry was left behind (a forgotten close()).
        for i in range(len(stack) - 1, -1, -1):
            if stack[i] is session:
                del stack[i]
                break


def push(session):
    _stack().append(session)


def remove(session):
    stack = _stack()
    for i in range(len(stack) - 1, -1, -1):
        if stack[i] is session:
            del stack[i]
            return


def run_with_default_session(fetches, feed_dict, graph, session, what):
    """Runs `fetches` for Tensor.eval / Operation.run, with TF's errors when no session fits."""
    if session is None:
        session = get_default_session()
        if session is None:
            if what == "tensor":
                raise ValueError("Cannot evaluate tensor using `eval()`: No default session is "
                                 "registered. Use `with sess.as_default()` or pass an explicit "
                                 "session to `eval(session=sess)`")
            raise ValueError("Cannot execute operation using `run()`: No default session is "
                             "registered. Use `with sess.as_default():` or pass an explicit "
                             "session to `run(session=sess)`")
        if session.graph is not graph:
            if what == "tensor":
                raise ValueError("Cannot use the default session to evaluate tensor: the "
                                 "tensor's graph is different from the session's graph. Pass an "
                                 "explicit session to `eval(session=sess)`.")
            raise ValueError("Cannot use the default session to execute operation: the "
                             "operation's graph is different from the session's graph. Pass an "
                             "explicit session to run(session=sess).")
    elif session.graph is not graph:
        raise ValueError("Cannot use the given session to %s: the %s's graph is different from "
                         "the session's graph." % ("evaluate tensor" if what == "tensor"
                                                   else "execute operation", what))
    return session.run(fetches, feed_dict)
