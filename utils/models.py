"""Keras model helpers: a compact per-layer summary that notebooks check against arithmetic.

Explained in notebook 05_building_a_cnn.
"""

__all__ = [
    "summary_rows", "print_summary", "summary_text", "lenet5", "alexnet", "zfnet", "VGG_BLOCKS",
    "vgg", "INCEPTION", "inception_module", "inception_costs", "googlenet", "basic_block",
    "bottleneck_block", "deep_net", "RESNET_STAGES", "resnet", "layer_table",
]  # fmt: skip


def summary_rows(model):
    """(layer name, output shape without the batch axis, parameters) for every layer.

    The same numbers ``model.summary()`` prints, as data a notebook can assert on.
    """
    return [
        (layer.name, tuple(layer.output.shape[1:]), layer.count_params()) for layer in model.layers
    ]


def print_summary(model):
    """A narrow text version of ``model.summary()`` that fits on a slide."""
    rows = summary_rows(model)
    print(f"{'layer':<16} {'output shape':<16} {'parameters':>11}")
    for name, shape, params in rows:
        print(f"{name:<16} {str(shape):<16} {params:>11,}")
    print(f"{'total':<33} {model.count_params():>11,}")


def summary_text(model):
    """What ``model.summary()`` prints, as one string."""
    from IPython.utils.capture import capture_output

    lines = []
    with capture_output():  # rich would also display an empty HTML block in a notebook
        model.summary(print_fn=lambda line, line_break=True: lines.append(str(line)))
    return "\n".join(lines)


# --- historical architectures (notebook 10) ------------------------------------------------
# Builders return uncompiled Keras models with random weights. Layers without parameters that
# the papers used (local response normalisation) are left out; they change no count below.


def _layers():
    import keras

    return keras, keras.layers


def lenet5(n_classes=10):
    """LeCun et al. 1998, on 32x32x1: C1 6@5x5, S2, C3 16@5x5, S4, C5 120@5x5, F6 84, output.

    C3 here connects to all six S2 maps (the paper used a sparse table), and the output layer
    is a dense softmax instead of the paper's RBF units.
    """
    keras, L = _layers()
    return keras.Sequential([
        keras.Input((32, 32, 1)),
        L.Conv2D(6, 5, activation="tanh", name="C1"), L.AveragePooling2D(2, name="S2"),
        L.Conv2D(16, 5, activation="tanh", name="C3"), L.AveragePooling2D(2, name="S4"),
        L.Conv2D(120, 5, activation="tanh", name="C5"), L.Flatten(),
        L.Dense(84, activation="tanh", name="F6"),
        L.Dense(n_classes, activation="softmax", name="output"),
    ], name="lenet5")  # fmt: skip


def alexnet(grouped=False, n_classes=1000):
    """Krizhevsky, Sutskever & Hinton 2012, on 227x227x3 (227 makes 11x11 stride 4 fit exactly).

    ``grouped=True`` splits conv2, conv4 and conv5 into two groups, as the paper's two GPUs did.
    """
    keras, L = _layers()
    groups = 2 if grouped else 1
    return keras.Sequential([
        keras.Input((227, 227, 3)),
        L.Conv2D(96, 11, strides=4, activation="relu", name="conv1"),
        L.MaxPooling2D(3, 2, name="pool1"),
        L.Conv2D(256, 5, padding="same", groups=groups, activation="relu", name="conv2"),
        L.MaxPooling2D(3, 2, name="pool2"),
        L.Conv2D(384, 3, padding="same", activation="relu", name="conv3"),
        L.Conv2D(384, 3, padding="same", groups=groups, activation="relu", name="conv4"),
        L.Conv2D(256, 3, padding="same", groups=groups, activation="relu", name="conv5"),
        L.MaxPooling2D(3, 2, name="pool5"), L.Flatten(name="flatten"),
        L.Dense(4096, activation="relu", name="fc6"), L.Dropout(0.5),
        L.Dense(4096, activation="relu", name="fc7"), L.Dropout(0.5),
        L.Dense(n_classes, activation="softmax", name="fc8"),
    ], name="alexnet_grouped" if grouped else "alexnet")  # fmt: skip


