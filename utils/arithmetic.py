"""Output sizes, parameters, connections, receptive fields and MACs of conv and pool layers.

Explained in notebook 03_output_size_arithmetic. Sizes follow Dumoulin & Visin, "A guide to
convolution arithmetic for deep learning" (2016):  out = (n + 2p - k_eff) / s + 1, with the
effective (dilated) kernel k_eff = k + (k - 1)(d - 1). Where that is not an integer the
layer does not fit: ``strict=True`` says so, ``strict=False`` floors as frameworks do.
"""

import math

__all__ = [
    "GeometryError", "PADDINGS", "conv_output_size", "pool_output_size",
    "transposed_conv_output_size", "same_padding", "padding_pair", "resolve_padding",
    "conv_params", "dense_params", "conv_connections", "conv_output_shape", "conv_macs",
    "receptive_field", "effective_kernel",
]  # fmt: skip

PADDINGS = ("valid", "same", "full")


class GeometryError(ValueError):
    """A layer geometry that cannot exist, with why, the formula that shows it, and what to try.

    ``reason`` says what is wrong, ``formula`` shows it with the numbers substituted (or is
    empty), ``hint`` says what to change (or is empty). Explorers and slides read these
    attributes; ``str(err)`` joins them into one sentence.

    >>> err = GeometryError("stride 2 does not fit", "(6 - 3 + 2*0)/2 + 1 = 2.50", "Change it")
    >>> str(err)
    'stride 2 does not fit: (6 - 3 + 2*0)/2 + 1 = 2.50. Change it'
    >>> err.formula
    '(6 - 3 + 2*0)/2 + 1 = 2.50'
    """

    def __init__(self, reason, formula="", hint=""):
        self.reason, self.formula, self.hint = reason, formula, hint
        text = f"{reason}: {formula}" if formula else reason
        super().__init__(f"{text}. {hint}" if hint else text)

    @property
    def short(self):
        """The reason and the formula, without the hint: what an explorer shows."""
        return f"{self.reason}: {self.formula}." if self.formula else f"{self.reason}."


def _positive_int(name, value):
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise GeometryError(f"{name} must be a positive integer, got {name}={value!r}")
    return value


def _pair(name, value):
    """An int or an (h, w) pair of positive ints, as an (h, w) tuple."""
    pair = (value, value) if isinstance(value, int) and not isinstance(value, bool) else value
    if not (isinstance(pair, tuple | list) and len(pair) == 2):
        raise GeometryError(f"{name} must be an int or a pair of ints, got {name}={value!r}")
    return tuple(_positive_int(name, v) for v in pair)


def effective_kernel(kernel_size, dilation=1):
    """k + (k - 1)(d - 1): the span a dilated kernel covers."""
    return kernel_size + (kernel_size - 1) * (dilation - 1)


def resolve_padding(padding, kernel_size, dilation=1):
    """Padding on each side as an int, for an int or ``"valid"``/``"full"``.

    ``"same"`` pads differently before and after; see ``same_padding``.
    """
    if padding == "valid":
        return 0
    if padding == "full":
        return effective_kernel(kernel_size, dilation) - 1
    if isinstance(padding, bool) or not isinstance(padding, int) or padding < 0:
        raise GeometryError(
            f"padding must be a non-negative int or one of {PADDINGS}, got padding={padding!r}"
        )
    return padding


def _windows(n, k, stride, padding, dilation, strict, what):
    """How many positions a window of size k fits, checking the geometry."""
    _positive_int("input size n", n)
    _positive_int(f"{what} size", k)
    _positive_int("stride", stride)
    _positive_int("dilation", dilation)
    if padding == "same":
        return math.ceil(n / stride)
    p = resolve_padding(padding, k, dilation)
    k_eff = effective_kernel(k, dilation)
    shown_k = f"{k_eff}" if dilation == 1 else f"{k_eff} (k={k} dilated by {dilation})"
    if n + 2 * p < k_eff:
        raise GeometryError(
            f"the {what} ({shown_k}) is larger than the padded input",
            f"n + 2p = {n} + 2*{p} = {n + 2 * p} < {k_eff}",
        )
    span = n + 2 * p - k_eff
    if span % stride and strict:
        raise GeometryError(
            f"stride {stride} does not fit",
            f"({n} - {k_eff} + 2*{p})/{stride} + 1 = {span / stride + 1:.2f}, not an integer",
            "Change the stride or padding, "
            "or pass strict=False to drop the leftover input as frameworks do.",
        )
    return span // stride + 1


def conv_output_size(n, kernel_size, stride=1, padding=0, dilation=1, strict=True) -> int:
    """Output length of a convolution along one axis: (n - k_eff + 2p)/s + 1.

    >>> conv_output_size(32, 5)
    28
    >>> conv_output_size(5, 3, stride=2, padding=1)
    3
    """
    return _windows(n, kernel_size, stride, padding, dilation, strict, "kernel")


def pool_output_size(n, pool_size, stride=None, padding=0, strict=True) -> int:
    """Output length of a pooling layer; the stride defaults to the pool size."""
    stride = pool_size if stride is None else stride
    return _windows(n, pool_size, stride, padding, 1, strict, "pooling window")


