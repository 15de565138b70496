"""Neural-network ops: activations, softmax, bias_add, l2_loss, conv2d and pooling (NHWC)."""

__all__ = []
