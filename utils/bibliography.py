"""Every paper, book and report that a slide quotes, with the places (table, section, figure) used.

A notebook cites with a markdown link whose target is the key: ``[Krizhevsky et al. 2012,
Table 2](#krizhevsky2012)``. Code cites with ``cite("krizhevsky2012", "Table 2")``, which refuses
a key or a place that is not listed here. ``make nav`` writes each notebook's closing sources
slide from its citations, and a test fails on any key or place that is not in this file.
Explained in notebook 00_index (how we cite).

>>> cite("krizhevsky2012", "Table 2")
'Krizhevsky et al. 2012, Table 2'
"""

from dataclasses import dataclass, field

__all__ = ["Source", "BIBLIOGRAPHY", "cite", "reference"]


@dataclass(frozen=True)
class Source:
    """One work: who, when, what, where, and what each cited place of it gives."""

    key: str
    authors: tuple[str, ...]  # surnames first: ("Krizhevsky, A.", ...)
    year: int
    title: str
    venue: str
    places: dict = field(default_factory=dict)  # "Table 2" -> what it gives

    @property
    def short(self):
        """Surname(s) and year, as a citation reads: 'Simonyan & Zisserman 2015'."""
        names = [a.split(",")[0] for a in self.authors]
        who = names[0] if len(names) == 1 else " & ".join(names) if len(names) == 2 else ""
        return f"{who or names[0] + ' et al.'} {self.year}"


def _source(key, authors, year, title, venue, **places):
    return Source(key, tuple(authors.split("; ")), year, title, venue, places)


