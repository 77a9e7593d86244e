"""The work of `make reproduce`: gradient ascent on every filter and class its figures show, in
each pipeline, through the verified cache (common/cache.py), so that a rerun or a resumed run
computes only what is missing."""

import dataclasses
import os
import time

from app.pipelines import PIPELINES
from cli.runtime import configure_runtime
from common import cache as K
from common.ascent import ASCENT_STEP_SIZE
from common.layers import TOP_INPUT_SIZE
from common.photos import photo_input
from common.provenance import weights_md5
from extras.settings import FILTER_DREAM_FILTERS, FILTER_DREAM_STEP
from optvis.methods import BLOG


def run_key(weights, settings, seed):
    """Outputs are reused only when weights, settings and seed are all the same."""
    md5 = [weights_md5(w.path(p)) for w in (weights.conv, weights.classes) for p in PIPELINES]
    return K.run_key([md5, settings.__dict__, seed, ASCENT_STEP_SIZE,
                      FILTER_DREAM_STEP, FILTER_DREAM_FILTERS])


@dataclasses.dataclass
class Work:
    """Filters and classes computed, and found in the cache, by every Runner of one run."""

    computed: int = 0
    reused: int = 0


class Runner:
    """Builds each model once, on first need, and runs or reloads every filter and class.

    Models are built from the run's WeightSets (`Weights.weight_set`): each weight file is read
    once per pipeline, however many models and figures use it. computed / reused count the
    filters and classes this run did and found in the cache: after an interruption, the rerun
    computes only what is missing. A Runner made by at() (another seed or other weights) adds
    to the same counts.
    """

    def __init__(self, weights, settings, seed, cache, key):
        self.weights, self.settings, self.seed, self.cache, self.key = weights, settings, seed, cache, key
        self._models = {}
        self.work = Work()

    @property
    def computed(self):
        return self.work.computed

    @property
    def reused(self):
        return self.work.reused

    def at(self, seed, weights=None):
        """A Runner of the same settings for start-noise `seed` and `weights` (default this
        one's), with its own cache beside this one's under its own run key (the cache a run
        with that seed and those weights would use), its models shared when the weights are
        the same, and its work counted with this one's."""
        weights = weights or self.weights
        key = run_key(weights, self.settings, seed)
        other = Runner(weights, self.settings, seed, os.path.join(os.path.dirname(self.cache), key), key)
        other.work = self.work
        if weights == self.weights:
            other._models = self._models
        return other

    pipelines = PIPELINES  # name -> Pipeline, legacy first
    modern = PIPELINES["modern"]  # the pipeline of the figures beyond the blog (reproduce/extras.py)

    def weight_set(self, p, include_top):
        """The WeightSet (read once) of pipeline `p` for a model with or without the head."""
        return self.weights.for_model(include_top).weight_set(p.name)

    def model(self, p, include_top):
        """Pipeline `p`'s VGG16: at the filter size without the head, at 224x224 with it."""
        key = (p.name, include_top)
        if key not in self._models:

            configure_runtime()
            size = TOP_INPUT_SIZE if include_top else self.settings.size
            self._models[key] = p.build_model(include_top, size, self.weight_set(p, include_top))[0]
        return self._models[key]

    def _filters(self, p, layer, indices, bar=None, photo=None, method=BLOG):
        """([(AscentResult, seconds)], how many were computed) for the filters: from the cache,
        the missing ones computed and saved. A method other than the 2016 one runs the settings'
        methods_steps with its own step size, cached apart (`conv3_1~fourier`)."""
        s = self.settings
        folder = layer if photo is None else f"{layer}@{photo}"
        folder = os.path.join(self.cache, p.name, folder if method == BLOG else f"{folder}~{method}")
        steps = s.steps if method == BLOG else s.methods_steps

        def compute(missing, save):
            x0, step = None, ASCENT_STEP_SIZE if method == BLOG else None  # None: the method's
            if photo is not None:

                x0, step = photo_input(photo, s.size), FILTER_DREAM_STEP
            p.visualize_filters(self.model(p, False), layer, missing, steps, step, self.seed,
                                batch_size=s.batch[p.name], progress=None if bar is None else bar.add,
                                on_result=save, start=x0, method=method)

        loaded, computed = K.cached_filters(folder, p.input_shape(s.size), indices, steps, self.key,
                                          compute, None if bar is None else bar.skip)
        self.work.computed += computed
        return loaded, computed

    def filters(self, p, layer, indices, bar=None, photo=None, method=BLOG):
        """AscentResults (and seconds) for the filters, computing only the missing ones.

        photo: a bundled photo every filter starts from (filter_dream), cached apart from the
        grey-noise runs, with the filter-dream step size. method: "2016" (the blog's ascent) or
        one of optvis/'s."""
        loaded, computed = self._filters(p, layer, indices, bar, photo, method)
        self.work.reused += len(indices) - computed
        return [r for r, _ in loaded], sum(t for _, t in loaded)

    def made(self, p, layer, indices):
        """The same as filters(), for results this run has made or reused already (the claims
        read the figures' filters again): reading them is not counted as reused work."""
        loaded, _ = self._filters(p, layer, indices)
        return [r for r, _ in loaded], sum(t for _, t in loaded)

    def klass(self, p, class_index, bar=None):
        """(AscentResult, seconds) of a class at 224x224: from the cache, else computed and saved
        (the result in memory is used as is: the cache stores it exactly); told to `bar`."""
        path = os.path.join(self.cache, p.name, f"class_{class_index}.npz")
        steps = self.settings.steps
        found = K.load_result(path, class_index, self.key, p.input_shape(TOP_INPUT_SIZE), steps)
        if found is not None:
            self.work.reused += 1
            if bar is not None:
                bar.skip(1)
            return found
        t = time.perf_counter()
        r = p.visualize_class(self.model(p, True), class_index, steps, ASCENT_STEP_SIZE, self.seed)
        seconds = time.perf_counter() - t
        K.save_result(path, r, seconds, self.key)
        self.work.computed += 1
        if bar is not None:
            bar.add(1)
        # as load_result gives it back: losses as Python floats (the cache stores float64)
        return dataclasses.replace(r, losses=[float(v) for v in r.losses]), seconds
