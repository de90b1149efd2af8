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
