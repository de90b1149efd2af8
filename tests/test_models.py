"""Historical architectures: shapes, and parameter counts against Keras and the papers."""

import pytest

import utils
from utils import arithmetic as ar
from utils import models


@pytest.fixture(scope="module", autouse=True)
def keras():
    utils.setup(tensorflow=True)
    import keras

    return keras


@pytest.mark.parametrize(
    ("ours", "theirs"),
    [(lambda: models.vgg(16), "VGG16"), (lambda: models.vgg(19), "VGG19"),
     (lambda: models.resnet(50), "ResNet50"), (lambda: models.resnet(152), "ResNet152")],
    ids=["vgg16", "vgg19", "resnet50", "resnet152"],
)  # fmt: skip
def test_matches_keras_applications_parameter_for_parameter(keras, ours, theirs):
    reference = getattr(keras.applications, theirs)(weights=None)
    model = ours()
    assert model.count_params() == reference.count_params()
    assert model.output_shape == reference.output_shape == (None, 1000)


def test_alexnet_counts_follow_the_papers_layers():
    def total(groups):
        convs = [
            (11, 3, 96, 1),
            (5, 96, 256, groups),
            (3, 256, 384, 1),
            (3, 384, 384, groups),
            (3, 384, 256, groups),
        ]
        conv = sum(ar.conv_params(k, c_in // g, c_out) for k, c_in, c_out, g in convs)
        side = ar.pool_output_size(ar.conv_output_size(227, 11, stride=4), 3, stride=2)  # 55 -> 27
        side = ar.pool_output_size(ar.pool_output_size(side, 3, 2), 3, 2)  # 27 -> 13 -> 6
        return (
            conv
            + ar.dense_params(side * side * 256, 4096)
            + ar.dense_params(4096, 4096)
            + ar.dense_params(4096, 1000)
        )

    single, grouped = models.alexnet(), models.alexnet(grouped=True)
    assert single.count_params() == total(1) and round(total(1) / 1e6, 1) == 62.4
    assert grouped.count_params() == total(2) and round(total(2) / 1e6) == 61
    assert single.output_shape == grouped.output_shape == (None, 1000)


def test_lenet5_counts_and_shape():
    expected = (ar.conv_params(5, 1, 6) + ar.conv_params(5, 6, 16) + ar.conv_params(5, 16, 120)
                + ar.dense_params(120, 84) + ar.dense_params(84, 10))  # fmt: skip
    model = models.lenet5()
    assert model.count_params() == expected == 61_706 and model.output_shape == (None, 10)


@pytest.mark.parametrize(("depth", "millions"), [(18, 11.7), (34, 21.8)])
def test_basic_block_resnets_match_the_papers_sizes(depth, millions):
    model = models.resnet(depth)
    assert round(model.count_params() / 1e6, 1) == millions and model.output_shape == (None, 1000)


def test_unknown_depths_are_refused():
    with pytest.raises(ValueError, match="resnet depth must be one of .*got depth=42"):
        models.resnet(42)
    with pytest.raises(ValueError, match="vgg depth must be one of \\[16, 19\\], got depth=11"):
        models.vgg(11)
