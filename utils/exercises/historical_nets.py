"""The exercises of notebook 10_historical_nets: each check and the answer it checks."""

import numpy as np

from .. import arithmetic, nn
from ..checking import function, predict, register, same

__all__ = [
    "lenet_c1_parameters",
    "vgg_stack_parameters",
    "bottleneck_macs",
    "residual_function",
    "bottleneck_block_weights",
]


register(
    "lenet_c1_parameters", "10_historical_nets",
    "LeNet-5's first layer C1: six 5x5 filters on a 32x32 grey image. How many trainable "
    "parameters? Work it out, then compare with the table above.",
    arithmetic.conv_params(5, 1, 6),
    "(5*5 + 1) * 6 = 156, as LeCun et al. count them (1998, §II.B).",
)  # fmt: skip


def lenet_c1_parameters(answer):
    """Check LeNet-5's C1 parameter count."""
    return predict("lenet_c1_parameters", answer, [
        (arithmetic.conv_params(5, 1, 6, bias=False), "Close: each filter also has one bias."),
        (arithmetic.conv_connections((32, 32, 1), 5, 6),
         "Those are connections: each filter's 26 parameters are shared by all 28x28 positions."),
        (arithmetic.conv_params(5, 3, 6), "The input is grey: one channel."),
    ])  # fmt: skip


register(
    "vgg_stack_parameters", "10_historical_nets",
    "Three stacked 3x3 conv layers, 128 channels in and out, biases included: how many "
    "parameters in all?",
    3 * arithmetic.conv_params(3, 128, 128),
    "3 * (3*3*128 + 1) * 128 = 442,752, against 802,944 for one 7x7 layer with the same "
    "7x7 receptive field.",
)  # fmt: skip


def vgg_stack_parameters(answer):
    """Check the parameters of three stacked 3x3 layers at 128 channels."""
    return predict("vgg_stack_parameters", answer, [
        (arithmetic.conv_params(7, 128, 128), "That is the single 7x7 layer the stack replaces."),
        (arithmetic.conv_params(3, 128, 128), "That is one layer: the stack has three."),
        (3 * arithmetic.conv_params(3, 128, 128, bias=False), "Close: add the biases."),
    ])  # fmt: skip


register(
    "bottleneck_macs", "10_historical_nets",
    "Inception's 1x1 bottleneck: 16 filters of 1x1 on a 28x28 map of 192 channels. How many "
    "multiply-accumulates?",
    arithmetic.conv_macs((28, 28, 192), 1, 16),
    "Each of the 28 * 28 * 16 outputs sums 192 products: 2,408,448 MACs.",
)  # fmt: skip


def bottleneck_macs(answer):
    """Check the MACs of a 1x1 convolution from 192 to 16 channels on 28x28."""
    return predict("bottleneck_macs", answer, [
        (arithmetic.conv_macs((28, 28, 192), 3, 16, padding=1),
         "A 1x1 kernel has one tap per channel, not nine."),
        (arithmetic.conv_params(1, 192, 16, bias=False),
         "Those are the weights: each is used at all 28 * 28 positions."),
        (28 * 28 * 16, "Each output sums over all 192 input channels."),
    ])  # fmt: skip


register(
    "residual_function", "10_historical_nets",
    "Write residual(x, W): a block whose layer is relu(x @ W), with a skip connection that adds "
    "x back, then a ReLU after the addition.",
    "def residual(x, W):\n    return np.maximum(np.maximum(x @ W, 0) + x, 0)",
    "The block outputs relu(F(x) + x): with W = 0 it passes relu(x) on, which is x itself when "
    "x comes out of an earlier ReLU. Doing nothing is easy for a block with a skip.",
)  # fmt: skip


def residual_function(answer):
    """Check a learner's residual block on random inputs."""
    rng = np.random.default_rng(13)
    cases = [(rng.normal(size=(n, d)), rng.normal(size=(d, d))) for n, d in ((4, 3), (1, 6))]

    def ours(x, w):
        return nn.relu(nn.relu(x @ w) + x)

    return function("residual_function", answer, cases, ours, [
        (lambda got, args: same(got, nn.relu(args[0] @ args[1])),
         "That is the plain layer: add x back before the last ReLU."),
        (lambda got, args: same(got, nn.relu(args[0] @ args[1]) + args[0]),
         "Apply ReLU after the addition too (He et al. 2016, Fig. 2)."),
    ])  # fmt: skip


register(
    "bottleneck_block_weights", "10_historical_nets",
    "Challenge: the bottleneck block of ResNet's first stage (conv2_x, He et al. 2016, Table 1): "
    "1x1 from 256 to 64 channels, 3x3 at 64, 1x1 back to 256, no biases. How many weights? "
    "Compare with two plain 3x3 layers at 256.",
    arithmetic.conv_params(1, 256, 64, bias=False) + arithmetic.conv_params(3, 64, 64, bias=False)
    + arithmetic.conv_params(1, 64, 256, bias=False),
    "16,384 + 36,864 + 16,384 = 69,632, about 17 times fewer than two 3x3 layers at 256 "
    "(1,179,648): the 3x3 works on 64 channels only.",
)  # fmt: skip


def bottleneck_block_weights(answer):
    """Check the weights of a ResNet bottleneck block at 256/64 channels."""
    return predict("bottleneck_block_weights", answer, [
        (2 * arithmetic.conv_params(3, 256, 256, bias=False),
         "That is two plain 3x3 layers at 256: the bottleneck squeezes to 64 first."),
        (arithmetic.conv_params(3, 64, 64, bias=False), "Count the two 1x1 layers too."),
        (arithmetic.conv_params(3, 256, 64, bias=False),
         "The 3x3 sees the 64 channels of the first 1x1, not 256."),
    ])  # fmt: skip
