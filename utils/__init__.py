"""Helpers for the CNN workshop notebooks.

Every notebook starts with ``import utils; utils.setup()``. Names are loaded lazily from
their submodules, so ``import utils`` stays fast and never imports TensorFlow.
"""

from importlib import import_module

# public name -> submodule that defines it
_EXPORTS = {
    "setup": "runtime",
    "quiet_stderr": "runtime",
    "import_tensorflow": "runtime",
    "data_dir": "settings",
    "repo_root": "settings",
    "show_source": "runtime",
    "refusal": "runtime",
    "check_environment": "runtime",
    "sigmoid": "nn",
    "relu": "nn",
    "neuron": "nn",
    "forward": "nn",
    "backward": "nn",
    "numerical_gradient": "nn",
    "relative_error": "nn",
    "dropout": "nn",
    "train_xor": "nn",
    "init_params": "nn",
    "mse": "nn",
    "two_blobs": "learning",
    "fit_centroids": "learning",
    "predict_centroids": "learning",
    "kmeans": "learning",
    "plot_two_settings": "plots",
    "plot_activations": "plots",
    "plot_loss": "plots",
    "show_grid": "plots",
    "class_balance": "plots",
    "photo": "images",
    "shift": "images",
    "KERNELS": "kernels",
    "filter2d": "kernels",
    "plot_feature_maps": "plots",
    "plot_kernel_and_map": "plots",
    "plot_window_positions": "plots",
    "plot_pooling": "plots",
    "show_images": "plots",
    "plot_history": "plots",
    "plot_curves": "plots",
    "plot_point_snapshots": "plots",
    "plot_architecture": "plots",
    "plot_ilsvrc": "plots",
    "plot_params_vs_error": "plots",
    "plot_confusion": "plots",
    "plot_filters": "plots",
    "plot_channel_maps": "plots",
    "conv_explorer": "widgets",
    "arithmetic_explorer": "widgets",
    "pooling_explorer": "widgets",
    "time_call": "timing",
    "wall_time": "timing",
    "timer": "timing",
    "summary_rows": "models",
    "print_summary": "models",
    "summary_text": "models",
    "load": "datasets",
    "sample": "datasets",
    "describe": "datasets",
    "conv_output_size": "arithmetic",
    "pool_output_size": "arithmetic",
    "transposed_conv_output_size": "arithmetic",
    "same_padding": "arithmetic",
    "conv_params": "arithmetic",
    "conv_connections": "arithmetic",
    "dense_params": "arithmetic",
    "receptive_field": "arithmetic",
    "conv_macs": "arithmetic",
    "conv_output_shape": "arithmetic",
    "effective_kernel": "arithmetic",
    "conv1d": "conv",
    "conv2d": "conv",
    "conv2d_naive": "conv",
    "max_pool2d": "pooling",
    "avg_pool2d": "pooling",
    "global_avg_pool2d": "pooling",
    "fractional_max_pool2d": "pooling",
    "fractional_boundaries": "pooling",
    "stochastic_pool2d": "pooling",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name):
    if name in _EXPORTS:
        value = getattr(import_module(f"{__name__}.{_EXPORTS[name]}"), name)
        globals()[name] = value  # cache: the next lookup is a plain attribute
        return value
    raise AttributeError(f"module 'utils' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(_EXPORTS))
