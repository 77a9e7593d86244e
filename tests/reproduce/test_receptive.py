"""reproduce/receptive.py: the effective receptive field (Luo et al. 2016) on a tiny hand-made conv
net (two 3x3 convs named as VGG16's first two, 16x16 input), whose field is known; the mass radius
on hand-made maps; the theoretical fields from the layer table. The whole VGG16's claim (13
layers, synthetic weights at 64 px) is in the slow tier."""

import numpy as np
import pytest

from reproduce import receptive as R


def test_theoretical_fields_of_vgg16():
    assert list(R.theoretical_fields().values()) == [3, 5, 10, 14, 24, 32, 40, 60, 76, 92, 132, 164, 196]


def test_mass_radius():
    erf = np.zeros((9, 9))
    erf[4, 4] = 1.0
    assert R.mass_radius(erf, 0.5) == 0.0 and R.mass_radius(erf, 0.9) == 0.0
    erf[4, 6] = erf[4, 2] = erf[2, 4] = erf[6, 4] = 1.0  # 4/5 of the mass at radius 2
    assert R.mass_radius(erf, 0.5) == 2.0 and R.mass_radius(erf, 0.1) == 0.0


@pytest.fixture(scope="module")
def tiny():
    """Two 3x3 convolutions with kernels of ones (linear: no ReLU), 16x16x3 input."""
    import keras

    x = keras.Input((16, 16, 3))
    y = keras.layers.Conv2D(1, 3, padding="same", use_bias=False, kernel_initializer="ones",
                            name="block1_conv1")(x)
    y = keras.layers.Conv2D(1, 3, padding="same", use_bias=False, kernel_initializer="ones",
                            name="block1_conv2")(y)
    return keras.Model(x, y)


def test_effective_field_of_a_tiny_net(tiny):
    one, centre = R.effective_field(tiny, "block1_conv1")
    two, _ = R.effective_field(tiny, "block1_conv2")
    assert centre == (8, 8) and one[8, 8] == one.max() and two[8, 8] == two.max()
    # ones-kernels without ReLU: the gradient is the kernel itself, 3 colours each: a 3x3 box
    # of 3 (one conv), then the 3x3 box convolved with itself, 1-2-3-2-1 squared (two convs)
    assert np.count_nonzero(one) == 9 and one.max() == pytest.approx(3.0)
    assert np.count_nonzero(two) == 25 and two.max() == pytest.approx(27.0)
    fields = R.receptive_fields(tiny, ["conv1_1", "conv1_2"])
    assert fields["conv1_1"][1] < fields["conv1_2"][1]  # the 90 % radius grows: 1.4 -> 2.2 px
    assert R.mass_radius(np.pad(one, ((0, 0), (0, 1))), 0.5, (8, 8)) == 1.0  # from the given centre


@pytest.mark.slow
def test_vgg16_effective_fields_grow_with_depth_trained_or_not():
    """~5 s: the untrained VGG16 at 64 px. Its effective fields grow with depth (the architecture
    does it) and half their mass lies well inside the theoretical radius (Luo et al.'s finding)."""
    from modern.model import build_vgg16

    model = build_vgg16(False, (64, 64, 3))
    claim = R.receptive_field_claim(model)
    assert claim.holds and claim.value > 0.9, claim.measure
    theory = R.theoretical_fields()
    assert all(r50 <= theory[k] / 2 for k, (r50, _) in R.receptive_fields(model).items())
