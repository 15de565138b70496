"""tf.train.Optimizer and its subclasses: graph builders that add gradient and update ops."""

from interflow.autodiff.gradients import gradients
from interflow.framework.api import name_scope
from interflow.framework.graph import GraphKeys, get_default_graph
from interflow.framework.operation import Tensor
from interflow.framework.tensor_conversion import convert_to_tensor
from interflow.ops import array_ops, control_flow_ops, math_ops, state_ops, training_ops
from interflow.variables import Variable, trainable_variables

__all__ = ["Optimizer", "GradientDescentOptimizer", "MomentumOptimizer", "AdamOptimizer",
           "AdagradOptimizer", "RMSPropOptimizer"]


class Optimizer:
    """Base class: minimize() = compute_gradients() + apply_gradients().

    Subclasses create their slot variables in _create_slots and their update op per variable
    in _apply_dense; everything is built into the graph, nothing runs here.
    """

    GATE_NONE = 0
    GATE_OP = 1
    GATE_GRAPH = 2

    def __init__(self, use_locking, name):
        if not name:
            raise ValueError("Must specify the optimizer name")
        self._use_locking = use_locking
        self._name = name
        self._slots = {}            # slot name -> {variable: slot variable}
        self._non_slot_variables = {}

    def get_name(self):
        return self._name

    # ------------------------------------------------------------------ public API

    def minimize(self, loss, global_step=None, var_list=None, gate_gradients=GATE_OP,
                 aggregation_method=None, colocate_gradients_with_ops=False, name=None,
                 grad_loss=None):
        """Adds ops that update `var_list` (default: trainable variables) to lower `loss`.

        Returns the Operation that applies one step (and increments `global_step`).
        """
        grads_and_vars = self.compute_gradients(
            loss, var_list=var_list, gate_gradients=gate_gradients,
            aggregation_method=aggregation_method,
            colocate_gradients_with_ops=colocate_gradients_with_ops, grad_loss=grad_loss)
        vars_with_grad = [v for g, v in grads_and_vars if g is not None]
        if not vars_with_grad:
            raise ValueError(
                "No gradients provided for any variable, check your graph for ops that do not "
                "support gradients, between variables %s and loss %s."
                % ([str(v.name) for _, v in grads_and_vars], loss))
        return self.apply_gradients(grads_and_vars, global_step=global_step, name=name)

    def compute_gradients(self, loss, var_list=None, gate_gradients=GATE_OP,
                          aggregation_method=None, colocate_gradients_with_ops=False,
                          grad_loss=None):
        """[(gradient or None, variable)] for `var_list` (default: trainable variables)."""
        if callable(loss):
            raise NotImplementedError("interflow builds graphs: pass a loss tensor, not a "
                                      "callable.")
        if not isinstance(loss, Tensor):
            raise TypeError("loss must be a Tensor, got %r" % (loss,))
        if var_list is None:
            var_list = trainable_variables() + get_default_graph().get_collection(
                GraphKeys.TRAINABLE_RESOURCE_VARIABLES)
        else:
            var_list = list(var_list.values()) if isinstance(var_list, dict) else list(var_list)
        if not var_list:
            raise ValueError("No variables to optimize.")
        for v in var_list:
            if not isinstance(v, Variable):
                raise TypeError("Argument is not a tf.Variable: %r" % (v,))
        if not loss.dtype.base_dtype.is_floating:
            raise ValueError("Invalid type %s for %s, expected: float16, float32, float64."
                             % (loss.dtype.name, loss.name))
        grads = gradients(loss, var_list, grad_ys=None if grad_loss is None else [grad_loss],
                          gate_gradients=(gate_gradients == Optimizer.GATE_OP),
                          aggregation_method=aggregation_method,
                          colocate_gradients_with_ops=colocate_gradients_with_ops)
        return list(zip(grads, var_list))

    def apply_gradients(self, grads_and_vars, global_step=None, name=None):
        """Adds one update op per (gradient, variable) and returns the op that runs them all."""
        grads_and_vars = tuple(grads_and_vars)
        if not grads_and_vars:
            raise ValueError("No variables provided.")
        for g, v in grads_and_vars:
            if g is not None and not isinstance(g, Tensor):
                raise TypeError("Gradient must be convertible to a Tensor or IndexedSlices, or "
                                "None: %s" % (g,))
            if not isinstance(v, Variable):
                raise TypeError("Variable must be a tf.Variable: %s" % (v,))
        var_list = [v for g, v in grads_and_vars if g is not None]
        if not var_list:
            raise ValueError("No gradients provided for any variable: %s."
                             % ([str(v.name) for _, v in grads_and_vars],))
        graph = get_default_graph()
        with graph._clear_control_dependencies():
            self._create_slots(var_list)
        update_ops = []
        with name_scope(name, self._name) as scope:
            self._prepare()
            for grad, var in grads_and_vars:
                if grad is None:
                    continue
                with name_scope("update_" + var.op.name):
                    update_ops.append(self._apply_dense(grad, var))
            if global_step is None:
                apply_updates = self._finish(update_ops, scope)
            else:
                with graph.control_dependencies([self._finish(update_ops, "update")]):
                    apply_updates = state_ops.assign_add(global_step, 1, name=scope).op
            train_ops = graph.get_collection_ref(GraphKeys.TRAIN_OP)
            if apply_updates not in train_ops:
                train_ops.append(apply_updates)
        return apply_updates

    def get_slot_names(self):
        return sorted(self._slots)

    def get_slot(self, var, name):
        return self._slots.get(name, {}).get(var)

    def variables(self):
        """The optimizer's own variables: slots and non-slot variables (beta1_power, ...)."""
        result = [v for slots in self._slots.values() for v in slots.values()]
        return result + list(self._non_slot_variables.values())

    # ------------------------------------------------------------------ for subclasses

    def _create_slots(self, var_list):
        pass

    def _prepare(self):
        pass

    def _apply_dense(self, grad, var):
        raise NotImplementedError()

    def _finish(self, update_ops, name_scope_):
        return control_flow_ops.group(*update_ops, name=name_scope_)

    def _zeros_slot(self, var, slot_name, op_name):
        return self._slot(var, slot_name, op_name, lambda: array_ops.zeros(
            var.get_shape().as_list(), dtype=var.dtype.base_dtype))

    def _slot(self, var, slot_name, op_name, init):
        slots = self._slots.setdefault(slot_name, {})
        if var not in slots:
            with name_scope(None):
                slots[var] = Variable(init, name=var.op.name + "/" + op_name, trainable=False)
        return slots[var]

    def _non_slot(self, name, initial_value):
        if name not in self._non_slot_variables:
            with name_scope(None):
                self._non_slot_variables[name] = Variable(initial_value, name=name,
                                                          trainable=False)
        return self._non_slot_variables[name]

    def _tensor(self, value, name):
        if callable(value):
            value = value()
        return convert_to_tensor(value, name=name) if not isinstance(value, Tensor) else value

    def _cast(self, tensor, var):
        dtype = var.dtype.base_dtype
        return tensor if tensor.dtype.base_dtype is dtype else math_ops.cast(tensor, dtype)


