"""optvis/objectives.py: each objective's value climbs under gradient ascent (the fourier method,
a few Adam steps), alone and combined; VGG16 at 32 px with the synthetic weights, and a toy
classifier for the class logit and probability (the dense head runs only at 224 px: seconds a step)."""

import numpy as np
import pytest
import tensorflow as tf
from helpers import assert_loss_climbs

from modern.visualize import PIPELINE as MODERN
from optvis import objectives as O
from optvis.render import render

STEPS = 6
LAYER = "conv2_1"


def climb(model, objective, index=3):
    r = render(MODERN, model, [index], "fourier", objective, steps=STEPS)[0]
    assert not r.dead and not r.nonfinite
    return r.losses


@pytest.mark.parametrize("make", [
    lambda: O.channel(LAYER),
    lambda: O.channel(LAYER, 5),
    lambda: O.neuron(LAYER),
    lambda: O.direction(LAYER, np.random.default_rng(0).standard_normal(128)),
    lambda: O.channel(LAYER) + 0.5 * O.neuron(LAYER, 7),
], ids=["channel", "channel_fixed", "neuron", "direction", "weighted_sum"])
def test_each_objective_climbs(small_vgg, make):
    assert_loss_climbs(climb(small_vgg("modern", 32), make()), steps=STEPS)


@pytest.mark.parametrize("make", [O.class_logit, O.class_probability], ids=["logit", "probability"])
def test_the_class_objectives_climb(toy_classifier, make):
    assert_loss_climbs(climb(toy_classifier, make()), steps=STEPS)


def test_composition_adds_and_weighs_values():
    values = np.arange(24, dtype=np.float32).reshape(2, 2, 2, 3)
    acts, index = {"a": tf.constant(values)}, tf.constant([0, 2])
    one, two = O.channel("a"), O.neuron("a", 1)
    combined = (one + 2 * two)(acts, index).numpy()
    np.testing.assert_allclose(combined, one(acts, index).numpy() + 2 * values[:, 1, 1, 1])
    np.testing.assert_allclose(one(acts, index).numpy(), [values[0, ..., 0].mean(), values[1, ..., 2].mean()])
    assert (one + two).stops_at_zero and not (-1 * one).stops_at_zero
    assert not (one + O.direction("a", [1, 0, 0])).stops_at_zero
    assert (one + two).layers == ("a",)
