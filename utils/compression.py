"""Making a trained model smaller: magnitude pruning and 8-bit weights.

Explained in notebook 11_future_directions.
"""

import numpy as np

__all__ = ["kernel_layers", "prune_by_magnitude", "keep_pruned", "weight_bytes", "zero_weights"]


def kernel_layers(model):
    """The layers that have a weight kernel (Dense, Conv2D, ...): what pruning acts on."""
    return [layer for layer in model.layers if hasattr(layer, "kernel")]


def prune_by_magnitude(model, sparsity):
    """Zero the ``sparsity`` fraction of smallest-magnitude weights in every kernel, in place.

    Biases are kept. Returns the number of weights set to zero.
    """
    if not 0 <= sparsity < 1:
        raise ValueError(f"sparsity must be in [0, 1), got sparsity={sparsity}")
    zeroed = 0
    for layer in kernel_layers(model):
        kernel = layer.kernel.numpy()
        k = int(sparsity * kernel.size)
        if k:
            threshold = np.partition(np.abs(kernel).ravel(), k - 1)[k - 1]
            kernel = np.where(np.abs(kernel) <= threshold, 0.0, kernel).astype(kernel.dtype)
            layer.kernel.assign(kernel)
            zeroed += int((kernel == 0).sum())
    return zeroed


def keep_pruned():
    """A Keras callback for fine-tuning a pruned model: weights that were zero stay zero."""
    import keras

    class KeepPruned(keras.callbacks.Callback):
        def on_train_begin(self, logs=None):
            self.masks = {
                layer.name: (layer.kernel.numpy() != 0).astype(layer.kernel.dtype)
                for layer in kernel_layers(self.model)
            }

        def on_train_batch_end(self, batch, logs=None):
            for name, mask in self.masks.items():
                kernel = self.model.get_layer(name).kernel
                kernel.assign(kernel * mask)

    return KeepPruned()


def weight_bytes(model):
    """Bytes of all weights as stored in memory, by dtype."""
    return sum(int(np.prod(w.shape)) * np.dtype(w.dtype).itemsize for w in model.weights)


def zero_weights(model):
    """How many kernel weights are exactly zero."""
    return sum(int((layer.kernel.numpy() == 0).sum()) for layer in kernel_layers(model))
