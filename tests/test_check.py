"""utils.check: every exercise passes its solution, refuses a typical mistake with the hint
aimed at it, and answers a malformed answer with a message, never a traceback."""

import numpy as np
import pytest

from utils import check


def solution(name):
    answer = check.answer_of(name)
    if isinstance(answer, str) and answer.startswith("def "):
        scope = {"np": np}
        exec(answer, scope)  # the solution source that reveal() shows
        return next(v for k, v in scope.items() if callable(v) and k != "np")
    return answer


def wrong_softmax(z):
    with np.errstate(over="ignore", invalid="ignore"):  # the mistake: exp overflows
        e = np.exp(z)
        return e / e.sum(axis=-1, keepdims=True)


def wrong_axis_softmax(z):
    e = np.exp(z - z.max())
    return e / e.sum(axis=0, keepdims=True)


def padding_before(n, k, s):
    out = -(-n // s)
    total = max((out - 1) * s + k - n, 0)
    return total - total // 2, total // 2  # the mistake: the odd pixel first


def global_max_pool(x):
    return x.max(axis=(1, 2))


def plain_sgd(w, grad, velocity, lr, momentum):
    return w - lr * grad, velocity


def layer_without_bias(x, w, b):
    return np.maximum(x @ w, 0)


def flipped_conv1d(x, w):
    return np.convolve(x, w, mode="valid")


def conv_params_without_bias(k, c_in, c_out):
    return k * k * c_in * c_out


def class_shares(y, n_classes):
    return np.bincount(y, minlength=n_classes) / len(y)


def mean_recall(counts):
    return np.mean(np.diag(counts) / counts.sum(axis=1))


def normalise_without_std(x, mean, std):
    return x - mean


def crop_transposed(image, padding, row, col):
    h, w, _ = image.shape
    padded = np.pad(image, [(padding, padding), (padding, padding), (0, 0)])
    return padded[col : col + h, row : row + w]


def plain_layer(x, w):
    return np.maximum(x @ w, 0)


def prune_by_value(w, sparsity):
    k = int(sparsity * w.size)
    cut = np.sort(w.ravel())[k - 1]
    return np.where(w <= cut, 0.0, w)


def average_pool(x):
    n, h, w, c = x.shape
    return x.reshape(n, h // 2, 2, w // 2, 2, c).mean(axis=(2, 4))


# name -> (typical mistake, words of the hint aimed at it)
MISTAKES = {
    "output_size": (27, "forgot the + 1"),
    "lenet_c1_parameters": (150, "also has one bias"),
    "vgg_stack_parameters": (802944, "single 7x7"),
    "bottleneck_macs": (21676032, "one tap per channel"),
    "residual_function": (plain_layer, "add x back"),
    "bottleneck_block_weights": (1179648, "squeezes to 64"),
    "int8_kernel_bytes": (802816, "That is float32"),
    "prune_function": (prune_by_value, "Compare magnitudes"),
    "optimal_discriminator": (1, "cannot call every point real"),
    "normalise_function": (normalise_without_std, "Divide by std"),
    "batch_norm_output": (-0.5, "the spread"),
    "augmented_versions": (81, "twice as many"),
    "crop_function": (crop_transposed, "Rows first"),
    "steps_in_one_epoch": (429, "a step too"),
    "accuracy_from_confusion_function": (mean_recall, "mean recall"),
    "third_block_receptive_field": (14, "4 pixels, not 2"),
    "keras_file_megabytes": (1.724968, "two moments per weight"),
    "class_counts_function": (class_shares, "Those are shares"),
    "cifar_megabytes": (614.4, "That is float32"),
    "always_cat_accuracy": (0, "right on every cat"),
    "hostile_allocation": (0.784, "Count the bytes first"),
    "dense_layer_parameters": (392000, "also has a bias"),
    "conv_params_function": (conv_params_without_bias, "also has one bias"),
    "valid_stack_side": (26, "2 per layer, not 1"),
    "gap_network_parameters": (260, "Add the output layer"),
    "conv1d_first_output": (3, "flips the weights"),
    "conv1d_function": (flipped_conv1d, "You flipped the weights"),
    "sharpen_flat_patch": (1.5, "four neighbours count too"),
    "filter_parameters": (600, "also has one bias"),
    "edge_kernel": (np.array([[-1, -2, -1], [0, 0, 0], [1, 2, 1]]), "does not prefer vertical"),
    "neuron_output": (1.0, "left out the bias"),
    "network_parameters": (101632, "also has a bias"),
    "layer_function": (layer_without_bias, "left out the bias"),
    "dropout_scale": (0.8, "the share kept"),
    "xor_one_hidden_unit": (1, "the loss stalls"),
    "conv_parameters": (432, "also has one bias"),
    "alexnet_output": (54, "forgot the + 1"),
    "receptive_field_after_pool": (14, "2 input pixels, not 1"),
    "same_padding_function": (padding_before, "The odd pixel goes after"),
    "same_padding_total": (4, "right for stride 1 only"),
    "top5_probability": (0.01, "That is top-1"),
    "uniform_cross_entropy": (0.1, "minus its log"),
    "tied_top1": (0, "strictly higher"),
    "momentum_step_function": (plain_sgd, "That is plain SGD"),
    "largest_stable_rate": (1 / 30, "the fastest rate"),
    "softmax_function": (wrong_softmax, "overflows on large logits"),
    "max_pool_function": (average_pool, "average of each window"),
    "pooled_values": (12544, "a quarter of the values"),
    "average_pool_window": (6, "That is max pooling"),
    "gap_head_parameters": (125450, "flatten, then dense"),
    "global_average_pool_function": (global_max_pool, "global max pooling"),
}


def test_every_exercise_has_a_mistake_tested_here():
    assert set(MISTAKES) == set(check.EXERCISES)


@pytest.mark.parametrize("name", sorted(check.EXERCISES))
def test_solution_passes_mistake_gets_its_hint_malformed_gets_a_message(name, capsys):
    checker = getattr(check, name)
    assert checker(solution(name)) is None and check.passed(name)  # prints, returns nothing
    out = capsys.readouterr().out
    assert out.startswith(f"correct: {name}.")
    assert max(map(len, out.splitlines())) <= check.WIDTH  # fits a slide
    mistake, hint = MISTAKES[name]
    checker(mistake)
    out = " ".join(capsys.readouterr().out.split())  # the verdict wraps at utils.check.WIDTH
    assert not check.passed(name)
    assert out.startswith(f"not yet: {name}.") and hint in out
    for shown in answer_forms(name):
        assert shown not in out  # a hint never shows the answer
    for malformed in ("twenty-eight", None, ..., np.zeros(3), lambda *a: "x"):
        checker(malformed)
        assert not check.passed(name)
        out = capsys.readouterr().out
        assert out.startswith(f"not yet: {name}.") and "Traceback" not in out
    assert str(check.answer_of(name)) not in out  # a check never shows the answer


def answer_forms(name):
    """How a numeric answer would be written in a message, where the question does not already
    show it (1, 0 or 20 appear in questions anyway)."""
    answer = check.answer_of(name)
    if not isinstance(answer, int | float | np.number):
        return []
    forms = {f"{answer:,}", f"{answer:g}", f"{float(answer):.4g}", str(answer)}
    question = check.EXERCISES[name].question
    return [f for f in forms if len(f.strip("-")) >= 3 and f not in question]


def test_a_leaking_hint_would_be_caught():
    assert "6,272" in answer_forms("pooled_values") and "2.303" in answer_forms(
        "uniform_cross_entropy"
    )


def test_a_rounded_answer_passes_and_a_nearly_right_one_gets_a_hint(capsys):
    check.uniform_cross_entropy(2.3026)
    assert check.passed("uniform_cross_entropy")
    check.uniform_cross_entropy(2.3)  # two figures: too few to tell from a slip
    assert not check.passed("uniform_cross_entropy")
    assert "three significant figures" in capsys.readouterr().out.split("not yet")[-1]
    check.output_size(27.9)  # an integer answer is never "close"
    assert "Not that number" in capsys.readouterr().out


def test_a_number_may_be_a_numpy_scalar_a_0d_array_or_a_tensor():
    import fractions

    for answer in (np.int64(28), np.array(28), np.array([28.0])[0], fractions.Fraction(28)):
        check.output_size(answer)
        assert check.passed("output_size"), repr(answer)
    check.output_size(np.array([28]))  # a 1-element array is not a number
    assert not check.passed("output_size")


def test_a_function_that_changes_its_input_is_told(capsys):
    def prune_in_place(w, sparsity):
        k = int(sparsity * w.size)
        if k:
            w[np.abs(w) <= np.sort(np.abs(w).ravel())[k - 1]] = 0.0
        return w

    check.prune_function(prune_in_place)
    assert not check.passed("prune_function") and "in place" in capsys.readouterr().out


def test_a_mistake_that_changes_the_shape_gets_its_hint_not_the_shapes(capsys):
    check.max_pool_function(lambda x: x.max(axis=-1, keepdims=True))
    assert "maximum over the channels" in capsys.readouterr().out


def test_a_learners_overflow_is_named_by_its_hint_without_numpy_warnings(capsys):
    import warnings

    def overflowing_softmax(z):
        e = np.exp(z)  # warns on logits of 1,000 unless the check silences it
        return e / e.sum(axis=-1, keepdims=True)

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        check.softmax_function(overflowing_softmax)
    assert "overflows on large logits" in capsys.readouterr().out


def test_softmax_on_the_wrong_axis_is_named():
    check.softmax_function(wrong_axis_softmax)
    assert not check.passed("softmax_function")


def test_reveal_shows_the_answer_and_progress_counts_passes(capsys):
    check.output_size(28)
    check.conv_parameters(1)
    capsys.readouterr()
    assert check.reveal("conv_parameters") == 448
    assert "answer: 448" in capsys.readouterr().out
    passed, total = check.progress("03_output_size_arithmetic")
    assert total == 6 and passed >= 1
    assert check.reveal("nope") is None