def zfnet(n_classes=1000):
    """Zeiler & Fergus 2013: AlexNet with a 7x7 stride-2 first layer and a stride-2 conv2.

    The paper's sizes 224 -> 110 -> 55 -> 26 -> 13 -> 6 need Caffe's rounding: one row and
    column of zero padding after the input (225 fits 7x7 stride 2 exactly) and "same" pooling
    after conv1 and conv2.
    """
    keras, L = _layers()
    return keras.Sequential([
        keras.Input((224, 224, 3)),
        L.ZeroPadding2D(((0, 1), (0, 1)), name="pad"),
        L.Conv2D(96, 7, strides=2, activation="relu", name="conv1"),
        L.MaxPooling2D(3, 2, padding="same", name="pool1"),
        L.Conv2D(256, 5, strides=2, activation="relu", name="conv2"),
        L.MaxPooling2D(3, 2, padding="same", name="pool2"),
        L.Conv2D(384, 3, padding="same", activation="relu", name="conv3"),
        L.Conv2D(384, 3, padding="same", activation="relu", name="conv4"),
        L.Conv2D(256, 3, padding="same", activation="relu", name="conv5"),
        L.MaxPooling2D(3, 2, name="pool5"), L.Flatten(name="flatten"),
        L.Dense(4096, activation="relu", name="fc6"), L.Dropout(0.5),
        L.Dense(4096, activation="relu", name="fc7"), L.Dropout(0.5),
        L.Dense(n_classes, activation="softmax", name="fc8"),
    ], name="zfnet")  # fmt: skip


VGG_BLOCKS = {16: (2, 2, 3, 3, 3), 19: (2, 2, 4, 4, 4)}


def vgg(depth=16, n_classes=1000):
    """Simonyan & Zisserman 2014: only 3x3 convolutions (stride 1, same) and 2x2 max pools."""
    if depth not in VGG_BLOCKS:
        raise ValueError(f"vgg depth must be one of {sorted(VGG_BLOCKS)}, got depth={depth}")
    keras, L = _layers()
    layers = [keras.Input((224, 224, 3))]
    for block, (convs, filters) in enumerate(
        zip(VGG_BLOCKS[depth], (64, 128, 256, 512, 512), strict=True), 1
    ):
        layers += [
            L.Conv2D(filters, 3, padding="same", activation="relu", name=f"block{block}_conv{i}")
            for i in range(1, convs + 1)
        ]
        layers.append(L.MaxPooling2D(2, name=f"block{block}_pool"))
    layers += [L.Flatten(name="flatten"), L.Dense(4096, activation="relu", name="fc1"),
               L.Dense(4096, activation="relu", name="fc2"),
               L.Dense(n_classes, activation="softmax", name="predictions")]  # fmt: skip
    return keras.Sequential(layers, name=f"vgg{depth}")


# Table 1 of Szegedy et al. 2014: #1x1, #3x3 reduce, #3x3, #5x5 reduce, #5x5, pool proj.
INCEPTION = {
    "3a": (64, 96, 128, 16, 32, 32),
    "3b": (128, 128, 192, 32, 96, 64),
    "4a": (192, 96, 208, 16, 48, 64),
    "4b": (160, 112, 224, 24, 64, 64),
    "4c": (128, 128, 256, 24, 64, 64),
    "4d": (112, 144, 288, 32, 64, 64),
    "4e": (256, 160, 320, 32, 128, 128),
    "5a": (256, 160, 320, 32, 128, 128),
    "5b": (384, 192, 384, 48, 128, 128),
}


def inception_module(x, spec, name="inception"):
    """Four branches side by side, concatenated: 1x1 | 1x1 then 3x3 | 1x1 then 5x5 | pool then 1x1.

    ``spec`` is a row of ``INCEPTION``. The 1x1 "reduce" convolutions are the bottlenecks.
    """
    _, L = _layers()
    n1, r3, n3, r5, n5, proj = spec

    def conv(t, filters, size, label):
        return L.Conv2D(filters, size, padding="same", activation="relu", name=f"{name}_{label}")(t)

    b1 = conv(x, n1, 1, "1x1")
    b3 = conv(conv(x, r3, 1, "3x3_reduce"), n3, 3, "3x3")
    b5 = conv(conv(x, r5, 1, "5x5_reduce"), n5, 5, "5x5")
    bp = conv(L.MaxPooling2D(3, 1, padding="same", name=f"{name}_pool")(x), proj, 1, "pool_proj")
    return L.Concatenate(name=f"{name}_output")([b1, b3, b5, bp])


def inception_costs(input_shape, spec, bottleneck=True):
    """(parameters, MACs) of one Inception module, from ``utils.arithmetic``.

    ``bottleneck=False`` is the naive module: 3x3 and 5x5 straight on the input, and the
    pooled input passed through unprojected.
    """
    from utils.arithmetic import conv_macs, conv_params

    n1, r3, n3, r5, n5, proj = spec
    h, w, c = input_shape
    convs = [(1, c, n1)]  # (kernel, channels in, filters)
    if bottleneck:
        convs += [(1, c, r3), (3, r3, n3), (1, c, r5), (5, r5, n5), (1, c, proj)]
    else:
        convs += [(3, c, n3), (5, c, n5)]
    params = sum(conv_params(k, c_in, f) for k, c_in, f in convs)
    macs = sum(conv_macs((h, w, c_in), k, f, padding="same") for k, c_in, f in convs)
    return params, macs


