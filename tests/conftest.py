"""Every test starts with an empty default graph and no default session."""

import pytest

import interflow as tf
from interflow.framework import session_stack


@pytest.fixture(autouse=True)
def fresh_default_graph():
    tf.reset_default_graph()
    yield
    while session_stack.get_default_session() is not None:
        session_stack.get_default_session().close() if isinstance(
            session_stack.get_default_session(), tf.InteractiveSession) else \
            session_stack.remove(session_stack.get_default_session())
    tf.reset_default_graph()
