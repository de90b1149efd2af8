"""Output sizes, parameters, connections, receptive fields and MACs of conv and pool layers.

Explained in notebook 03_output_size_arithmetic. Sizes follow Dumoulin & Visin, "A guide to
convolution arithmetic for deep learning" (2016):  out = (n + 2p - k_eff) / s + 1, with the
effective (dilated) kernel k_eff = k + (k - 1)(d - 1). Where that is not an integer the
layer does not fit: ``strict=True`` says so, ``strict=False`` floors as frameworks do.
"""

import math
import operator
from fractions import Fraction

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


def _as_int(value):
    """``value`` as a Python int when it is an integer (Python or NumPy, not a bool), else None."""
    if type(value).__name__ in ("bool", "bool_"):
        return None
    try:
        return operator.index(value)
    except TypeError:
        return None


def _positive_int(name, value):
    number = _as_int(value)
    if number is None or number < 1:
        raise GeometryError(f"{name} must be a positive integer, got {name}={value!r}")
    return number


def _pair(name, value):
    """An int or an (h, w) pair of positive ints, as an (h, w) tuple."""
    pair = (value, value) if _as_int(value) is not None else value
    if not (isinstance(pair, tuple | list) and len(pair) == 2):
        raise GeometryError(f"{name} must be an int or a pair of ints, got {name}={value!r}")
    return tuple(_positive_int(name, v) for v in pair)


def _check_padding(padding):
    """``padding`` as a non-negative int or one of PADDINGS, or GeometryError naming it."""
    if isinstance(padding, str) and padding in PADDINGS:
        return padding
    number = _as_int(padding)
    if number is None or number < 0:
        raise GeometryError(
            f"padding must be a non-negative int or one of {PADDINGS}, got padding={padding!r}"
        )
    return number


def _ratio(span, stride):
    """span / stride + 1 to two decimals, also for integers too large for a float."""
    if abs(span) < 2**53 and stride < 2**53:
        return f"{span / stride + 1:.2f}"
    hundredths = round(Fraction(span, stride) * 100) + 100
    return f"{hundredths // 100}.{hundredths % 100:02d}"


def effective_kernel(kernel_size, dilation=1):
    """k + (k - 1)(d - 1): the span a dilated kernel covers."""
    k, d = _positive_int("kernel size", kernel_size), _positive_int("dilation", dilation)
    return k + (k - 1) * (d - 1)


def resolve_padding(padding, kernel_size, dilation=1):
    """Padding on each side as an int, for an int or ``"valid"``/``"full"``.

    ``"same"`` pads differently before and after; see ``same_padding``.
    """
    padding = _check_padding(padding)
    if padding == "valid":
        return 0
    if padding == "full":
        return effective_kernel(kernel_size, dilation) - 1
    if padding == "same":
        raise GeometryError(
            "padding='same' pads differently before and after, so it has no single size",
            hint="Use same_padding(n, kernel_size, stride) or padding_pair(...) for it",
        )
    return padding


def _windows(n, k, stride, padding, dilation, strict, what):
    """How many positions a window of size k fits, checking the geometry."""
    n, k = _positive_int("input size n", n), _positive_int(f"{what} size", k)
    stride, dilation = _positive_int("stride", stride), _positive_int("dilation", dilation)
    if _check_padding(padding) == "same":
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
            f"({n} - {k_eff} + 2*{p})/{stride} + 1 = {_ratio(span, stride)}, not an integer",
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
    n, kernel_size = _positive_int("input size n", n), _positive_int("kernel size", kernel_size)
    stride, padding = _positive_int("stride", stride), _check_padding(padding)
    if output_padding is None:
        if padding == "same":
            return n * stride
        if padding == "valid":
            return n * stride + max(kernel_size - stride, 0)
        output_padding = 0
    op = _as_int(output_padding)
    if op is None or not (0 <= op < stride):
        raise GeometryError(
            f"output_padding must be an integer with 0 <= output_padding < stride, "
            f"got output_padding={output_padding!r}, stride={stride}"
        )
    pad = kernel_size // 2 if padding == "same" else resolve_padding(padding, kernel_size)
    size = (n - 1) * stride - 2 * pad + kernel_size + op
    if size < 1:
        raise GeometryError(
            f"padding {padding} removes the whole output",
            f"({n} - 1)*{stride} - 2*{pad} + {kernel_size} + {op} = {size}",
        )
    return size


