"""interflow: TensorFlow 1.x's graph-and-session model on NumPy. `import interflow as tf`.

This module only re-exports the public API (each op family's `__all__`) and hosts the IPython
extension hook; nothing here imports IPython, ipywidgets or graphviz.
"""

__version__ = "0.1.0"

from interflow.framework.dtypes import (DType, as_dtype, float16, half, float32, float64,
                                        double, int8, int16, int32, int64, uint8, uint16,
                                        uint32, uint64, complex64, complex128, string,
                                        float32_ref, float64_ref, int32_ref, int64_ref)
from interflow.framework.dtypes import bool_ as bool  # noqa: A001  (tf.bool, as TF names it)
from interflow.framework.shapes import Dimension, TensorShape
from interflow.framework.graph import (Graph, GraphKeys, get_default_graph,
                                       reset_default_graph)
from interflow.framework.operation import Operation, Tensor
from interflow.framework.op_registry import RegisterGradient, NotDifferentiable, NoGradient
from interflow.framework.session_stack import get_default_session
from interflow.framework.tensor_conversion import (constant, convert_to_tensor,
                                                   register_tensor_conversion_function)
from interflow.framework import errors
from interflow.framework.api import *  # noqa: F401,F403  graph-level functions (name_scope, ...)

from interflow.ops.array_ops import *  # noqa: F401,F403
from interflow.ops.math_ops import *  # noqa: F401,F403
from interflow.ops.control_flow_ops import *  # noqa: F401,F403
from interflow.ops.state_ops import *  # noqa: F401,F403
from interflow.ops.random_ops import *  # noqa: F401,F403
from interflow.variables import *  # noqa: F401,F403
from interflow.init_ops import *  # noqa: F401,F403
from interflow.variable_scope import *  # noqa: F401,F403
from interflow import nn  # noqa: E402
from interflow import losses  # noqa: E402
from interflow.autodiff.gradients import gradients
from interflow import train  # noqa: E402
from interflow import saving  # noqa: E402  (installs Graph.as_graph_def)
from interflow.saving import GraphDef, import_graph_def  # noqa: E402
from interflow import summary  # noqa: E402

from interflow.execution.session import (Session, InteractiveSession, ConfigProto, GPUOptions,
                                         GraphOptions, OptimizerOptions)
from interflow.execution.hooks import RunOptions, RunMetadata

from interflow import compat  # noqa: E402  tf.compat.v1 is this module itself


def load_ipython_extension(ipython):
    """`%load_ext interflow`: registers the notebook magics (imports IPython only now)."""
    from interflow.notebook import magics
    magics.load_ipython_extension(ipython)
