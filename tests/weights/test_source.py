"""Weights read once and handed on as data (weights/source.py Weights.weight_set): provisioning
reads each file once, and that read serves every model of both pipelines, with and without the
head, without another open."""

import collections
import os

import h5py
import pytest

from common.errors import ArgumentError
from weights import provision as P
from weights.h5files import BARALDI_FILENAME, KERAS_FILENAME, LEGACY, MODERN, check_weight_set
from weights.source import Weights

FILES = {LEGACY: BARALDI_FILENAME, MODERN: KERAS_FILENAME}


@pytest.fixture
def count_opens(monkeypatch):
    """{real path: times h5py.File opened it} from here on."""
    opens = collections.Counter()
    real_file = h5py.File

    def counting_file(name, *args, **kwargs):
        opens[os.path.realpath(os.fspath(name))] += 1
        return real_file(name, *args, **kwargs)

    monkeypatch.setattr(h5py, "File", counting_file)
    return opens


# the full models (138M parameters each) take ~12 s more on 2 cores: `make test` builds only the
# conv models (what reads a file is the same for both: weight_set), the slow tier all four
@pytest.mark.parametrize("tops", [(False,), pytest.param((False, True), marks=pytest.mark.slow)],
                         ids=["conv models", "conv and full models"])
def test_each_file_opened_once_across_provision_and_both_pipelines(tmp_path, real_standins, count_opens,
                                                                   tops):
    from app.pipelines import PIPELINES

    folder = tmp_path / "weights"
    folder.mkdir()
    for layout, name in FILES.items():
        os.symlink(real_standins[layout], folder / name)
    provided = P.provision("auto", str(folder), network=False, cache_dir=str(tmp_path / "cache"))
    assert provided.conv is provided.classes and provided.conv.source == P.IMAGENET
    for p in PIPELINES.values():
        for include_top in tops:
            size = 224 if include_top else 32  # the head fixes 224; the conv models take any size
            weights = provided.for_model(include_top).weight_set(p.name)
            model, summary = p.build_model(include_top, size, weights)
            assert summary["weights"] == os.path.join(folder, FILES[p.name])
            del model
        # the head's figures get the same read (checked here without building the 224 model)
        assert check_weight_set(provided.classes.weight_set(p.name), p.name, True).has_top
    assert count_opens == {os.path.realpath(real_standins["legacy"]): 1,
                           os.path.realpath(real_standins["modern"]): 1}


def test_weight_set_reads_once_and_serves_the_conv_model(synth_files, count_opens):
    """A full WeightSet passes the conv-only check; a conv-only one cannot fill the head."""
    w = Weights(P.SYNTHETIC, synth_files["legacy"], synth_files["modern"], seed=0)
    for layout in (LEGACY, MODERN):
        ws = w.weight_set(layout)
        assert w.weight_set(layout) is ws and ws.layout == layout and ws.has_top
        assert check_weight_set(ws, layout, include_top=False) is ws
    assert sorted(count_opens.values()) == [1, 1]
    conv_only = Weights(P.SYNTHETIC, "", "")
    conv_only.read[MODERN] = ws.__class__({k: v for k, v in ws.params.items() if k.startswith("conv")},
                                          MODERN, False, "conv.h5")
    with pytest.raises(ArgumentError, match="dense head"):
        check_weight_set(conv_only.weight_set(MODERN), MODERN, include_top=True)
