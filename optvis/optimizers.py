"""Adam and Nadam written out per picture of a batch, for gradient ascent.

Each picture of a batch is one filter with its own step count, so the optimiser's state is
per picture and travels with it (the loop gives a finished filter's place to the next one):
`slots(params)` -> the state of one picture (numpy), `apply(params, grads, *slots)` -> the new
parameters and state (TensorFlow, inside the compiled step; grads are the objective's, to climb).

- `Adam`: lucid's optimiser, TensorFlow 1's tf.train.AdamOptimizer (beta1 0.9, beta2 0.999,
  epsilon 1e-8 outside the bias correction: lr * sqrt(1 - b2^t) / (1 - b1^t) * m / (sqrt(v) + eps)).
- `Nadam`: xplique's for MACO, Keras's Nadam (beta1 0.9, beta2 0.999, epsilon 1e-7, the
  momentum schedule u_t = b1 (1 - 0.5 * 0.96^t) and its running product).
"""

import numpy as np

# TensorFlow is imported inside the functions that make tensors: every command imports this
# module at start (through optvis/methods.py), and `--help` and argument errors answer without it.

BETA_1, BETA_2 = 0.9, 0.999


def _per_image(t, like):
    """(B,) -> (B, 1, ..., 1) to broadcast against a parameter tensor like `like`."""
    import tensorflow as tf

    return tf.reshape(t, [-1] + [1] * (like.shape.rank - 1))


class Adam:
    name = "adam"
    epsilon = 1e-8

    def __init__(self, lr):
        self.lr = float(lr)

    def slots(self, params):
        """(m, v, t): zeros like params twice and the step count 0."""
        return [np.zeros_like(params), np.zeros_like(params), np.float32(0)]

    def apply(self, params, grads, m, v, t):
        import tensorflow as tf

        t = t + 1.0
        m = BETA_1 * m + (1 - BETA_1) * grads
        v = BETA_2 * v + (1 - BETA_2) * tf.square(grads)
        lr = self.lr * tf.sqrt(1 - tf.pow(BETA_2, t)) / (1 - tf.pow(BETA_1, t))  # (B,)
        return params + _per_image(lr, params) * m / (tf.sqrt(v) + self.epsilon), [m, v, t]


class Nadam:
    name = "nadam"
    epsilon = 1e-7
    decay = 0.96

    def __init__(self, lr):
        self.lr = float(lr)

    def slots(self, params):
        """(m, v, t, u): zeros like params twice, the step count 0 and the momentum product 1."""
        return [np.zeros_like(params), np.zeros_like(params), np.float32(0), np.float32(1)]

    def apply(self, params, grads, m, v, t, u):
        import tensorflow as tf

        t = t + 1.0
        u_t = BETA_1 * (1.0 - 0.5 * tf.pow(self.decay, t))
        u_next = BETA_1 * (1.0 - 0.5 * tf.pow(self.decay, t + 1))
        u = u * u_t
        m = m + (grads - m) * (1 - BETA_1)
        v = v + (tf.square(grads) - v) * (1 - BETA_2)
        m_hat = (_per_image(u_next / (1 - u * u_next), m) * m
                 + _per_image((1 - u_t) / (1 - u), grads) * grads)
        v_hat = v / _per_image(1 - tf.pow(BETA_2, t), v)
        return params + self.lr * m_hat / (tf.sqrt(v_hat) + self.epsilon), [m, v, t, u]