def googlenet(n_classes=1000):
    """Szegedy et al. 2014 (Table 1), without the two auxiliary classifiers used in training."""
    keras, L = _layers()
    inputs = keras.Input((224, 224, 3))
    x = L.Conv2D(64, 7, strides=2, padding="same", activation="relu", name="conv1")(inputs)
    x = L.MaxPooling2D(3, 2, padding="same", name="pool1")(x)
    x = L.Conv2D(64, 1, activation="relu", name="conv2_reduce")(x)
    x = L.Conv2D(192, 3, padding="same", activation="relu", name="conv2")(x)
    x = L.MaxPooling2D(3, 2, padding="same", name="pool2")(x)
    for stage in "345":
        for key in [k for k in INCEPTION if k[0] == stage]:
            x = inception_module(x, INCEPTION[key], name=f"inception_{key}")
        if stage != "5":
            x = L.MaxPooling2D(3, 2, padding="same", name=f"pool{stage}")(x)
    x = L.GlobalAveragePooling2D(name="avg_pool")(x)
    x = L.Dropout(0.4)(x)
    outputs = L.Dense(n_classes, activation="softmax", name="predictions")(x)
    return keras.Model(inputs, outputs, name="googlenet")


def basic_block(x, filters, stride=1, name="block"):
    """Two 3x3 convolutions and a skip connection (ResNet-18/34)."""
    _, L = _layers()
    shortcut = x
    if stride != 1 or x.shape[-1] != filters:
        shortcut = L.Conv2D(filters, 1, strides=stride, name=f"{name}_proj")(x)
        shortcut = L.BatchNormalization(epsilon=1.001e-5, name=f"{name}_proj_bn")(shortcut)
    y = L.Conv2D(filters, 3, strides=stride, padding="same", name=f"{name}_1_conv")(x)
    y = L.Activation("relu")(L.BatchNormalization(epsilon=1.001e-5, name=f"{name}_1_bn")(y))
    y = L.Conv2D(filters, 3, padding="same", name=f"{name}_2_conv")(y)
    y = L.BatchNormalization(epsilon=1.001e-5, name=f"{name}_2_bn")(y)
    return L.Activation("relu")(L.Add()([shortcut, y]))


def bottleneck_block(x, filters, stride=1, name="block"):
    """1x1 down to ``filters``, 3x3, 1x1 up to 4x ``filters``, plus the skip (ResNet-50+).

    As in ``keras.applications`` (ResNet v1), the stride sits on the first 1x1 convolution.
    """
    _, L = _layers()
    shortcut = x
    if stride != 1 or x.shape[-1] != 4 * filters:
        shortcut = L.Conv2D(4 * filters, 1, strides=stride, name=f"{name}_0_conv")(x)
        shortcut = L.BatchNormalization(epsilon=1.001e-5, name=f"{name}_0_bn")(shortcut)
    y = x
    for i, (size, width, s) in enumerate(
        [(1, filters, stride), (3, filters, 1), (1, 4 * filters, 1)], 1
    ):
        y = L.Conv2D(width, size, strides=s, padding="same", name=f"{name}_{i}_conv")(y)
        y = L.BatchNormalization(epsilon=1.001e-5, name=f"{name}_{i}_bn")(y)
        if i < 3:
            y = L.Activation("relu")(y)
    return L.Activation("relu")(L.Add()([shortcut, y]))


def deep_net(blocks=10, skip=True, input_shape=(28, 28, 1), width=16, n_classes=10):
    """A small net for the degradation experiment: a stem down to 7x7, ``blocks`` pairs of 3x3
    conv + batch norm at one width, global average pooling. ``skip=False`` is the plain net,
    ``skip=True`` the same layers with an identity shortcut around each pair.
    """
    keras, L = _layers()
    inputs = keras.Input(input_shape)
    x = L.Conv2D(width, 3, strides=2, padding="same", name="stem")(inputs)
    x = L.Activation("relu")(L.BatchNormalization(momentum=0.9, name="stem_bn")(x))
    x = L.MaxPooling2D(2, name="stem_pool")(x)
    for b in range(1, blocks + 1):
        y = L.Conv2D(width, 3, padding="same", name=f"block{b}_1_conv")(x)
        y = L.Activation("relu")(L.BatchNormalization(momentum=0.9, name=f"block{b}_1_bn")(y))
        y = L.Conv2D(width, 3, padding="same", name=f"block{b}_2_conv")(y)
        y = L.BatchNormalization(momentum=0.9, name=f"block{b}_2_bn")(y)
        x = L.Activation("relu")(L.Add(name=f"block{b}_add")([x, y]) if skip else y)
    x = L.GlobalAveragePooling2D(name="avg_pool")(x)
    outputs = L.Dense(n_classes, name="logits")(x)
    name = f"{'residual' if skip else 'plain'}_{2 * blocks + 2}"
    return keras.Model(inputs, outputs, name=name)


