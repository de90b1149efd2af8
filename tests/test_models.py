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


def test_zfnet_follows_the_papers_sizes_and_first_layer():
    model = models.zfnet()
    sides = [layer.output.shape[1] for layer in model.layers if layer.name[:4] in ("conv", "pool")]
    assert sides == [110, 55, 26, 13, 13, 13, 13, 6]  # Figure 3 of Zeiler & Fergus
    convs = [(7, 3, 96), (5, 96, 256), (3, 256, 384), (3, 384, 384), (3, 384, 256)]
    expected = sum(ar.conv_params(*c) for c in convs) + ar.dense_params(6 * 6 * 256, 4096)
    expected += ar.dense_params(4096, 4096) + ar.dense_params(4096, 1000)
    assert model.count_params() == expected and model.output_shape == (None, 1000)
    assert model.get_layer("conv1").count_params() == ar.conv_params(7, 3, 96) == 14_208


def test_googlenet_follows_table_1():
    model = models.googlenet()
    assert model.output_shape == (None, 1000)
    concat_channels = {
        k: model.get_layer(f"inception_{k}_output").output.shape[-1] for k in models.INCEPTION
    }
    assert concat_channels == {
        "3a": 256, "3b": 480, "4a": 512, "4b": 512, "4c": 512, "4d": 528, "4e": 832,
        "5a": 832, "5b": 1024,
    }  # fmt: skip
    # Each module's parameters, built by Keras, equal the arithmetic of inception_costs.
    for key, spec in models.INCEPTION.items():
        built = sum(
            layer.count_params()
            for layer in model.layers
            if layer.name.startswith(f"inception_{key}_")
        )
        module_input = model.get_layer(f"inception_{key}_1x1").input.shape[1:]
        assert built == models.inception_costs(module_input, spec)[0]
    # Paper: "about 6.8 million" (the sum of Table 1's column); ours counts biases and exact sizes.
    assert abs(model.count_params() / 6.8e6 - 1) < 0.05


def test_inception_bottlenecks_save_parameters_and_macs():
    with_, without = (
        models.inception_costs((28, 28, 192), models.INCEPTION["3a"], b) for b in (True, False)
    )
    # naive 3x3 on 192 channels: 9*192*128 weights instead of 192*96 + 9*96*128
    assert without[0] - with_[0] == (
        ar.conv_params(3, 192, 128) + ar.conv_params(5, 192, 32)
        - ar.conv_params(1, 192, 96) - ar.conv_params(3, 96, 128)
        - ar.conv_params(1, 192, 16) - ar.conv_params(5, 16, 32) - ar.conv_params(1, 192, 32)
    )  # fmt: skip
    assert without[1] > 2 * with_[1]


def test_layer_table_on_a_small_model(keras):
    L = keras.layers
    model = keras.Sequential([
        keras.Input((12, 12, 2)),
        L.Conv2D(4, 3, name="a"),  # 10x10x4, rf 3
        L.MaxPooling2D(2, name="b"),  # 5x5x4, rf 4, jump 2
        L.Conv2D(6, 3, strides=2, padding="same", name="c"),  # 3x3x6, rf 4 + 2*2 = 8
        L.Flatten(name="d"),
        L.Dense(5, name="e"),
    ])  # fmt: skip
    table = models.layer_table(model).set_index("layer")
    assert list(table.index) == ["a", "b", "c", "d", "e"]
    assert table["output shape"].tolist() == [(10, 10, 4), (5, 5, 4), (3, 3, 6), (54,), (5,)]
    assert table["parameters"].tolist() == [(9 * 2 + 1) * 4, 0, (9 * 4 + 1) * 6, 0, 55 * 5]
    assert table["receptive field"].tolist() == [3, 4, 8, "all", "all"]
    assert table["MACs"].tolist() == [100 * 4 * 9 * 2, 0, 9 * 6 * 9 * 4, 0, 54 * 5]
    assert table["parameters"].sum() == model.count_params()


