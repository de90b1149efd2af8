"""Classic hand-made 3x3 kernels. A CNN learns kernels like these by itself.

Explained in notebook 02_convolution.
"""

import numpy as np

from .conv import conv2d

__all__ = ["KERNELS", "filter2d"]

KERNELS = {
    "identity": np.array([[0, 0, 0], [0, 1, 0], [0, 0, 0]], dtype=np.float32),
    "box blur": np.full((3, 3), 1 / 9, dtype=np.float32),
    "sharpen": np.array([[0, -1, 0], [-1, 5, -1], [0, -1, 0]], dtype=np.float32),
    "vertical edges": np.array([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]], dtype=np.float32),
    "horizontal edges": np.array([[-1, -2, -1], [0, 0, 0], [1, 2, 1]], dtype=np.float32),
    "diagonal lines": np.array([[2, -1, -1], [-1, 2, -1], [-1, -1, 2]], dtype=np.float32),
}


def filter2d(image, kernel, padding="same"):
    """Convolve one grayscale image (H, W) with one kernel (kh, kw): a single feature map."""
    image, kernel = np.asarray(image, np.float32), np.asarray(kernel, np.float32)
    if image.ndim != 2 or kernel.ndim != 2:
        raise ValueError(
            f"filter2d needs a 2D image and a 2D kernel, got {image.shape} and {kernel.shape}"
        )
    return conv2d(image[None, :, :, None], kernel[:, :, None, None], padding=padding)[0, :, :, 0]
