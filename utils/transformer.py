"""The sampler of a spatial transformer network (Jaderberg et al. 2015), in NumPy.

Explained in notebook 11_future_directions. An affine matrix ``theta`` (2x3) maps each output
pixel's normalised coordinates (x, y in [-1, 1]) to a point in the input; bilinear
interpolation reads the input there. Because that reading is differentiable in ``theta``, a
network can learn where to look.
"""

import numpy as np

__all__ = [
    "IDENTITY",
    "affine",
    "affine_grid",
    "bilinear_sample",
    "transform",
    "fit_theta",
    "skimage_warp",
]

IDENTITY = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]])


def affine(angle=0.0, scale=1.0, tx=0.0, ty=0.0):
    """theta for a rotation (degrees), a zoom (scale < 1 zooms in) and a shift (half-widths)."""
    a = np.deg2rad(angle)
    rotation = np.array([[np.cos(a), -np.sin(a)], [np.sin(a), np.cos(a)]])
    return np.hstack([scale * rotation, [[tx], [ty]]])


def affine_grid(theta, height, width):
    """Where each output pixel reads: (height, width, 2) input coordinates (x, y), in [-1, 1]."""
    theta = np.asarray(theta, dtype=float)
    if theta.shape != (2, 3):
        raise ValueError(f"theta must be a 2x3 affine matrix, got shape {theta.shape}")
    ys, xs = np.meshgrid(np.linspace(-1, 1, height), np.linspace(-1, 1, width), indexing="ij")
    points = np.stack([xs, ys, np.ones_like(xs)], axis=-1)  # (H, W, 3) homogeneous
    return points @ theta.T


def bilinear_sample(image, grid):
    """Read ``image`` (H, W) or (H, W, C) at the ``grid`` points, zero outside it."""
    image = np.asarray(image, dtype=float)
    h, w = image.shape[:2]
    x = (grid[..., 0] + 1) * (w - 1) / 2  # to pixel coordinates
    y = (grid[..., 1] + 1) * (h - 1) / 2
    x0, y0 = np.floor(x).astype(int), np.floor(y).astype(int)
    out = 0.0
    for dy in (0, 1):
        for dx in (0, 1):
            xi, yi = x0 + dx, y0 + dy
            weight = (1 - np.abs(x - xi)) * (1 - np.abs(y - yi))
            inside = (xi >= 0) & (xi < w) & (yi >= 0) & (yi < h)
            pixel = image[np.clip(yi, 0, h - 1), np.clip(xi, 0, w - 1)]
            weight = weight * inside
            out = out + (weight[..., None] if image.ndim == 3 else weight) * pixel
    return out


def transform(image, theta, size=None):
    """``image`` seen through ``theta``, at ``size`` (height, width; the image's by default)."""
    height, width = size or np.shape(image)[:2]
    return bilinear_sample(image, affine_grid(theta, height, width))


def fit_theta(source, target, steps=200, lr=0.1, eps=1e-3):
    """Learn theta so that ``transform(source, theta)`` matches ``target``, by gradient descent.

    The gradient of the squared error is taken numerically here; a spatial transformer gets it
    by backpropagation through the same sampler. Returns (theta, losses).
    """
    theta, losses = IDENTITY.copy(), []

    def loss(t):
        return float(np.mean((transform(source, t) - target) ** 2))

    for _ in range(steps):
        current = loss(theta)
        losses.append(current)
        grad = np.zeros_like(theta)
        for index in np.ndindex(theta.shape):
            nudged = theta.copy()
            nudged[index] += eps
            grad[index] = (loss(nudged) - current) / eps
        theta -= lr * grad
    return theta, losses


def skimage_warp(image, theta):
    """The same resampling done by scikit-image's ``warp`` (bilinear, zeros outside): a check.

    ``warp`` wants a map from output pixels (col, row) to input pixels; theta works in
    normalised coordinates, so the map converts there and back.
    """
    import skimage.transform

    h, w = np.shape(image)[:2]

    def to_input(pixels):
        ones = np.ones(len(pixels))
        norm = np.stack([pixels[:, 0] * 2 / (w - 1) - 1, pixels[:, 1] * 2 / (h - 1) - 1, ones], 1)
        x_in, y_in = (norm @ np.asarray(theta).T).T
        return np.stack([(x_in + 1) * (w - 1) / 2, (y_in + 1) * (h - 1) / 2], axis=1)

    return skimage.transform.warp(image, to_input, order=1, mode="constant", cval=0)