class GradientDescentOptimizer(Optimizer):
    """var -= learning_rate * grad."""

    def __init__(self, learning_rate, use_locking=False, name="GradientDescent"):
        super().__init__(use_locking, name)
        self._learning_rate = learning_rate

    def _prepare(self):
        self._lr_t = self._tensor(self._learning_rate, "learning_rate")

    def _apply_dense(self, grad, var):
        return training_ops.apply_gradient_descent(
            var, self._cast(self._lr_t, var), grad, use_locking=self._use_locking).op


class MomentumOptimizer(Optimizer):
    """accum = momentum * accum + grad; var -= lr * accum (Nesterov: var -= lr * (grad +
    momentum * accum))."""

    def __init__(self, learning_rate, momentum, use_locking=False, name="Momentum",
                 use_nesterov=False):
        super().__init__(use_locking, name)
        self._learning_rate = learning_rate
        self._momentum = momentum
        self._use_nesterov = use_nesterov

    def _create_slots(self, var_list):
        for v in var_list:
            self._zeros_slot(v, "momentum", self._name)

    def _prepare(self):
        self._lr_t = self._tensor(self._learning_rate, "learning_rate")
        self._momentum_t = self._tensor(self._momentum, "momentum")

    def _apply_dense(self, grad, var):
        return training_ops.apply_momentum(
            var, self.get_slot(var, "momentum"), self._cast(self._lr_t, var), grad,
            self._cast(self._momentum_t, var), use_locking=self._use_locking,
            use_nesterov=self._use_nesterov).op


