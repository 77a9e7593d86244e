"""Small models for optvis's tests: VGG16 at 32 or 64 px with the synthetic weights (each pipeline),
and a toy network with a softmax head named as the modern one's, for the class objectives."""

import pytest


@pytest.fixture(scope="session")
def small_vgg(synth_files):
    """small_vgg(pipeline name, size): that pipeline's conv-only VGG16 at size x size, built once."""
    from app.pipelines import PIPELINES

    built = {}

    def model(name, size):
        if (name, size) not in built:
            built[name, size] = PIPELINES[name].build_model(False, size, synth_files[name])[0]
        return built[name, size]

    return model


@pytest.fixture(scope="session")
def toy_classifier():
    """32x32x3 -> conv (8) -> global mean -> dense 10 with softmax, named "predictions" (the modern
    pipeline's head_layer), seeded."""
    import keras

    keras.utils.set_random_seed(0)
    x = keras.Input((32, 32, 3))
    h = keras.layers.Conv2D(8, 3, activation="relu", bias_initializer=keras.initializers.Constant(1.0),
                            name="conv")(x / 100.0)  # every channel alive at the start
    h = keras.layers.GlobalAveragePooling2D()(h)
    return keras.Model(x, keras.layers.Dense(10, activation="softmax", name="predictions")(h))
