"""A generative adversarial network small enough to train in seconds: 2D points on a ring.

Explained in notebook 11_future_directions. A generator turns noise into points; a
discriminator scores points as real or generated; each trains against the other.
"""

import numpy as np

from .runtime import import_tensorflow

__all__ = ["ring", "mode_coverage", "GAN"]


def ring(n, modes=8, radius=2.0, spread=0.05, seed=0):
    """``n`` points from ``modes`` small Gaussian blobs evenly spaced on a circle."""
    rng = np.random.default_rng(seed)
    angles = 2 * np.pi * rng.integers(modes, size=n) / modes
    centres = radius * np.stack([np.cos(angles), np.sin(angles)], axis=1)
    return (centres + spread * rng.standard_normal((n, 2))).astype(np.float32)


def mode_coverage(points, modes=8, radius=2.0, tolerance=0.3):
    """(fraction of points within ``tolerance`` of some mode, number of modes that got any)."""
    angles = 2 * np.pi * np.arange(modes) / modes
    centres = radius * np.stack([np.cos(angles), np.sin(angles)], axis=1)
    distances = np.linalg.norm(points[:, None, :] - centres[None], axis=2)
    near = distances.min(axis=1) < tolerance
    hit = np.unique(distances.argmin(axis=1)[near])
    return float(near.mean()), len(hit)


def _mlp(keras, inputs, outputs, width, activation, name):
    L = keras.layers
    return keras.Sequential([
        keras.Input((inputs,)),
        L.Dense(width, activation=activation), L.Dense(width, activation=activation),
        L.Dense(width, activation=activation), L.Dense(outputs),
    ], name=name)  # fmt: skip


class GAN:
    """Two MLPs, trained with the non-saturating loss of Goodfellow et al. 2014."""

    def __init__(self, noise=8, width=128, lr=1e-3, seed=0):
        import keras

        keras.utils.set_random_seed(seed)
        self.noise, self.seed = noise, seed
        self.generator = _mlp(keras, noise, 2, width, "relu", "generator")
        self.discriminator = _mlp(keras, 2, 1, width, "leaky_relu", "discriminator")
        self.g_opt = keras.optimizers.Adam(lr, beta_1=0.5)
        self.d_opt = keras.optimizers.Adam(lr, beta_1=0.5)
        self._step = import_tensorflow().function(self._train_step)

    def sample(self, n, seed=1):
        z = np.random.default_rng(seed).standard_normal((n, self.noise)).astype(np.float32)
        return self.generator(z, training=False).numpy()

    def _train_step(self, real, z):
        tf = import_tensorflow()
        bce = tf.nn.sigmoid_cross_entropy_with_logits
        with tf.GradientTape() as d_tape:
            real_logits = self.discriminator(real, training=True)
            fake_logits = self.discriminator(self.generator(z, training=True), training=True)
            d_loss = tf.reduce_mean(bce(tf.ones_like(real_logits), real_logits)) + tf.reduce_mean(
                bce(tf.zeros_like(fake_logits), fake_logits)
            )
        d_vars = self.discriminator.trainable_variables
        self.d_opt.apply_gradients(zip(d_tape.gradient(d_loss, d_vars), d_vars, strict=True))
        with tf.GradientTape() as g_tape:
            fake_logits = self.discriminator(self.generator(z, training=True), training=True)
            g_loss = tf.reduce_mean(bce(tf.ones_like(fake_logits), fake_logits))
        g_vars = self.generator.trainable_variables
        self.g_opt.apply_gradients(zip(g_tape.gradient(g_loss, g_vars), g_vars, strict=True))
        return d_loss, g_loss

    def train(self, data, steps, batch_size=256, snapshots=()):
        """Alternate one discriminator and one generator update per step.

        Returns {step: generated points} for each step in ``snapshots``.
        """
        rng = np.random.default_rng(self.seed)
        shots = {0: self.sample(1000)} if 0 in snapshots else {}
        for step in range(1, steps + 1):
            real = data[rng.integers(len(data), size=batch_size)]
            z = rng.standard_normal((batch_size, self.noise)).astype(np.float32)
            self._step(real, z)
            if step in snapshots:
                shots[step] = self.sample(1000)
        return shots
