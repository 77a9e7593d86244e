"""The named numbers of the reproduction (weight files, URLs, checksums and reference values live
with their code in weights/).

Sources: the Keras blog post "How convolutional neural networks see the world" (Jan 2016), its
companion script `conv_filter_visualization.py`, Lorenzo Baraldi's VGG16 weight file and
keras.applications.VGG16. See ../shared/REFERENCE.md for where each number comes from.
"""

# --- VGG16 architecture -------------------------------------------------------------------------
# (filters, convolutions) per block; every conv is 3x3, stride 1, relu; each block ends in a
# 2x2/2 max-pool.
VGG16_BLOCKS = ((64, 2), (128, 2), (256, 3), (512, 3), (512, 3))
KERNEL_SIZE = 3
INPUT_CHANNELS = 3
# Dense head: (legacy name, modern name, units). fc6 takes the flattened pool5 (512 x 7 x 7).
DENSE_HEAD = (("fc6", "fc1", 4096), ("fc7", "fc2", 4096), ("fc8", "predictions", 1000))
POOL5_SHAPE_CHW = (512, 7, 7)
FLAT_FEATURES = 512 * 7 * 7  # 25088
NUM_CLASSES = 1000
TOP_INPUT_SIZE = 224  # the dense head fixes the input at 224x224
BLOG_INPUT_SIZE = 128  # the blog's filter visualisations use 128x128
MIN_INPUT_SIZE = 32  # five 2x2 poolings need at least 32 pixels

# Baraldi's Sequential has one entry per Keras layer, parameterless ones included.
LEGACY_LAYERS_FULL = 37  # with Flatten, fc6, Dropout, fc7, Dropout, fc8
LEGACY_LAYERS_CONV = 31  # ZeroPadding/Conv/MaxPool only (the blog's model)
VGG19_LEGACY_LAYERS = 46  # for a helpful message when someone brings the other model
PARAMS_CONV = 14_714_688
PARAMS_TOTAL = 138_357_544

# --- Input conventions (Caffe) ------------------------------------------------------------------
# Per-channel means in B, G, R order, on a 0-255 scale; the network sees BGR.
BGR_MEAN = (103.939, 116.779, 123.68)

# --- The 2016 gradient-ascent recipe ------------------------------------------------------------
ASCENT_STEPS = 20
ASCENT_STEP_SIZE = 1.0
GRAD_EPSILON = 1e-5  # g / (sqrt(mean(g**2)) + 1e-5)
NOISE_SCALE = 20.0  # start image: uniform[0, 1) * 20 + 128
NOISE_OFFSET = 128.0
DEPROCESS_EPSILON = 1e-5  # x / (std + 1e-5)
DEPROCESS_STD = 0.1
GRID_FILTERS = 200  # the companion script tries the first 200 filters of conv5_1
GRID_MARGIN = 5  # pixels between grid cells
CLASS_SEA_SNAKE = 65  # n01751748
CLASS_MAGPIE = 18  # n01582220
DEFAULT_SEED = 0

# --- The batched engine (modern/ascent.py stream_ascent) and its batch size ---------------------
# Peak resident bytes of one image in a compiled step = STEP_MEMORY_FACTOR x 4 bytes x the floats
# of every layer output up to the target layer (forward activations kept for the backward pass,
# plus the backward's temporaries). Measured by `make bench` (scaling table): ~22 MB per image
# at conv5_1/128 against 19.4 MB of activations, so 1.2; 2.0 leaves room for the allocator.
STEP_MEMORY_FACTOR = 2.0
BATCH_MEMORY_FRACTION = 0.5  # of the memory available when the run starts
# Beyond this the time per filter-step no longer falls (make bench, scaling table) while memory
# and the time between progress updates keep growing.
MAX_AUTO_BATCH = 32

# --- Layouts ------------------------------------------------------------------------------------
LEGACY_CHANNEL_AXIS = 1  # (B, C, h, w): Theano's "th" ordering
MODERN_CHANNEL_AXIS = -1  # (B, h, w, C): TensorFlow's "tf" ordering

# --- Photos (issue 7: "Convnet dreams") ---------------------------------------------------------
# Bundled photographs: scikit-image ships them as package data, so they work offline.
# name -> skimage.data function.
BUNDLED_PHOTOS = {"cat": "chelsea", "coffee": "coffee", "astronaut": "astronaut", "rocket": "rocket"}
DEFAULT_PHOTO = "cat"  # the later write-up dreams on a cat photo
PIXEL_MAX = 255.0  # photos are 0-255 before the mean is subtracted

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
