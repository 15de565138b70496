"""The notebook layer: draw graphs and trace runs (`%load_ext interflow` adds the magics).

    from interflow.notebook import draw, trace
    draw()                       # the default graph, as SVG in the notebook
    draw(loss, values=True)      # the subgraph loss needs, with the values of one run
    with trace() as t:           # count op executions run by run
        y.eval(); z.eval()
    OpStepper(loss).step()       # one run, op by op (TrainingStepper: step by step)

The core never imports this package. Importing it loads no IPython and no graphviz: the magics
module imports IPython, and Graphviz's dot runs only when a drawing is displayed.
"""

from interflow.notebook.drawing import Drawing, draw
from interflow.notebook.stepper import OpStepper, TrainingStepper
# `trace` the function shadows the submodule of the same name: import the module's other
# names with `from interflow.notebook.trace import ...`.
from interflow.notebook.trace import Trace, trace

__all__ = ["draw", "trace", "Drawing", "Trace", "OpStepper", "TrainingStepper"]
