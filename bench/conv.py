"""utils.conv2d and conv2d_naive against tf.nn.conv2d on the same float32 arrays."""

from functools import partial

import numpy as np

import utils

CASES = {
    # name: (x shape, w shape, which of ours to time)
    "conv2d 64x32x32x16 * 3x3x16x32": ((64, 32, 32, 16), (3, 3, 16, 32), utils.conv2d),
    "conv2d_naive 4x16x16x8 * 3x3x8x16": ((4, 16, 16, 8), (3, 3, 8, 16), utils.conv2d_naive),
}


def run():
    tf = utils.import_tensorflow()
    rng = np.random.default_rng(0)
    rows = []
    for name, (x_shape, w_shape, ours) in CASES.items():
        x = rng.normal(size=x_shape).astype(np.float32)
        w = rng.normal(size=w_shape).astype(np.float32)
        x_tf, w_tf = tf.constant(x), tf.constant(w)
        np.testing.assert_allclose(  # time only what is right
            ours(x, w, padding="same"), tf.nn.conv2d(x_tf, w_tf, 1, "SAME"), rtol=1e-3, atol=1e-3
        )
        repeats = 15 if ours is utils.conv2d else 3
        t_ours = utils.time_call(partial(ours, x, w, padding="same"), repeats)
        t_tf = utils.time_call(
            partial(tf.nn.conv2d, x_tf, w_tf, 1, "SAME"), 15
        )  # eager: synchronous
        rows.append({"case": name, "ours_s": t_ours, "tensorflow_s": t_tf, "ratio": t_ours / t_tf})
    return {"reference": "tf.nn.conv2d (same process, same arrays, stride 1, SAME)", "rows": rows}


def report(result):
    print(f"Convolution, median of repeats; reference: {result['reference']}")
    print(f"{'case':<36} {'ours (ms)':>10} {'TF (ms)':>9} {'ratio':>8}")
    for r in result["rows"]:
        ours, tf_ms = r["ours_s"] * 1e3, r["tensorflow_s"] * 1e3
        print(f"{r['case']:<36} {ours:>10.2f} {tf_ms:>9.2f} {r['ratio']:>7.1f}x")