_SOURCES = (
    _source(
        "mitchell1997", "Mitchell, T. M.", 1997, "Machine Learning", "McGraw-Hill",
        **{"§1.1": "a program learns from experience E with respect to tasks T and measure P"},
    ),
    _source(
        "rosenblatt1958", "Rosenblatt, F.", 1958,
        "The perceptron: a probabilistic model for information storage and organization in the "
        "brain",
        "Psychological Review 65(6):386-408",
    ),
    _source(
        "rumelhart1986", "Rumelhart, D. E.; Hinton, G. E.; Williams, R. J.", 1986,
        "Learning representations by back-propagating errors", "Nature 323:533-536",
    ),
    _source(
        "hubel1959", "Hubel, D. H.; Wiesel, T. N.", 1959,
        "Receptive fields of single neurones in the cat's striate cortex",
        "Journal of Physiology 148:574-591",
    ),
    _source(
        "hubel1962", "Hubel, D. H.; Wiesel, T. N.", 1962,
        "Receptive fields, binocular interaction and functional architecture in the cat's "
        "visual cortex", "Journal of Physiology 160:106-154",
    ),
    _source(
        "hubel1968", "Hubel, D. H.; Wiesel, T. N.", 1968,
        "Receptive fields and functional architecture of monkey striate cortex",
        "Journal of Physiology 195:215-243",
    ),
    _source(
        "fukushima1980", "Fukushima, K.", 1980,
        "Neocognitron: a self-organizing neural network model for a mechanism of pattern "
        "recognition unaffected by shift in position", "Biological Cybernetics 36:193-202",
    ),
    _source(
        "lecun1989", "LeCun, Y.; Boser, B.; Denker, J. S.; Henderson, D.; Howard, R. E.; "
        "Hubbard, W.; Jackel, L. D.", 1989,
        "Backpropagation applied to handwritten zip code recognition",
        "Neural Computation 1(4):541-551",
    ),
    _source(
        "lecun1998", "LeCun, Y.; Bottou, L.; Bengio, Y.; Haffner, P.", 1998,
        "Gradient-based learning applied to document recognition",
        "Proceedings of the IEEE 86(11):2278-2324",
        **{
            "§II.B": "LeNet-5 layer by layer: C1 156, S2 12, C3 1,516, S4 32, C5 48,120, F6 10,164 "
            "trainable parameters; 60,000 in all; RBF output units with fixed vectors",
            "Table I": "which S2 maps feed each C3 map (a sparse connection table)",
        },
    ),
    _source(
        "lecun_mnist", "LeCun, Y.; Cortes, C.; Burges, C. J. C.", 1998,
        "The MNIST database of handwritten digits", "web page, yann.lecun.com/exdb/mnist",
        page="60,000 training and 10,000 test digits, 20x20 centred by centre of mass in 28x28",
    ),
    _source(
        "krizhevsky2009", "Krizhevsky, A.", 2009, "Learning multiple layers of features from tiny "
        "images", "Technical report, University of Toronto",
        **{"Ch. 3": "CIFAR-10 and CIFAR-100: 50,000 training and 10,000 test 32x32 colour images"},
    ),
    _source(
        "krizhevsky2012", "Krizhevsky, A.; Sutskever, I.; Hinton, G. E.", 2012,
        "ImageNet classification with deep convolutional neural networks", "NIPS 2012",
        abstract="60 million parameters; ILSVRC-2012 winner at 15.3% top-5 test error, "
        "against 26.2% for the second-best entry",
        **{
            "§2": "ILSVRC: about 1.2 million training images in 1,000 classes; ImageNet: over 15 "
            "million images in about 22,000 categories",
            "§3.1": "ReLU: a 4-layer CNN reaches 25% training error on CIFAR-10 six times faster "
            "than with tanh (Fig. 1)",
            "§3.2": "two GPUs; conv2, conv4 and conv5 see only the maps on their own GPU",
            "§3.5": "224x224x3 input, 96 kernels of 11x11x3 at stride 4",
            "§4.1": "data augmentation: random 224x224 crops of the 256x256 images and their "
            "horizontal reflections",
            "§4.2": "dropout in the first two fully connected layers",
            "§6": "ILSVRC-2012: one CNN 18.2% top-5 (validation); 5 CNNs 16.4% (test); 7 CNNs, two "
            "of them pre-trained on the whole Fall 2011 ImageNet release, 15.3% (test)",
            "Table 2": "top-5 error, validation / test: 1 CNN 18.2 / -; 5 CNNs 16.4 / 16.4; "
            "7 CNNs* 15.4 / 15.3 (* pre-trained on extra data); second-best entry - / 26.2",
            "§6.1": "the first-layer kernels: oriented, frequency-selective, and colour blobs "
            "(Fig. 3)",
        },
    ),
    _source(
        "zeiler2013", "Zeiler, M. D.; Fergus, R.", 2013,
        "Stochastic pooling for regularization of deep convolutional neural networks",
        "ICLR 2013 (arXiv:1301.3557)",
        abstract="a stochastic procedure picks one activation per pooling region, from a "
        "multinomial given by the activations; it regularises without hyper-parameters",
    ),
    _source(
        "zeiler2014", "Zeiler, M. D.; Fergus, R.", 2014,
        "Visualizing and understanding convolutional networks",
        "ECCV 2014 (arXiv:1311.2901, 2013)",
        **{
            "§2.1": "the deconvnet that maps activations back to pixels",
            "§4": "layer 2 responds to corners and edge-colour conjunctions, layer 3 to textures, "
            "layer 4 to parts, layer 5 to whole objects (Fig. 2)",
            "§4.1": "AlexNet's first-layer filters miss the mid frequencies; its second layer "
            "shows aliasing from the stride of 4; fix: 7x7 filters at stride 2 (Fig. 6)",
            "§4.2": "occlusion sensitivity: a grey square slid over the image; the probability "
            "of the true class drops when the object is covered (Fig. 7)",
            "Table 2": "ILSVRC-2012 top-5: 1 net 16.5 (validation); 6 nets 14.7 (validation) / "
            "14.8 (test)",
        },
    ),
    _source(
        "simonyan2014", "Simonyan, K.; Vedaldi, A.; Zisserman, A.", 2014,
        "Deep inside convolutional networks: visualising image classification models and "
        "saliency maps", "ICLR 2014 workshop (arXiv:1312.6034, 2013)",
        **{"§3.1": "class saliency: the gradient of the class score with respect to the image; "
           "for colour images, the largest magnitude over the three channels"},
    ),
    _source(
        "ioffe2015", "Ioffe, S.; Szegedy, C.", 2015,
        "Batch normalization: accelerating deep network training by reducing internal "
        "covariate shift", "ICML 2015 (arXiv:1502.03167)",
        **{
            "Algorithm 1": "the batch-normalising transform: normalise by the mini-batch mean "
            "and variance, then scale by gamma and shift by beta",
            "Algorithm 2": "at inference, normalise with the population statistics (moving "
            "averages) instead of the batch's",
        },
    ),
    _source(
        "szegedy2016", "Szegedy, C.; Vanhoucke, V.; Ioffe, S.; Shlens, J.; Wojna, Z.", 2016,
        "Rethinking the Inception architecture for computer vision", "CVPR 2016 "
        "(arXiv:1512.00567, 2015)",
        **{"§7": "label smoothing: the target mixes the one-hot label with the uniform "
           "distribution, weight 0.1"},
    ),
    _source(
        "lin2014", "Lin, M.; Chen, Q.; Yan, S.", 2014, "Network in network",
        "ICLR 2014 (arXiv:1312.4400, 2013)",
        **{"§3.2": "global average pooling instead of fully connected layers"},
    ),
    _source(
        "simonyan2015", "Simonyan, K.; Zisserman, A.", 2015,
        "Very deep convolutional networks for large-scale image recognition",
        "ICLR 2015 (arXiv:1409.1556, 2014)",
        **{
            "§2.1": "3x3 convolutions at stride 1 with 1 pixel of padding; 2x2 max pooling at "
            "stride 2",
            "§2.3": "three stacked 3x3 layers: three ReLUs make the decision function more "
            "discriminative, and 27C^2 weights instead of 49C^2 for one 7x7 layer",
            "§4.5": "ILSVRC-2014: second in classification with 7.3% top-5 test error (7 nets); "
            "after the challenge 6.8% (2 nets)",
            "Table 5": "single nets, top-5 validation error with multi-crop and dense evaluation: "
            "D (VGG-16) 7.2%, E (VGG-19) 7.1%",
            "Table 7": "top-5 test error: VGG 7 nets 7.3, 2 nets 6.8, 1 net 7.0; Clarifai 11.7 "
            "without and 11.2 with outside training data; Zeiler & Fergus 14.8 (6 nets), 16.1 "
            "(1 net); GoogLeNet 6.7 (7 nets), 7.9 (1 net)",
        },
    ),
    _source(
        "szegedy2015", "Szegedy, C.; Liu, W.; Jia, Y.; Sermanet, P.; Reed, S.; Anguelov, D.; "
        "Erhan, D.; Vanhoucke, V.; Rabinovich, A.", 2015, "Going deeper with convolutions",
        "CVPR 2015 (arXiv:1409.4842, 2014)",
        **{
            "§5": "22 layers with parameters; the auxiliary classifiers are discarded at inference",
            "Table 1": "the filter counts and parameters of every Inception module",
            "§7": "the submission: 7 models, 144 crops per image, 6.67% top-5 error",
            "Table 2": "ILSVRC top-5 test error: SuperVision 2012 16.4% (no external data) and "
            "15.3% (ImageNet 22k); Clarifai 2013 11.7% (none) and 11.2% (ImageNet 22k); VGG 2014 "
            "7.32%; GoogLeNet 2014 6.67% (none)",
            "Table 3": "validation: 1 model, 1 crop 10.07%; 1 model, 144 crops 7.89%; 7 models, "
            "144 crops 6.67%",
        },
    ),
    _source(
        "he2016", "He, K.; Zhang, X.; Ren, S.; Sun, J.", 2016,
        "Deep residual learning for image recognition", "CVPR 2016 (arXiv:1512.03385, 2015)",
        **{
            "§1": "degradation: deeper plain nets reach a higher training error (Fig. 1); if an "
            "identity mapping were optimal, pushing the residual to zero would be easier than "
            "fitting it",
            "§3.3": "when the map size halves, the filters double; the net ends in global average "
            "pooling",
            "§4.1": "the 34-layer plain net has a higher training error throughout training than "
            "the 18-layer one, and this is unlikely to be caused by vanishing gradients (Fig. 4); "
            "the 152-layer ResNet (11.3 billion FLOPs) has lower complexity than VGG-16/19 "
            "(15.3/19.6 billion FLOPs)",
            "Table 1": "the ImageNet architectures; in ResNet-50/101/152 the first stage, conv2_x, "
            "is 3 bottleneck blocks of 1x1, 64; 3x3, 64; 1x1, 256",
            "Table 4": "single models, top-5 validation error: ResNet-152 4.49%",
            "Table 5": "ensembles, top-5 test error: ResNet 3.57% (ILSVRC-2015 winner)",
        },
    ),
    _source(
        "he2016identity", "He, K.; Zhang, X.; Ren, S.; Sun, J.", 2016,
        "Identity mappings in deep residual networks", "ECCV 2016 (arXiv:1603.05027)",
        **{"§3": "with identity shortcuts, the gradient of any unit reaches every earlier unit "
           "directly (Eqs. 4 and 5)"},
    ),
    _source(
        "russakovsky2015", "Russakovsky, O.; Deng, J.; Su, H.; Krause, J.; Satheesh, S.; Ma, S.; "
        "Huang, Z.; Karpathy, A.; Khosla, A.; Bernstein, M.; Berg, A. C.; Fei-Fei, L.", 2015,
        "ImageNet large scale visual recognition challenge", "IJCV 115(3):211-252",
        **{"§4.1": "image classification is scored by top-5 error: an image counts as right if "
           "the true class is among the five labels given",
           "§6.4": "a trained human annotator: 5.1% top-5 error on 1,500 test images (Table 9)"},
    ),
    _source(
        "srivastava2014", "Srivastava, N.; Hinton, G.; Krizhevsky, A.; Sutskever, I.; "
        "Salakhutdinov, R.", 2014,
        "Dropout: a simple way to prevent neural networks from overfitting", "JMLR 15:1929-1958",
        **{"§1": "drop units at random while training; scale the weights at test time (Fig. 2)",
           "§6": "dropout lowers the test error on every dataset tried"},
    ),
    _source(
        "scherer2010", "Scherer, D.; Müller, A.; Behnke, S.", 2010,
        "Evaluation of pooling operations in convolutional architectures for object recognition",
        "ICANN 2010, LNCS 6354:92-101",
        abstract="max pooling significantly outperforms subsampling; overlapping windows bring no "
        "significant gain",
    ),
    _source(
        "graham2014", "Graham, B.", 2014, "Fractional max-pooling", "arXiv:1412.6071",
        abstract="pooling by a non-integer factor between 1 and 2, over random or pseudo-random "
        "regions, reduces overfitting",
    ),
    _source(
        "dumoulin2016", "Dumoulin, V.; Visin, F.", 2016,
        "A guide to convolution arithmetic for deep learning", "arXiv:1603.07285",
        **{"§2": "output size (n + 2p - k)/s + 1", "§4": "transposed convolution arithmetic",
           "§5": "dilated convolutions: k + (k - 1)(d - 1)"},
    ),
    _source(
        "goodfellow2016", "Goodfellow, I.; Bengio, Y.; Courville, A.", 2016, "Deep Learning",
        "MIT Press",
        **{
            "§4.1": "overflow and underflow: softmax is evaluated stably on z - max(z)",
            "§6.2.1.1": "cross-entropy is the negative log-likelihood; squared error saturates "
            "with sigmoid and softmax outputs",
            "§9.1": "libraries implement cross-correlation and call it convolution",
        },
    ),
    _source(
        "polyak1964", "Polyak, B. T.", 1964,
        "Some methods of speeding up the convergence of iteration methods",
        "USSR Computational Mathematics and Mathematical Physics 4(5):1-17",
    ),
    _source(
        "sutskever2013", "Sutskever, I.; Martens, J.; Dahl, G.; Hinton, G.", 2013,
        "On the importance of initialization and momentum in deep learning", "ICML 2013",
    ),
    _source(
        "kingma2015", "Kingma, D. P.; Ba, J.", 2015, "Adam: a method for stochastic optimization",
        "ICLR 2015 (arXiv:1412.6980)",
        **{"Algorithm 1": "the Adam update: bias-corrected first and second moment estimates"},
    ),
    _source(
        "loshchilov2017", "Loshchilov, I.; Hutter, F.", 2017,
        "SGDR: stochastic gradient descent with warm restarts", "ICLR 2017 (arXiv:1608.03983)",
        **{"Eq. 5": "cosine annealing of the learning rate between a maximum and a minimum"},
    ),
    _source(
        "loshchilov2019", "Loshchilov, I.; Hutter, F.", 2019, "Decoupled weight decay "
        "regularization", "ICLR 2019 (arXiv:1711.05101, 2017)",
        **{"Algorithm 2": "AdamW: weight decay applied to the weights directly, not through "
           "Adam's adaptive gradient step"},
    ),
    _source(
        "goyal2017", "Goyal, P.; Dollár, P.; Girshick, R.; Noordhuis, P.; Wesolowski, L.; "
        "Kyrola, A.; Tulloch, A.; Jia, Y.; He, K.", 2017,
        "Accurate, large minibatch SGD: training ImageNet in 1 hour", "arXiv:1706.02677",
        **{"§2.1": "the linear scaling rule: multiply the learning rate with the batch size",
           "§2.2": "a gradual warm-up of the learning rate over the first epochs"},
    ),
    _source(
        "liu2020", "Liu, L.; Jiang, H.; He, P.; Chen, W.; Liu, X.; Gao, J.; Han, J.", 2020,
        "On the variance of the adaptive learning rate and beyond", "ICLR 2020 (arXiv:1908.03265)",
        **{"§3": "early in training Adam's adaptive learning rate has a large variance; warm-up "
           "reduces it"},
    ),
    _source(
        "glorot2010", "Glorot, X.; Bengio, Y.", 2010,
        "Understanding the difficulty of training deep feedforward neural networks", "AISTATS 2010",
    ),
    _source(
        "he2015", "He, K.; Zhang, X.; Ren, S.; Sun, J.", 2015,
        "Delving deep into rectifiers: surpassing human-level performance on ImageNet "
        "classification", "ICCV 2015 (arXiv:1502.01852)",
        **{"§2.2": "initial weights with variance 2/n_in keep ReLU activations from shrinking or "
           "growing with depth"},
    ),
    _source(
        "xiao2017", "Xiao, H.; Rasul, K.; Vollgraf, R.", 2017,
        "Fashion-MNIST: a novel image dataset for benchmarking machine learning algorithms",
        "arXiv:1708.07747",
        abstract="70,000 fashion images, 28x28 grayscale, 10 classes; intended as a direct "
        "drop-in replacement for MNIST",
    ),
    _source(
        "han2015", "Han, S.; Pool, J.; Tran, J.; Dally, W. J.", 2015,
        "Learning both weights and connections for efficient neural networks", "NIPS 2015",
        abstract="train, prune, retrain: AlexNet 9x and VGG-16 13x fewer weights, no accuracy lost",
    ),
    _source(
        "jaderberg2015", "Jaderberg, M.; Simonyan, K.; Zisserman, A.; Kavukcuoglu, K.", 2015,
        "Spatial transformer networks", "NIPS 2015",
        **{"§3": "a localisation net predicts theta; an affine grid; a differentiable bilinear "
           "sampler"},
    ),
    _source(
        "goodfellow2014", "Goodfellow, I.; Pouget-Abadie, J.; Mirza, M.; Xu, B.; "
        "Warde-Farley, D.; Ozair, S.; Courville, A.; Bengio, Y.", 2014,
        "Generative adversarial nets", "NIPS 2014",
        **{"§3": "a generator and a discriminator play a minimax game (Eq. 1)",
           "Proposition 1": "for a fixed generator the best discriminator is "
           "p_data / (p_data + p_g), which is 1/2 where p_g = p_data (§4.1)"},
    ),
    _source(
        "metz2017", "Metz, L.; Poole, B.; Pfau, D.; Sohl-Dickstein, J.", 2017,
        "Unrolled generative adversarial networks", "ICLR 2017",
        **{"Fig. 1": "a plain GAN on a ring of 8 Gaussians jumps from one mode to the next"},
    ),
)  # fmt: skip