RESNET_STAGES = {
    18: (2, 2, 2, 2),
    34: (3, 4, 6, 3),
    50: (3, 4, 6, 3),
    101: (3, 4, 23, 3),
    152: (3, 8, 36, 3),
}


def resnet(depth=50, n_classes=1000):
    """He et al. 2015: a 7x7 stem, four stages of residual blocks, global average pooling."""
    if depth not in RESNET_STAGES:
        raise ValueError(f"resnet depth must be one of {sorted(RESNET_STAGES)}, got depth={depth}")
    keras, L = _layers()
    block = basic_block if depth < 50 else bottleneck_block
    inputs = keras.Input((224, 224, 3))
    x = L.ZeroPadding2D(3)(inputs)
    x = L.Conv2D(64, 7, strides=2, name="conv1_conv")(x)
    x = L.Activation("relu")(L.BatchNormalization(epsilon=1.001e-5, name="conv1_bn")(x))
    x = L.MaxPooling2D(3, 2)(L.ZeroPadding2D(1)(x))
    for stage, (blocks, filters) in enumerate(
        zip(RESNET_STAGES[depth], (64, 128, 256, 512), strict=True), 2
    ):
        for b in range(blocks):
            stride = 2 if b == 0 and stage > 2 else 1
            x = block(x, filters, stride, name=f"conv{stage}_block{b + 1}")
    x = L.GlobalAveragePooling2D(name="avg_pool")(x)
    outputs = L.Dense(n_classes, activation="softmax", name="predictions")(x)
    return keras.Model(inputs, outputs, name=f"resnet{depth}")


# --- per-layer numbers -------------------------------------------------------------------------


def _parents(layer):
    """The layers whose outputs feed ``layer``."""
    inputs = layer.input if isinstance(layer.input, list) else [layer.input]
    return [t._keras_history.operation for t in inputs]


def _window(layer):
    """(kernel, stride, dilation) along one axis for layers that slide a window, else None."""
    config = layer.get_config()
    if "kernel_size" in config:
        return config["kernel_size"][0], config["strides"][0], config["dilation_rate"][0]
    if "pool_size" in config:
        return config["pool_size"][0], config["strides"][0], 1
    return None


def _macs(layer):
    """Multiply-accumulates per image for conv and dense layers, 0 for the rest."""
    from utils.arithmetic import conv_macs

    config = layer.get_config()
    if "kernel_size" in config and "filters" in config:
        return conv_macs(
            tuple(layer.input.shape[1:]),
            config["kernel_size"],
            config["filters"],
            config["strides"],
            config["padding"],
            groups=config["groups"],
            strict=False,
        )
    if "units" in config:
        return layer.input.shape[-1] * config["units"]
    return 0


def layer_table(model):
    """A pandas DataFrame with one row per layer: type, output shape, parameters, receptive
    field and MACs (multiply-accumulates for one image).

    The receptive field is that of one output unit on the input, in pixels, along the widest
    path through the graph (``utils.arithmetic.receptive_field``); it may exceed the image.
    Layers that mix all positions (flatten, dense, global pooling) see the whole image: "all".
    """
    import pandas as pd

    from utils.arithmetic import receptive_field

    paths, rows = {}, []  # layer name -> the (kernel, stride, dilation) path to its outputs
    for layer in model.layers:
        if type(layer).__name__ == "InputLayer":
            continue
        candidates = [paths.get(parent.name, []) for parent in _parents(layer)]
        if None in candidates:
            path = None
        else:
            path = max(candidates, key=receptive_field)
        window = _window(layer)
        spatial = len(layer.output.shape) == 4
        if path is not None and window:
            path = [*path, window]
        elif not spatial:
            path = None  # flattened: every pixel reaches every unit
        paths[layer.name] = path
        rows.append({
            "layer": layer.name,
            "type": type(layer).__name__,
            "output shape": tuple(layer.output.shape[1:]),
            "parameters": layer.count_params(),
            "receptive field": receptive_field(path) if path is not None else "all",
            "MACs": _macs(layer),
        })  # fmt: skip
    return pd.DataFrame(rows)