def test_layer_table_follows_the_widest_branch_and_groups(keras):
    L = keras.layers
    inputs = keras.Input((8, 8, 4))
    wide = L.Conv2D(4, 5, padding="same", name="wide")(inputs)
    narrow = L.Conv2D(4, 1, groups=2, name="narrow")(inputs)
    outputs = L.Add(name="sum")([narrow, wide])
    table = models.layer_table(keras.Model(inputs, outputs)).set_index("layer")
    assert table.loc["sum", "receptive field"] == 5
    assert table.loc["narrow", "MACs"] == 64 * 4 * 2  # each output reads 2 of the 4 channels


@pytest.mark.parametrize("build", [models.alexnet, models.googlenet, lambda: models.resnet(50)])
def test_layer_table_totals_match_keras(build):
    model = build()
    table = models.layer_table(model)
    assert table["parameters"].sum() == model.count_params()
    assert table["output shape"].iloc[-1] == (1000,)


def test_papers_multiply_adds():
    # He et al. 2015 Table 1: 3.8 x 10^9 FLOPs (multiply-adds) for ResNet-50, 11.3 for -152.
    # Szegedy et al. 2014: "1.5 billion multiply-adds" for GoogLeNet.
    for model, billions in [
        (models.resnet(50), 3.8),
        (models.resnet(152), 11.3),
        (models.googlenet(), 1.5),
    ]:
        macs = models.layer_table(model)["MACs"].sum() / 1e9
        assert abs(macs / billions - 1) < 0.06, (model.name, macs)


def test_architecture_drawing_groups_layers_by_output_size():
    from utils.plots import _stages, plot_architecture

    table = models.layer_table(models.resnet(152))
    stages = _stages(table)
    assert [s["key"] for s in stages] == [
        (112, 112),
        (56, 56),
        (28, 28),
        (14, 14),
        (7, 7),
        ("dense", 1000),
    ]
    assert [s["convs"] for s in stages] == [1, 3 * 3 + 1, 8 * 3 + 1, 36 * 3 + 1, 3 * 3 + 1, 0]
    assert sum(s["convs"] for s in stages) == (table["type"] == "Conv2D").sum()
    figure = plot_architecture(table, "ResNet-152")
    assert len(figure.axes[0].patches) == len(stages)


def test_milestone_nets_build_and_cite():
    from utils import bibliography, milestones

    years = [net.year for net in milestones.NETS]
    assert years == sorted(years)
    assert all(net.source in bibliography.BIBLIOGRAPHY and net.idea for net in milestones.NETS)
    singles = [net.single for net in milestones.NETS if net.single]
    assert all(r.models == 1 and r.split == "validation" for r in singles)
    assert all(e.ensemble and e.split == "test" for e in milestones.ENTRIES)
    clean = [e.top5 for e in milestones.ENTRIES if not e.extra_data]  # by year, no extra data
    assert clean == sorted(clean, reverse=True) and milestones.HUMAN.top5 == 5.1
    assert milestones.NETS[0].build().count_params() == 61_706
    assert sum(milestones.LENET5_PAPER.values()) == 60_000  # LeCun et al. 1998, §II.B
    assert milestones.NETS[-1].builder.args == (152,)  # the builder itself, not a name to look up


def test_results_refuse_a_place_that_their_source_does_not_list():
    from utils import milestones

    with pytest.raises(ValueError, match="no place 'Table 9'"):
        milestones.Result("x", 2012, 1.0, "test", 1, False, "krizhevsky2012", "Table 9")
    with pytest.raises(ValueError, match="split must be"):
        milestones.Result("x", 2012, 1.0, "train", 1, False, "krizhevsky2012", "Table 2")
    verdicts = {c.verdict for c in milestones.OUTLINE_CORRECTIONS}
    assert verdicts == {"wrong", "ambiguous", "half right"}
