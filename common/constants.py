"""The named numbers not yet placed with the code that owns them: the weight sources (file
names, URLs, checksums, reference values of the real weights: they belong with weights/) and the
dream, zoom and gradient-map settings (they belong with extras/).

Every other constant lives next to its code: the architecture in common/layers.py, the 2016
recipe in common/ascent.py and common/images.py, the memory model in common/cost.py, the layouts
in common/layout.py, the photos in common/photos.py, argument bounds in common/args.py.
"""

# --- Weight files -------------------------------------------------------------------------------
BARALDI_FILENAME = "vgg16_weights.h5"
BARALDI_NOTOP_FILENAME = "vgg16_weights_notop.h5"
KERAS_FILENAME = "vgg16_weights_tf_dim_ordering_tf_kernels.h5"
KERAS_NOTOP_FILENAME = "vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5"
KERAS_URL_BASE = "https://storage.googleapis.com/tensorflow/keras-applications/vgg16/"
KERAS_MD5 = "64373286793e3c8b2b4e3219cbf3544b"  # 553,467,096 bytes
KERAS_NOTOP_MD5 = "6d6bbae143d832006294945121d1f1fc"  # 58,889,256 bytes
DOWNLOAD_TIMEOUT_S = 10.0
SYNTHETIC_ATTR = "synthetic_seed"  # root attribute that marks our synthetic files
# Root attributes that files WE write may carry beyond the 2016 structure (our provenance);
# everything else in a file we write is laid out exactly as the real files are.
# weights/trained.py stamps the converted trained stack with the provenance_* ones.
PROVENANCE_ATTRS = (SYNTHETIC_ATTR, "provenance_source", "provenance_package", "provenance_file",
                    "provenance_sha256", "provenance_note")

# --- Reference values of the real weights (keras.applications file, unflipped) ------------------
REAL_CONV1_1_BIAS_0_10 = (
    0.73429835, 0.093403675, 0.06775674, 0.8862966, 0.25994542,
    0.66426694, -0.015828926, 0.3249065, 0.68600726, 0.062479325,
)
# kernel[:, :, 0, 0] of block1_conv1 (filter 0, B channel), rows = kernel height.
REAL_CONV1_1_KERNEL_00 = (
    (0.42947057, 0.373467, -0.061360113),
    (0.27476987, 0.038680777, -0.36722335),
    (-0.05746817, -0.26224968, -0.35009676),
)
REAL_FIRST_BIAS = {
    "conv1_1": 0.73429835, "conv1_2": -0.30912212, "conv2_1": -0.04577766,
    "conv2_2": -0.06418542, "conv3_1": -0.074358866, "conv3_2": 0.019675018,
    "conv3_3": 0.035415243, "conv4_1": 0.013485669, "conv4_2": 0.023680462,
    "conv4_3": 0.03757768, "conv5_1": 0.09722325, "conv5_2": 0.21327873,
    "conv5_3": 0.18837857, "fc6": -0.18869764, "fc7": 0.647107, "fc8": -0.2123236,
}
REFERENCE_ATOL = 1e-6  # the reference values are printed to float32 precision

# Filter dream: the blog's ascent started from a photo. On a photo's 0-255 scale the blog's
# 20 steps of 1.0 move a pixel by ~20 grey levels (RMS), which barely shows; 3.0 makes the
# filter's pattern visible while the photo stays recognisable (our choice, not the blog's).
FILTER_DREAM_STEP = 3.0
# The filters of the filter_dream figure: (layer, filter), low to high layers; the write-up
# used block5_conv3 filter 0 on its cat.
FILTER_DREAM_FILTERS = (("conv3_1", 0), ("conv4_1", 0), ("conv4_3", 0),
                        ("conv5_1", 0), ("conv5_2", 0), ("conv5_3", 0), ("conv5_3", 1))

# Deep dream with octaves (the Keras deep_dream example and the Inceptionism recipe): the
# image is dreamed at `octaves` sizes, each 1.4x the previous, smallest first; the detail lost
# by shrinking is put back before each larger octave.
DREAM_LAYER = "conv4_3"
DREAM_SIZE = 512
DREAM_OCTAVES = 3
DREAM_OCTAVE_SCALE = 1.4
DREAM_STEPS = 10  # ascent steps per octave
DREAM_STEP_SIZE = 1.5  # in units of the normalised gradient (RMS 1), on the 0-255 scale
DREAM_MIN_SIZE = 32  # VGG16's five poolings need 32 pixels: smaller octaves are refused
# Regularizers of the course chapter (seed 004). Its text is cut off before the numbers, so
# these defaults are ours; each is off unless asked for (decay 1.0, blur 0, clip 0, levels 0).
MAX_NORM_EPSILON = 1e-8  # g / (max|g| + 1e-8): the chapter's max-abs normalisation
DREAM_DECAY = 0.99  # x *= decay after each step (pulls the image back to the mean)
DREAM_BLUR_SIGMA = 0.5  # Gaussian blur of the image, in pixels
DREAM_BLUR_EVERY = 4  # blur every n-th step
BLUR_TRUNCATE = 3.0  # the Gaussian kernel reaches 3 sigma (scipy.ndimage's default is 4)
DREAM_CLIP_PERCENTILE = 50.0  # zero gradient entries below this percentile of |g|
LAPLACIAN_LEVELS = 4  # bands of the Laplacian-pyramid normalisation (Inceptionism: 4)
LAPLACIAN_KERNEL_1D = (1.0, 4.0, 6.0, 4.0, 1.0)  # binomial 5-tap, / 16 per axis
LAPLACIAN_EPSILON = 1e-8  # band / max(rms, 1e-8)
DREAM_JITTER = 16  # random roll of the image by up to this many pixels each step, seeded
# Bounds of the dream arguments: beyond them a run is a mistake rather than a choice.
DREAM_MAX_SIZE = 4096  # pixels per side (a 4096^2 VGG16 step needs ~10 GB)
LAPLACIAN_MAX_LEVELS = 8  # 2^8 = 256: coarser bands of a <= 4096 image are a few pixels
BLUR_MAX_SIGMA = 10.0  # pixels
JITTER_MAX = 256  # pixels
FILTER_DREAM_COLS = 4  # cells per row of a filter-dream grid (the photo is the first cell)
# The infinite zoom (the course chapter's "Infinite Zoom / Fractal"): each frame is the previous
# one's centre 1/ZOOM_SCALE, scaled back up to the full size and dreamed again. Our numbers: 5%
# per frame is a slow, steady zoom at 10 frames a second; one octave of 5 steps per frame keeps
# the image from dissolving into the layer's pattern within a few frames.
ZOOM_SCALE = 1.05
ZOOM_FRAMES = 20
ZOOM_OCTAVES = 1
ZOOM_STEPS = 5
ZOOM_SIZE = 256
ZOOM_FPS = 10  # of the animated GIF
ZOOM_MAX_SCALE = 2.0  # a larger zoom per frame is a jump, not a zoom
ZOOM_MAX_FRAMES = 10000
# The 3-octave 512x512 deep dream at block4_conv3 must finish within this (issue 7).
DREAM_BUDGET_S = 60.0

# Gradient map: the gradient of a filter's mean activation (or a class probability) with
# respect to the input, shown as max |g| over the channels, scaled so its 99.5th percentile is
# white (a few extreme pixels would otherwise make the rest black).
GRADIENT_MAP_PERCENTILE = 99.5
GRADIENT_MAP_CLASS = 281  # "tabby cat" (n02123045): the class of the bundled cat photo
