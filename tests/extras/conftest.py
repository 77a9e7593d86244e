"""Shared fixtures of the extras' tests."""

import pytest


@pytest.fixture(scope="package")
def dream_features(synth_notop_files):
    """The conv4_3 feature model of the synthetic VGG16, any input size (built once here)."""
    from extras.model import dream_model

    return dream_model(synth_notop_files["modern"], ["conv4_3"])[0]