def transposed_conv_output_size(n, kernel_size, stride=1, padding=0, output_padding=None) -> int:
    """Output length of a transposed convolution: (n - 1)s - 2p + k + output_padding.

    It inverts ``conv_output_size`` for the same k, s, p; ``output_padding`` (< stride)
    picks among the input sizes that a strided convolution maps to the same output.
    ``padding`` may also be ``"valid"`` or ``"same"``, and ``output_padding=None`` (the
    default) means what it means in ``keras.layers.Conv2DTranspose``: ``"same"`` gives
    n * s, ``"valid"`` gives n * s + max(k - s, 0).

    >>> transposed_conv_output_size(14, 3, stride=2, padding="same")
    28
    >>> transposed_conv_output_size(14, 3, stride=2, padding="same", output_padding=0)
    27
    >>> transposed_conv_output_size(14, 3, stride=2, padding=1, output_padding=1)
    28
    """
    _positive_int("input size n", n)
    _positive_int("kernel size", kernel_size)
    _positive_int("stride", stride)
    if output_padding is None:
        if padding == "same":
            return n * stride
        if padding == "valid":
            return n * stride + max(kernel_size - stride, 0)
        output_padding = 0
    if (
        isinstance(output_padding, bool)
        or not isinstance(output_padding, int)
        or not (0 <= output_padding < stride)
    ):
        raise GeometryError(
            f"output_padding must be an integer with 0 <= output_padding < stride, "
            f"got output_padding={output_padding!r}, stride={stride}"
        )
    pad = kernel_size // 2 if padding == "same" else resolve_padding(padding, kernel_size)
    size = (n - 1) * stride - 2 * pad + kernel_size + output_padding
    if size < 1:
        raise GeometryError(
            f"padding {padding} removes the whole output",
            f"({n} - 1)*{stride} - 2*{pad} + {kernel_size} + {output_padding} = {size}",
        )
    return size


def same_padding(n, kernel_size, stride=1, dilation=1):
    """(before, after) padding of TensorFlow's ``"same"``: the output has ceil(n / s) positions.

    When the total padding is odd, the extra pixel goes *after*: at the bottom and the right.
    """
    out = conv_output_size(n, kernel_size, stride, "same")
    total = max((out - 1) * stride + effective_kernel(kernel_size, dilation) - n, 0)
    return total // 2, total - total // 2


def padding_pair(n, kernel_size, stride=1, padding=0, dilation=1):
    """(before, after) padding along one axis: TensorFlow's for ``"same"``, else symmetric."""
    if padding == "same":
        return same_padding(n, kernel_size, stride, dilation)
    p = resolve_padding(padding, kernel_size, dilation)
    return p, p


def conv_params(kernel_size, in_channels, filters, bias=True) -> int:
    """Weights of a conv layer: kh * kw * C_in per filter, plus one bias each."""
    kh, kw = _pair("kernel_size", kernel_size)
    _positive_int("in_channels", in_channels)
    _positive_int("filters", filters)
    return (kh * kw * in_channels + int(bias)) * filters


def dense_params(n_in, n_out, bias=True) -> int:
    """Weights of a fully connected layer: n_in * n_out, plus one bias per unit."""
    return (_positive_int("n_in", n_in) + int(bias)) * _positive_int("n_out", n_out)


def conv_output_shape(
    input_shape, kernel_size, filters, stride=1, padding=0, dilation=1, strict=True
):
    """(H_out, W_out, filters) for a channels-last ``input_shape`` (H, W, C).

    ``strict=False`` rounds down, as Keras does, when the windows do not fit exactly.
    """
    h, w, _ = input_shape
    (kh, kw), (sh, sw), (dh, dw) = (
        _pair("kernel_size", kernel_size),
        _pair("stride", stride),
        _pair("dilation", dilation),
    )
    return (
        conv_output_size(h, kh, sh, padding, dh, strict),
        conv_output_size(w, kw, sw, padding, dw, strict),
        _positive_int("filters", filters),
    )


def conv_connections(input_shape, kernel_size, filters, stride=1, padding=0) -> int:
    """Weighted connections, counting the bias as one input of every output unit.

    Each of the H_out * W_out * filters outputs reads kh * kw * C inputs plus its bias:
    32x32x1 with 10 5x5 filters gives (5*5*1 + 1) * 10 * 28 * 28 = 203,840.
    """
    h_out, w_out, _ = conv_output_shape(input_shape, kernel_size, filters, stride, padding)
    kh, kw = _pair("kernel_size", kernel_size)
    return (kh * kw * input_shape[2] + 1) * filters * h_out * w_out


def conv_macs(input_shape, kernel_size, filters, stride=1, padding=0, groups=1, strict=True) -> int:
    """Multiply-accumulates of one forward pass for one image: outputs * kh * kw * C_in / groups."""
    h_out, w_out, _ = conv_output_shape(
        input_shape, kernel_size, filters, stride, padding, strict=strict
    )
    kh, kw = _pair("kernel_size", kernel_size)
    return h_out * w_out * filters * kh * kw * input_shape[2] // _positive_int("groups", groups)


def receptive_field(layers) -> int:
    """Receptive field of one output unit after ``layers``, a sequence of (kernel, stride).

    Each layer widens it by (k - 1) times the product of all earlier strides.
    A third element, if given, is the dilation.

    >>> receptive_field([(3, 1), (3, 1)])
    5
    """
    field, jump = 1, 1
    for layer in layers:
        k, s, d = (*layer, 1) if len(layer) == 2 else layer
        field += (effective_kernel(_positive_int("kernel size", k), d) - 1) * jump
        jump *= _positive_int("stride", s)
    return field
