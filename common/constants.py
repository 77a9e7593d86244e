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
