"""What `make reproduce` makes: the blog's figures, each tied to its place in the post, and the
three sizes of run (full, quick, tiny for the tests)."""

import dataclasses

from common.ascent import ASCENT_STEPS, BLOG_INPUT_SIZE, CLASS_MAGPIE, CLASS_SEA_SNAKE, GRID_FILTERS
from common.photos import DEFAULT_PHOTO
from extras.settings import DREAM_LAYER, DREAM_OCTAVES, DREAM_SIZE, DREAM_STEPS, ZOOM_SIZE

# The post's "Visualize all the filters!" overview: the layers it shows, and its cells per layer
# (rows, columns); the claims describe these layers (reproduce/claims.py), and its published
# picture is cut by them (reproduce/blog_reference.py).
OVERVIEW_LAYERS = ("conv1_1", "conv2_1", "conv3_1", "conv4_1", "conv5_1")
OVERVIEW_GRID = (2, 6)
# the methods figure's rows: the overview's layers and conv5_2 (the header's)
METHODS_LAYERS = OVERVIEW_LAYERS + ("conv5_2",)
BLOG_URL = "https://blog.keras.io/how-convolutional-neural-networks-see-the-world.html"
SCRIPT = "keras/examples/conv_filter_visualization.py (January 2016)"


@dataclasses.dataclass(frozen=True)
class Settings:
    name: str
    steps: int  # gradient-ascent steps for every figure
    grid_filters: int  # conv5_1 filters tried for the 8x8 grid (the script: 200)
    grid: tuple  # (rows, cols) of that grid
    header_filters: int  # conv5_2 filters tried for the header grid
    header_grid: tuple  # (rows, cols): the header shows 3 rows of 8
    overview_filters: int  # filters tried per conv layer for the overview
    overview_cols: int  # cells per layer row in the overview
    size: int = BLOG_INPUT_SIZE  # input size for filters
    # Filters per compiled step, by pipeline name. Modern: None = the engine's choice from the
    # free memory. Legacy: the 2016 loop run on 8 filters at a time (its one-at-a-time mode is the
    # CLI's default; here it would add ~25% to the run for the same pictures).
    batch: dict = dataclasses.field(default_factory=lambda: {"legacy": 8, "modern": None})
    dream_size: int = DREAM_SIZE  # side of the photo of the deep dream (modern only)
    dream_octaves: int = DREAM_OCTAVES
    dream_steps: int = DREAM_STEPS  # per octave
    style_size: int = 256  # the style net's image side (256x256, 100 steps)
    style_steps: int = 100
    zoom_size: int = ZOOM_SIZE
    zoom_frames: int = 8  # frames of the infinite zoom shown (one octave of ZOOM_STEPS each)
    # The overview's layers by the 2016 method and by `fourier` (optvis/): filters per layer
    # (the first of the 2016 overview's row) and the Fourier method's steps (its default is 128;
    # 3 x 64 keeps the figure, both pipelines, near 5 minutes on a 2-core CPU).
    methods_filters: int = 3
    methods_steps: int = 64
    methods_layers: tuple = METHODS_LAYERS


FULL = Settings("full", ASCENT_STEPS, GRID_FILTERS, (8, 8), 32, (3, 8), 16, 8)
QUICK = Settings("quick", 5, 64, (8, 8), 24, (3, 8), 4, 4, dream_size=256, dream_steps=5,
                style_size=128, style_steps=10, zoom_size=128, zoom_frames=4, methods_filters=2,
                methods_steps=16)
TINY = Settings("tiny", 2, 4, (2, 2), 2, (1, 2), 2, 2, size=64, batch={"legacy": 4, "modern": 4},
                dream_size=64, dream_octaves=2, dream_steps=2, style_size=32, style_steps=2,
                zoom_size=48, zoom_frames=2, methods_filters=1, methods_steps=2,
                methods_layers=("conv1_1", "conv5_2"))
SETTINGS = {s.name: s for s in (FULL, QUICK, TINY)}


@dataclasses.dataclass(frozen=True)
class Figure:
    stem: str  # output name, as the blog's file
    blog_file: str
    section: str  # where the post shows it
    kind: str  # "filter", "grid", "overview", "class", "dream", "methods"; modern only: "deep",
    # "gradient", "style", "zoom"
    layer: str = ""
    index: int = 0  # filter or class


FIGURES = [
    Figure("conv5_1_filter_0", "conv5_1_filter_0.png", "An exploration of convnet filters with Keras",
           "filter", "conv5_1", 0),
    Figure("stitched_filters_8x8", "stitched_filters_8x8.png (written by the companion script)",
           f"the companion script {SCRIPT}", "grid", "conv5_1"),
    Figure("conv5_2_stitched_filters_8x3", "conv5_2_stitched_filters_8x3.png",
           "the header image of the post", "header", "conv5_2"),
    Figure("vgg16_filters_overview", "vgg16_filters_overview.jpg", "Visualize all the filters!",
           "overview"),
    Figure("seasnake", "seasnake.jpg", "Finding an input that maximizes a specific class", "class",
           index=CLASS_SEA_SNAKE),
    Figure("magpie", "magpie.jpg", "Finding an input that maximizes a specific class", "class",
           index=CLASS_MAGPIE),
    # the photo, then one cell per (layer, filter) of FILTER_DREAM_FILTERS, each climbed from it
    Figure("filter_dream", "filter_dream.jpg", "Convnet dreams", "dream"),
]

# Beyond the blog, modern pipeline only: they have no 2016 counterpart to compare.
MODERN_EXTRAS = [
    Figure("deep_dream", "none (the post points to the Keras deep_dream example)",
           "Convnet dreams; the course chapter's deep dream with octaves", "deep", DREAM_LAYER),
    Figure("gradient_map", "none (the course chapter's 'Visualizing the gradient')",
           "the course chapter: the gradient of an activation on a photo", "gradient",
           "conv5_1", 0),
    # the course chapter's last sections
    Figure("style_transfer", "none (Gatys, Ecker, Bethge 2015; the course chapter's 'Style Net')",
           "the course chapter: Style Net, content, style and total-variation losses",
           "style"),
    Figure("infinite_zoom", "none (the course chapter's 'Infinite Zoom / Fractal')",
           "the course chapter: deep dream of a zoomed-in crop of its own output, "
           "frame after frame", "zoom", DREAM_LAYER),
]
METHOD_FIGURES = [
    Figure("overview_2016_vs_fourier", "none (the post's overview, redrawn by a method of 2017)",
           "Visualize all the filters!, by the 2016 method (left) and by the Fourier "
           "parameterisation with transformation robustness (Olah et al., Distill 2017; right)",
           "methods"),
]
PHOTO = DEFAULT_PHOTO  # the photo of filter_dream, deep_dream, gradient_map, and the content
STYLE_PHOTO = "coffee"  # the style photo of style_transfer (no painting ships with scikit-image)
