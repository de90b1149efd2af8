"""Keras model helpers: a compact per-layer summary that notebooks check against arithmetic.

Explained in notebook 05_building_a_cnn.
"""


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


# --- historical architectures (notebook 08) ------------------------------------------------
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
