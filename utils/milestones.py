"""The historical nets: what each contributed and its published ImageNet results, with sources.

Explained in notebook 10_historical_nets. Parameters and MACs are not typed here: the notebook
computes them from the builders in ``utils.models``. Every result says what it is: top-5 error
in percent, on the validation or the test set, of one model or an ensemble, with or without
extra training data, and the table or section it comes from (``utils.bibliography``).
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from . import models
from .bibliography import cite

__all__ = [
    "Result", "Net", "NETS", "ENTRIES", "HUMAN", "Correction", "OUTLINE_CORRECTIONS",
    "LENET5_PAPER",
]  # fmt: skip


@dataclass(frozen=True)
class Result:
    """One published ILSVRC classification result."""

    who: str  # the net or the team's entry
    year: int  # the year of the contest, or of the paper for a single model
    top5: float  # top-5 error, percent
    split: str  # "validation" or "test"
    models: int  # 1 for a single model, else the ensemble's size (0: "several", unstated)
    extra_data: bool  # trained on more than the ILSVRC training set
    source: str  # bibliography key
    place: str  # table or section in that source
    note: str = ""  # says what the number is, where "1 net" or "7 nets" would not

    def __post_init__(self):
        cite(self.source, self.place)  # refuses a source or place not in the bibliography
        if self.split not in ("validation", "test"):
            raise ValueError(f"split must be 'validation' or 'test', got {self.split!r}")

    @property
    def ensemble(self):
        return self.models != 1

    @property
    def label(self):
        """'7 nets, test, +extra data' and the like: what the number is."""
        if self.note:
            return self.note
        size = "1 net" if self.models == 1 else f"{self.models or 'several'} nets"
        return f"{size}, {self.split}" + (", +extra data" if self.extra_data else "")

    @property
    def citation(self):
        return cite(self.source, self.place)


@dataclass(frozen=True)
class Net:
    name: str
    year: int
    builder: Callable  # returns the Keras model, uncompiled, with random weights
    idea: str
    source: str  # bibliography key of the paper
    single: Result | None  # the paper's best single model, as close to our builder as it reports

    def build(self):
        """The net, uncompiled, with random weights."""
        return self.builder()


def _single(who, year, top5, split, source, place):
    return Result(who, year, top5, split, 1, False, source, place)


NETS = (
    Net("LeNet-5", 1998, models.lenet5, "convolution + subsampling, trained end to end by "
        "backprop (digits, 32x32)", "lecun1998", None),
    Net("AlexNet", 2012, models.alexnet, "ReLU, dropout, data augmentation, two GPUs",
        "krizhevsky2012", _single("AlexNet", 2012, 18.2, "validation", "krizhevsky2012",
                                  "Table 2")),
    Net("ZFNet", 2013, models.zfnet, "visualising features (deconvnet); 7x7 stride 2 first layer",
        "zeiler2014", _single("ZFNet", 2013, 16.5, "validation", "zeiler2014", "Table 2")),
    Net("VGG-16", 2014, partial(models.vgg, 16), "depth from stacked 3x3 convolutions only",
        "simonyan2015", _single("VGG-16", 2014, 7.2, "validation", "simonyan2015", "Table 5")),
    Net("GoogLeNet", 2014, models.googlenet, "Inception modules with 1x1 bottlenecks",
        "szegedy2015", _single("GoogLeNet", 2014, 7.89, "validation", "szegedy2015", "Table 3")),
    Net("ResNet-152", 2015, partial(models.resnet, 152),
        "residual (skip) connections: 152 layers train",
        "he2016", _single("ResNet-152", 2015, 4.49, "validation", "he2016", "Table 4")),
)  # fmt: skip

# The contest entries: ensembles on the ILSVRC test set, as the challenge ranked them.
ENTRIES = (
    Result("SuperVision (AlexNet)", 2012, 16.4, "test", 5, False, "krizhevsky2012", "Table 2"),
    Result("SuperVision (AlexNet)", 2012, 15.3, "test", 7, True, "krizhevsky2012", "Table 2"),
    Result("Clarifai", 2013, 11.7, "test", 0, False, "simonyan2015", "Table 7"),
    Result("Clarifai", 2013, 11.2, "test", 0, True, "simonyan2015", "§4.5"),
    Result("VGG (2nd)", 2014, 7.3, "test", 7, False, "simonyan2015", "Table 7"),
    Result("GoogLeNet", 2014, 6.67, "test", 7, False, "szegedy2015", "Table 2"),
    Result("ResNet", 2015, 3.57, "test", 0, False, "he2016", "Table 5"),
)  # fmt: skip

# One trained annotator on 1,500 test images: a reference point, not a contest entry.
HUMAN = Result(
    "human annotator",
    2014,
    5.1,
    "test",
    1,
    False,
    "russakovsky2015",
    "§6.4",
    "1 person, 1,500 test images",
)


@dataclass(frozen=True)
class Correction:
    """What the workshop outline said, how it stands, and what the source says."""

    what: str
    outline: str
    verdict: (
        str  # "wrong", "ambiguous" (a real figure, quoted without saying which) or "half right"
    )
    says: str
    source: str
    place: str

    def __post_init__(self):
        cite(self.source, self.place)
        if self.verdict not in ("wrong", "ambiguous", "half right"):
            raise ValueError(f"unknown verdict {self.verdict!r}")

    @property
    def citation(self):
        return cite(self.source, self.place)


OUTLINE_CORRECTIONS = (
    Correction("AlexNet top-5 error", "15.4%", "ambiguous",
               "15.4% on validation, 15.3% on test: the same 7-CNN ensemble",
               "krizhevsky2012", "Table 2"),
    Correction("AlexNet training data", "15 million images, 22,000 categories", "half right",
               "trained on ILSVRC-2012 (1.2 million images, 1,000 classes); two of the 7 CNNs "
               "behind 15.3% were pre-trained on all of ImageNet Fall 2011 (about 15 million, "
               "22,000 categories). Without them: 16.4%", "krizhevsky2012", "§6"),
    Correction("Clarifai (Zeiler) error, ILSVRC-2013", "11.2%", "ambiguous",
               "11.2% with outside training data, 11.7% without", "simonyan2015", "§4.5"),
    Correction("VGG error, ILSVRC-2014", "11.2%", "wrong",
               "7.3% (7 nets, test, 2nd place); best single net 7.0%", "simonyan2015", "Table 7"),
)  # fmt: skip

# LeNet-5 as LeCun et al. (1998, §II.B) count it: trainable parameters per layer. The output
# layer's RBF units have fixed, hand-set vectors: nothing to train.
LENET5_PAPER = {"C1": 156, "S2": 12, "C3": 1_516, "S4": 32, "C5": 48_120, "F6": 10_164,
                "output": 0}  # fmt: skip
