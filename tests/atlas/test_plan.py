"""The atlas's work split and resume (atlas/plan.py) on a stand-in step: no TensorFlow, no Ray."""

import os

import pytest

from atlas import plan
from common.errors import ArgumentError


def _tree(folder):
    """{relative path: bytes} of every file under `folder` except the timing sidecars."""
    out = {}
    for root, _, files in os.walk(folder):
        for name in files:
            if not name.endswith(".time.json"):
                path = os.path.join(root, name)
                with open(path, "rb") as f:
                    out[os.path.relpath(path, folder)] = f.read()
    return out


def test_layers_and_filters_are_parsed_and_checked():
    assert plan.parse_layers("conv5_1,block1_conv1, conv1_1") == ["conv1_1", "conv5_1"]
    assert len(plan.parse_layers(None)) == 13
    assert plan.parse_filters("0-2,7,5-5", ["conv1_1"]) == [0, 1, 2, 5, 7]
    assert plan.parse_filters(None, ["conv1_1"]) is None
    with pytest.raises(ArgumentError, match="--layers 'pool1': not a conv layer"):
        plan.parse_layers("pool1")
    with pytest.raises(ArgumentError, match="filter 64 is out of range.*0..63"):
        plan.parse_filters("60-64", ["conv1_1", "conv5_1"])  # conv1_1 has 64
    with pytest.raises(ArgumentError, match="expected A-B"):
        plan.parse_filters("3-1", ["conv1_1"])


def test_chunks_depend_on_the_settings_alone():
    chunks = plan.make_chunks(["legacy", "modern"], ["conv1_1", "conv2_1"], [0, 1, 2, 3, 4], 2)
    assert [c.key for c in chunks[:3]] == ["legacy/conv1_1/0-1", "legacy/conv1_1/2-3", "legacy/conv1_1/4-4"]
    assert len(chunks) == 2 * 2 * 3
    whole = plan.make_chunks(["modern"], ["conv1_1"], None, 16)  # every filter: 64 in 4 chunks
    assert [len(c.filters) for c in whole] == [16] * 4 and whole[-1].filters[-1] == 63


def test_an_interrupted_run_resumes_with_the_same_bytes(tmp_path, pool_class):
    chunks = plan.make_chunks(["legacy", "modern"], ["conv1_1", "conv2_1"], [0, 1, 2, 3, 4], 2)
    whole = tmp_path / "whole"
    plan.drive(chunks, str(whole), pool_class())
    part = tmp_path / "part"
    first = pool_class(stop_after=5)
    with pytest.raises(KeyboardInterrupt):
        plan.drive(chunks, str(part), first)
    assert len(plan.pending(chunks, str(part))) == len(chunks) - 5  # what finished is kept
    second = pool_class()
    computed = plan.drive(list(reversed(chunks)), str(part), second)  # another order of work
    assert len(second.ran) == len(chunks) - 5 and computed == sum(len(c.filters) for c in second.ran)
    assert _tree(part) == _tree(whole)
    assert plan.drive(chunks, str(part), pool_class()) == 0  # all done: nothing run


def test_a_chunk_missing_one_filter_is_redone_whole(tmp_path, pool_class):
    chunks = plan.make_chunks(["modern"], ["conv1_1"], [0, 1, 2, 3], 2)
    plan.drive(chunks, str(tmp_path), pool_class())
    before = _tree(tmp_path)
    os.remove(tmp_path / "modern" / "conv1_1" / "f0001.json")  # the record is the 'done' mark
    pool = pool_class()
    plan.drive(chunks, str(tmp_path), pool)
    assert [c.filters for c in pool.ran] == [(0, 1)]  # the whole batch, so its rounding is kept
    assert _tree(tmp_path) == before  # a retried chunk rewrites the same bytes, adds nothing
    assert not [n for n in os.listdir(tmp_path / "modern" / "conv1_1") if n.endswith(".part")]


def test_settings_are_kept_and_a_different_atlas_is_refused(tmp_path, settings):
    plan.check_settings(str(tmp_path), settings)
    plan.check_settings(str(tmp_path), settings)  # the same: fine
    other = plan.AtlasSettings(**{**settings.__dict__, "steps": 4})
    with pytest.raises(ArgumentError, match="holds an atlas made with other settings"):
        plan.check_settings(str(tmp_path), other)


def test_a_2016_atlas_settings_file_names_no_method_and_another_does(settings):
    assert "method" not in settings.as_json()
    fourier = plan.AtlasSettings(**{**settings.__dict__, "method": "fourier", "step": 0.05})
    assert '"method": "fourier"' in fourier.as_json() and fourier.as_json() != settings.as_json()