def same_padding(n, kernel_size, stride=1, dilation=1):
    """(before, after) padding of TensorFlow's ``"same"``: the output has ceil(n / s) positions.

    When the total padding is odd, the extra pixel goes *after*: at the bottom and the right.
    """
    k_eff = effective_kernel(kernel_size, dilation)
    out = conv_output_size(n, kernel_size, stride, "same")
    total = max((out - 1) * _as_int(stride) + k_eff - _as_int(n), 0)
    return total // 2, total - total // 2


def padding_pair(n, kernel_size, stride=1, padding=0, dilation=1):
    """(before, after) padding along one axis: TensorFlow's for ``"same"``, else symmetric."""
    if _check_padding(padding) == "same":
        return same_padding(n, kernel_size, stride, dilation)
    p = resolve_padding(padding, kernel_size, dilation)
    return p, p


def _bias(bias):
    if type(bias).__name__ not in ("bool", "bool_"):
        raise GeometryError(f"bias must be True or False, got bias={bias!r}")
    return int(bias)


def _input_shape(input_shape):
    """A channels-last (H, W, C) of positive ints, or GeometryError naming it."""
    if not (isinstance(input_shape, tuple | list) and len(input_shape) == 3):
        raise GeometryError(
            f"input_shape must be (H, W, C), three positive integers, got {input_shape!r}"
        )
    names = ("height H", "width W", "channels C")
    return tuple(
        _positive_int(f"input {name}", v) for name, v in zip(names, input_shape, strict=True)
    )


def conv_params(kernel_size, in_channels, filters, bias=True) -> int:
    """Weights of a conv layer: kh * kw * C_in per filter, plus one bias each."""
    kh, kw = _pair("kernel_size", kernel_size)
    in_channels = _positive_int("in_channels", in_channels)
    filters = _positive_int("filters", filters)
    return (kh * kw * in_channels + _bias(bias)) * filters


def dense_params(n_in, n_out, bias=True) -> int:
    """Weights of a fully connected layer: n_in * n_out, plus one bias per unit."""
    return (_positive_int("n_in", n_in) + _bias(bias)) * _positive_int("n_out", n_out)


def conv_output_shape(
    input_shape, kernel_size, filters, stride=1, padding=0, dilation=1, strict=True
):
    """(H_out, W_out, filters) for a channels-last ``input_shape`` (H, W, C).

    ``strict=False`` rounds down, as Keras does, when the windows do not fit exactly.
    """
    h, w, _ = _input_shape(input_shape)
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
    h_out, w_out, filters = conv_output_shape(input_shape, kernel_size, filters, stride, padding)
    kh, kw = _pair("kernel_size", kernel_size)
    return (kh * kw * _input_shape(input_shape)[2] + 1) * filters * h_out * w_out


def conv_macs(input_shape, kernel_size, filters, stride=1, padding=0, groups=1, strict=True) -> int:
    """Multiply-accumulates of one forward pass for one image: outputs * kh * kw * C_in / groups."""
    h_out, w_out, filters = conv_output_shape(
        input_shape, kernel_size, filters, stride, padding, strict=strict
    )
    kh, kw = _pair("kernel_size", kernel_size)
    channels, groups = _input_shape(input_shape)[2], _positive_int("groups", groups)
    if channels % groups or filters % groups:
        raise GeometryError(
            f"groups={groups} must divide both the input channels and the filters",
            f"C_in = {channels}, filters = {filters}",
        )
    return h_out * w_out * filters * kh * kw * channels // groups


def receptive_field(layers) -> int:
    """Receptive field of one output unit after ``layers``, a sequence of (kernel, stride).

    Each layer widens it by (k - 1) times the product of all earlier strides.
    A third element, if given, is the dilation.

    >>> receptive_field([(3, 1), (3, 1)])
    5
    """
    if isinstance(layers, str | bytes) or not hasattr(layers, "__iter__"):
        raise GeometryError(f"layers must be a sequence of (kernel, stride) pairs, got {layers!r}")
    field, jump = 1, 1
    for layer in layers:
        if not (isinstance(layer, tuple | list) and len(layer) in (2, 3)):
            raise GeometryError(
                f"each layer must be (kernel, stride) or (kernel, stride, dilation), got {layer!r}"
            )
        k, s, d = (*layer, 1) if len(layer) == 2 else layer
        field += (effective_kernel(k, d) - 1) * jump
        jump *= _positive_int("stride", s)
    return field
