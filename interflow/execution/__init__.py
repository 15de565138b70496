"""Running: plans and executes graphs in sessions; finds kernels by op type, never imports ops/."""
