"""The historical nets: what each contributed and its published ImageNet result, with sources.

Explained in notebook 09_historical_nets. Parameters and MACs are not typed here: the notebook
computes them from the builders in ``utils.models``.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from . import models

__all__ = ["Net", "NETS", "HUMAN_TOP5", "HUMAN_SOURCE", "OUTLINE_CORRECTIONS"]


@dataclass(frozen=True)
class Net:
    name: str
    year: int
    builder: Callable  # returns the Keras model, uncompiled, with random weights
    idea: str
    top5: float | None  # ILSVRC classification top-5 test error, percent
    source: str

    def build(self):
        """The net, uncompiled, with random weights."""
        return self.builder()


NETS = (
    Net("LeNet-5", 1998, models.lenet5, "convolution + subsampling, trained end to end by backprop "
        "(digits, 32x32)", None, "LeCun, Bottou, Bengio & Haffner, Proc. IEEE 86(11), 1998"),
    Net("AlexNet", 2012, models.alexnet, "ReLU, dropout, data augmentation, two GPUs",
        15.3, "Krizhevsky, Sutskever & Hinton, NIPS 2012, Table 2 (ILSVRC-2012 test)"),
    Net("ZFNet", 2013, models.zfnet, "visualising features (deconvnet); 7x7 stride 2 first layer",
        11.7, "Clarifai (Zeiler), ILSVRC-2013 winner: Russakovsky et al., IJCV 2015"),
    Net("VGG-16", 2014, partial(models.vgg, 16), "depth from stacked 3x3 convolutions only",
        7.3, "Simonyan & Zisserman, ICLR 2015, Table 7 (ILSVRC-2014 submission)"),
    Net("GoogLeNet", 2014, models.googlenet, "Inception modules with 1x1 bottlenecks",
        6.67, "Szegedy et al., CVPR 2015, Table 2 (ILSVRC-2014 winner)"),
    Net("ResNet-152", 2015, partial(models.resnet, 152),
        "residual (skip) connections: 152 layers train",
        3.57, "He, Zhang, Ren & Sun, CVPR 2016, Table 5 (ensemble, ILSVRC-2015 winner)"),
)  # fmt: skip

HUMAN_TOP5 = 5.1
HUMAN_SOURCE = (
    "Russakovsky et al., IJCV 2015, comparison to human performance (one trained annotator)"
)

# What the workshop outline said, against the sources above.
OUTLINE_CORRECTIONS = (
    ("AlexNet top-5 error", "15.4%", "15.3%", "Krizhevsky et al. 2012, Table 2"),
    ("AlexNet training data", "15 million images, 22,000 categories",
     "1.2 million images, 1,000 classes (ILSVRC-2012)", "Krizhevsky et al. 2012, Section 2"),
    ("ZFNet / Clarifai ILSVRC-2013 error", "11.2%", "11.7%", "Russakovsky et al. 2015"),
    ("VGG error", "11.2%", "7.3% (second in classification)", "Simonyan & Zisserman 2015, Table 7"),
)  # fmt: skip
