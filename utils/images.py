"""Real photos for the demos, from scikit-image's bundled samples (no download needed).

First used in notebook 02_convolution.
"""

import numpy as np

__all__ = ["PHOTOS", "photo", "shift"]

PHOTOS = ("camera", "astronaut", "coins", "chelsea", "coffee", "brick")


def photo(name="camera", size=256, gray=True):
    """A square photo as float32 in [0, 1]: (size, size), or (size, size, 3) with gray=False.

    The centre square is cropped, then shrunk by averaging blocks of pixels.
    """
    if name not in PHOTOS:
        raise ValueError(f"unknown photo {name!r}; choose one of {', '.join(PHOTOS)}")
    import skimage.data

    image = getattr(skimage.data, name)().astype(np.float32) / 255
    if image.ndim == 2:
        image = image[..., None].repeat(3, axis=2) if not gray else image
    elif gray:
        image = image @ np.array([0.2125, 0.7154, 0.0721], dtype=np.float32)  # luminance
    h, w = image.shape[:2]
    side = min(h, w)
    top, left = (h - side) // 2, (w - side) // 2
    image = image[top : top + side, left : left + side]
    step = max(side // size, 1)
    image = image[: size * step, : size * step]
    blocks = image.reshape(size, step, size, step, *image.shape[2:])
    return blocks.mean(axis=(1, 3)).astype(np.float32)


def shift(image, dy=0, dx=0):
    """``image`` moved down by ``dy`` and right by ``dx`` pixels, filling with zeros."""
    out = np.zeros_like(image)
    h, w = image.shape[:2]
    out[max(dy, 0) : h + min(dy, 0), max(dx, 0) : w + min(dx, 0)] = image[
        max(-dy, 0) : h + min(-dy, 0), max(-dx, 0) : w + min(-dx, 0)
    ]
    return out
