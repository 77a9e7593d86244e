"""The blog's 2016 program, run on the 2016 stack (Python 3.8, Keras 1.2.2, Theano 1.0.5).

What it reproduces: Baraldi's gist (the `Sequential` of ZeroPadding2D + Convolution2D(n, 3, 3),
the loop over `layer_{k}` / `param_{p}` that sets the weights) and the blog's ascent (`loss =
K.mean(...)`, `K.gradients`, the RMS normalisation, `iterate = K.function(...)`, a host-side
numpy loop `input_img_data += grads_value * step`, stopping when the loss is <= 0). Written in
our words; the calls and the loop are the 2016 ones. It is NOT part of the project's own code:
it runs only in `.venv-2016` (Python 3.8 syntax, no import of the project), driven by
tests/legacy2016/test_blog2016.py through a subprocess, with arrays exchanged as .npz files.

    blog2016.py WEIGHTS IN.npz OUT.npz

IN.npz holds `activations` (N, 3, 224, 224): inputs whose every conv/pool/dense output is
returned; `filter_start_{i}` (3, 128, 128): the start of conv5_1 filter i for each i of
`filters` (the conv model at 128x128, the blog's; one `iterate` compiled per filter, as the
companion script's loop over filters did); `class_start_{c}` (3, 224, 224) for each class c of
`classes` (the full model); `steps`. Each ascent runs twice: with the image kept float64 on the host as in 2016, and
with it kept float32 (the 2016 stack's own rounding floor). OUT.npz holds `act_{layer}`,
`{run}_{dtype}_losses`, `{run}_{dtype}_image`, `{run}_{dtype}_grad0` and `seconds_*` timings.
"""

import sys
import time

import h5py
import numpy as np
import theano.ifelse  # noqa: F401  Keras 1.2.2's Dropout uses it; Theano 1.0.5 no longer imports it
from keras import backend as K
from keras.layers import Convolution2D, Dense, Dropout, Flatten, MaxPooling2D, ZeroPadding2D
from keras.models import Sequential

BLOCKS = ((64, 2), (128, 2), (256, 3), (512, 3), (512, 3))
COMPARED = ("Convolution2D", "MaxPooling2D", "Dense")


def vgg16(size, include_top):
    """Baraldi's gist: VGG_16(), channels-first ("th"), layer names as in the blog."""
    model = Sequential()
    model.add(ZeroPadding2D((1, 1), input_shape=(3, size, size)))
    for b, (filters, convs) in enumerate(BLOCKS, start=1):
        for c in range(1, convs + 1):
            if (b, c) != (1, 1):
                model.add(ZeroPadding2D((1, 1)))
            model.add(Convolution2D(filters, 3, 3, activation="relu", name="conv%d_%d" % (b, c)))
        model.add(MaxPooling2D((2, 2), strides=(2, 2), name="pool%d" % b))
    if include_top:
        model.add(Flatten(name="flatten"))
        model.add(Dense(4096, activation="relu", name="fc6"))
        model.add(Dropout(0.5))
        model.add(Dense(4096, activation="relu", name="fc7"))
        model.add(Dropout(0.5))
        model.add(Dense(1000, activation="softmax", name="fc8"))
    return model


def load_weights(model, path):
    """The blog's loading loop: layer_{k}'s param_{p} into model.layers[k]; a file with more
    layers than the model (the conv-only model from the full file) stops at the model's end."""
    f = h5py.File(path, "r")
    for k in range(f.attrs["nb_layers"]):
        if k >= len(model.layers):
            break
        g = f["layer_{}".format(k)]
        weights = [g["param_{}".format(p)] for p in range(g.attrs["nb_params"])]
        model.layers[k].set_weights(weights)
    f.close()


def make_iterate(model, loss):
    """iterate([x, learning_phase]) -> [loss, normalised gradient], as the blog compiled it.

    The learning phase is an input because the full model's Dropout depends on it (0 = test)."""
    input_img = model.layers[0].input
    # The blog's line. On Theano, K.gradients of ONE tensor returns that tensor's gradient (not a
    # list), so this [0] takes image 0 of the batch: (3, H, W), which broadcasts in the `+=` of
    # a batch of one. The normalisation is then over that image, as ours is per image.
    grads = K.gradients(loss, input_img)[0]
    grads /= (K.sqrt(K.mean(K.square(grads))) + 1e-5)
    return K.function([input_img, K.learning_phase()], [loss, grads])


def ascend(iterate, start, steps, dtype):
    """The blog's loop; dtype float64 is the 2016 image (np.random.random is float64)."""
    input_img_data = np.array(start, dtype=dtype)[None]
    losses, grad0 = [], None
    for _ in range(steps):
        loss_value, grads_value = iterate([input_img_data, 0])
        if grad0 is None:
            grad0 = np.array(grads_value)  # (3, H, W): see make_iterate
        input_img_data += grads_value * 1.0  # step = 1.
        losses.append(float(loss_value))
        if loss_value <= 0.:  # "some filters get stuck to 0, we can skip them"
            break
    return np.array(losses), input_img_data[0], grad0


def run_ascents(out, name, iterate, start, steps):
    for dtype in ("float64", "float32"):
        t = time.time()
        losses, image, grad0 = ascend(iterate, start, steps, dtype)
        out["%s_%s_losses" % (name, dtype)] = losses
        out["%s_%s_image" % (name, dtype)] = image
        out["%s_%s_grad0" % (name, dtype)] = grad0
        out["seconds_%s_%s" % (name, dtype)] = time.time() - t


def main(argv):
    if len(argv) != 3 or argv[0] in ("-h", "--help"):
        print(__doc__)
        return 0 if argv[:1] in (["-h"], ["--help"]) else 2
    weights, in_path, out_path = argv
    inputs = dict(np.load(in_path))
    steps = int(inputs["steps"])
    out = {"keras_version": np.array(__import__("keras").__version__),
           "theano_version": np.array(__import__("theano").__version__),
           "python_version": np.array(sys.version.split()[0])}

    t = time.time()
    full = vgg16(224, include_top=True)
    load_weights(full, weights)
    compared = [layer for layer in full.layers if type(layer).__name__ in COMPARED]
    features = K.function([full.layers[0].input, K.learning_phase()], [l.output for l in compared])
    values = features([inputs["activations"], 0])
    for layer, value in zip(compared, values):
        out["act_" + layer.name] = value
    out["seconds_activations"] = time.time() - t

    t = time.time()
    blog = vgg16(128, include_top=False)
    load_weights(blog, weights)
    layer_dict = dict([(layer.name, layer) for layer in blog.layers])
    out["seconds_conv_model"] = time.time() - t
    for filter_index in inputs["filters"]:
        t, name = time.time(), "filter%d" % filter_index
        loss = K.mean(layer_dict["conv5_1"].output[:, int(filter_index), :, :])
        run_ascents(out, name, make_iterate(blog, loss), inputs["filter_start_%d" % filter_index], steps)
        out["seconds_%s_compile" % name] = time.time() - t - out["seconds_%s_float64" % name] - \
            out["seconds_%s_float32" % name]

    for c in inputs["classes"]:
        t = time.time()
        loss = K.mean(full.layers[-1].output[:, int(c)])
        run_ascents(out, "class%d" % c, make_iterate(full, loss), inputs["class_start_%d" % c], steps)
    np.savez(out_path + ".part.npz", **out)
    import os
    os.replace(out_path + ".part.npz", out_path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