BIBLIOGRAPHY = {source.key: source for source in _SOURCES}


def _lookup(key, place=None):
    if key not in BIBLIOGRAPHY:
        raise ValueError(f"no source {key!r} in utils.bibliography; add it there first")
    source = BIBLIOGRAPHY[key]
    if place is not None and place not in source.places:
        raise ValueError(
            f"{key} has no place {place!r} in utils.bibliography; its places are "
            f"{sorted(source.places)}"
        )
    return source


def cite(key, place=None):
    """'Author(s) year, place' for a slide, refusing keys and places not in the bibliography.

    >>> cite("simonyan2015")
    'Simonyan & Zisserman 2015'
    """
    source = _lookup(key, place)
    return source.short if place is None else f"{source.short}, {place}"


def reference(key, places=()):
    """The full reference, as the sources slide lists it, with the places cited.

    >>> print(reference("lin2014", ["§3.2"]))
    Lin, M., Chen, Q. & Yan, S. (2014). *Network in network*. ICLR 2014 (arXiv:1312.4400,
    2013). Cited: §3.2.
    """
    source = _lookup(key)
    for place in places:
        _lookup(key, place)
    names = list(source.authors)
    if len(names) > 4:
        who = f"{names[0]} et al."
    else:
        who = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " & " + names[-1]
    cited = f" Cited: {', '.join(places)}." if places else ""
    return f"{who} ({source.year}). *{source.title}*. {source.venue}.{cited}"
