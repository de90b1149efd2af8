"""Supervised versus unsupervised learning on toy 2D points.

Explained in notebook 01_what_is_deep_learning.
"""

import numpy as np

__all__ = ["two_blobs", "fit_centroids", "predict_centroids", "kmeans"]


def two_blobs(n=100, seed=0, spread=0.8):
    """``n`` points around each of two centres, with labels 0 and 1."""
    rng = np.random.default_rng(seed)
    centres = np.array([[-1.5, 0.0], [1.5, 0.5]])
    x = np.concatenate([c + spread * rng.standard_normal((n, 2)) for c in centres])
    y = np.repeat([0, 1], n)
    return x, y


def fit_centroids(x, y):
    """Supervised: learn one centre per class from labelled examples."""
    return np.stack([x[y == k].mean(axis=0) for k in np.unique(y)])


def predict_centroids(centroids, x):
    """Label each point with its nearest centre."""
    distances = np.linalg.norm(x[:, None, :] - centroids[None, :, :], axis=-1)
    return distances.argmin(axis=1)


def kmeans(x, k=2, steps=20, seed=0):
    """Unsupervised: find ``k`` groups with no labels at all (Lloyd's algorithm)."""
    rng = np.random.default_rng(seed)
    centroids = x[rng.choice(len(x), size=k, replace=False)]
    for _ in range(steps):
        groups = predict_centroids(centroids, x)
        centroids = np.stack([x[groups == j].mean(axis=0) for j in range(k)])
    return centroids, predict_centroids(centroids, x)
