"""Exercises with checks that give hints: ``utils.check.<name>(answer)``.

Explained in notebook 00_index (working alone). Each check compares the learner's answer with
one that the code computes, and prints either "correct" with one line on why, or "not yet"
with a hint aimed at the likely mistake. A check never shows the answer: ``reveal(name)`` does,
on purpose. Malformed answers (text, None, the wrong shape) get a message, never a traceback.
The checks of notebook NN live in ``utils/exercises/``; the machinery in ``utils.checking``.

>>> output_size(27)  # utils.check.output_size in a notebook
not yet: output_size. You forgot the + 1: a window at position 0 is one output too.
>>> output_size(28)
correct: output_size. (32 - 5 + 2*0)/1 + 1 = 28 outputs.
>>> passed("output_size")
True

In the teacher's edition (``notebooks/``) each answer sits in a cell tagged ``solution``;
``make learner`` replaces those cells by stubs (see ``tools.learner``).
"""

from .checking import EXERCISES, WIDTH, Exercise, answer_of, passed, progress, reveal
from .exercises.building_a_cnn import *  # noqa: F403
from .exercises.colour_photos import *  # noqa: F403
from .exercises.convolution import *  # noqa: F403
from .exercises.datasets import *  # noqa: F403
from .exercises.future_directions import *  # noqa: F403
from .exercises.historical_nets import *  # noqa: F403
from .exercises.how_a_classifier_learns import *  # noqa: F403
from .exercises.output_size_arithmetic import *  # noqa: F403
from .exercises.pooling import *  # noqa: F403
from .exercises.training_a_cnn import *  # noqa: F403
from .exercises.what_is_deep_learning import *  # noqa: F403

# Learners call utils.check.<name>; only reveal is in utils' flat namespace too.
__all__ = ["reveal"]
_ = (EXERCISES, WIDTH, Exercise, answer_of, passed, progress)  # re-exported for utils.check