class AdamOptimizer(Optimizer):
    """Adam (Kingma & Ba), with TF's epsilon-hat form: lr_t = lr * sqrt(1 - beta2^t) /
    (1 - beta1^t); var -= lr_t * m / (sqrt(v) + epsilon)."""

    def __init__(self, learning_rate=0.001, beta1=0.9, beta2=0.999, epsilon=1e-8,
                 use_locking=False, name="Adam"):
        super().__init__(use_locking, name)
        self._lr, self._beta1, self._beta2, self._epsilon = learning_rate, beta1, beta2, epsilon

    def _create_slots(self, var_list):
        first = min(var_list, key=lambda v: v.name)
        with get_default_graph().colocate_with(first):
            self._non_slot("beta1_power", float(self._beta1)
                           if not isinstance(self._beta1, Tensor) else self._beta1)
            self._non_slot("beta2_power", float(self._beta2)
                           if not isinstance(self._beta2, Tensor) else self._beta2)
        for v in var_list:
            self._zeros_slot(v, "m", self._name)
            self._zeros_slot(v, "v", self._name + "_1")

    def _prepare(self):
        self._lr_t = self._tensor(self._lr, "learning_rate")
        self._beta1_t = self._tensor(self._beta1, "beta1")
        self._beta2_t = self._tensor(self._beta2, "beta2")
        self._epsilon_t = self._tensor(self._epsilon, "epsilon")

    def _apply_dense(self, grad, var):
        beta1_power = self._non_slot_variables["beta1_power"]
        beta2_power = self._non_slot_variables["beta2_power"]
        return training_ops.apply_adam(
            var, self.get_slot(var, "m"), self.get_slot(var, "v"),
            self._cast(beta1_power.value(), var), self._cast(beta2_power.value(), var),
            self._cast(self._lr_t, var), self._cast(self._beta1_t, var),
            self._cast(self._beta2_t, var), self._cast(self._epsilon_t, var), grad,
            use_locking=self._use_locking).op

    def _finish(self, update_ops, name_scope_):
        graph = get_default_graph()
        beta1_power = self._non_slot_variables["beta1_power"]
        beta2_power = self._non_slot_variables["beta2_power"]
        with graph.control_dependencies(update_ops):
            update_beta1 = beta1_power.assign(beta1_power * self._beta1_t,
                                              use_locking=self._use_locking)
            update_beta2 = beta2_power.assign(beta2_power * self._beta2_t,
                                              use_locking=self._use_locking)
        return control_flow_ops.group(*update_ops + [update_beta1, update_beta2],
                                      name=name_scope_)


class AdagradOptimizer(Optimizer):
    """accum += grad**2; var -= lr * grad / sqrt(accum)."""

    def __init__(self, learning_rate, initial_accumulator_value=0.1, use_locking=False,
                 name="Adagrad"):
        if initial_accumulator_value <= 0.0:
            raise ValueError("initial_accumulator_value must be positive: %s"
                             % initial_accumulator_value)
        super().__init__(use_locking, name)
        self._learning_rate = learning_rate
        self._initial_accumulator_value = initial_accumulator_value

    def _create_slots(self, var_list):
        for v in var_list:
            self._slot(v, "accumulator", self._name, lambda v=v: array_ops.fill(
                v.get_shape().as_list(), convert_to_tensor(self._initial_accumulator_value,
                                                           dtype=v.dtype.base_dtype)))

    def _prepare(self):
        self._lr_t = self._tensor(self._learning_rate, "learning_rate")

    def _apply_dense(self, grad, var):
        return training_ops.apply_adagrad(
            var, self.get_slot(var, "accumulator"), self._cast(self._lr_t, var), grad,
            use_locking=self._use_locking).op


class RMSPropOptimizer(Optimizer):
    """ms = rho * ms + (1 - rho) * grad**2; mom = momentum * mom + lr * grad / sqrt(ms + eps);
    var -= mom. The ms slot starts at ones, as in TF1."""

    def __init__(self, learning_rate, decay=0.9, momentum=0.0, epsilon=1e-10,
                 use_locking=False, centered=False, name="RMSProp"):
        if centered:
            raise NotImplementedError("RMSPropOptimizer(centered=True) is not supported yet.")
        super().__init__(use_locking, name)
        self._learning_rate, self._decay = learning_rate, decay
        self._momentum, self._epsilon = momentum, epsilon

    def _create_slots(self, var_list):
        for v in var_list:
            self._slot(v, "rms", self._name, lambda v=v: array_ops.ones(
                v.get_shape().as_list(), dtype=v.dtype.base_dtype))
            self._zeros_slot(v, "momentum", self._name + "_1")

    def _prepare(self):
        self._lr_t = self._tensor(self._learning_rate, "learning_rate")
        self._decay_t = self._tensor(self._decay, "decay")
        self._momentum_t = self._tensor(self._momentum, "momentum")
        self._epsilon_t = self._tensor(self._epsilon, "epsilon")

    def _apply_dense(self, grad, var):
        return training_ops.apply_rms_prop(
            var, self.get_slot(var, "rms"), self.get_slot(var, "momentum"),
            self._cast(self._lr_t, var), self._cast(self._decay_t, var),
            self._cast(self._momentum_t, var), self._cast(self._epsilon_t, var), grad,
            use_locking=self._use_locking).op
