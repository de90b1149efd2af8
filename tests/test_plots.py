"""Notebook plot helpers return one closed figure with what they claim to draw."""

import matplotlib.pyplot as plt
import numpy as np

import utils


def test_show_grid_titles_each_image_with_its_class():
    x = np.zeros((20, 28, 28), np.uint8)
    y = np.arange(20) % 10
    fig = utils.show_grid(x, y, [f"class {i}" for i in range(10)], n=12)
    titles = [ax.get_title() for ax in fig.axes if ax.images]
    assert titles == [f"class {i % 10}" for i in range(12)]
    assert not plt.get_fignums()  # closed: a notebook cell shows it once


def test_class_balance_counts_every_class():
    fig = utils.class_balance(np.array([0, 1, 1, 2, 2, 2]), ["a", "b", "c", "d"])
    heights = [bar.get_height() for bar in fig.axes[0].patches]
    assert heights == [1, 2, 3, 0]


def test_ilsvrc_chart_hatches_the_entries_that_used_extra_data():
    from utils import milestones

    fig = utils.plot_ilsvrc(milestones.ENTRIES, milestones.HUMAN)
    bars = fig.axes[0].patches
    assert [b.get_height() for b in bars] == [e.top5 for e in milestones.ENTRIES]
    assert [bool(b.get_hatch()) for b in bars] == [e.extra_data for e in milestones.ENTRIES]
    assert any("+extra data" in t.get_text() for t in fig.axes[0].get_xticklabels())
