"""The claims (reproduce/claims.py), validated: each finds its claim on hand-made figures that show
it and does not find it on figures that don't (tests/reproduce_pictures.py); the statistics; the
command line on a folder. Small pictures (64 px), numpy: about a second in all."""

import json

import imageio.v3 as iio
import numpy as np
import pytest
from reproduce_pictures import (
    arcs,
    discs,
    flat,
    grating,
    noise,
    noisy_grating,
    oriented_texture,
    smoothed_noise,
)

from common.errors import ArgumentError
from reproduce import claims as K
from reproduce import verdicts as V

RNG_SEED = 0
FIVE = ("conv1_1", "conv2_1", "conv3_1", "conv4_1", "conv5_1")


def rng():
    return np.random.default_rng(RNG_SEED)


# --- colour and direction ---------------------------------------------------------------------------

def test_colour_and_direction_found_in_flat_colours_and_gratings():
    pics = {"conv1_1": [flat((200, 40, 90)), flat((40, 200, 90)), flat((90, 40, 200))]
            + [noisy_grating(a, seed=s) for s, a in enumerate((0, 50, 100))]}
    r = K.colour_and_direction(pics, rng())
    assert r.holds and r.value == pytest.approx(0.5) and r.n == 6, r.measure


@pytest.mark.parametrize("kind", ["noise", "flat colours only", "gratings only"])
def test_colour_and_direction_not_found_without_both(kind):
    pics = {"noise": [noise(s) for s in range(6)],
            "flat colours only": [flat((200, 40 + 20 * s, 90)) for s in range(6)],
            "gratings only": [noisy_grating(30 * s, seed=s) for s in range(6)]}[kind]
    r = K.colour_and_direction({"block1_conv1": pics}, rng())  # the other spelling
    assert r.holds is False and r.value == 0.0, r.measure


def test_no_conv1_pictures_is_not_measurable():
    r = K.colour_and_direction({"conv5_1": [noise()]}, rng())
    assert r.holds is None and r.value is None and r.n == 0


# --- larger with depth, more intricate with depth -------------------------------------------------

@pytest.mark.parametrize("order", ["deeper is larger", "deeper is smaller"])
def test_patterns_grow_larger_only_when_their_scale_grows(order):
    sigmas = (0.5, 1, 2, 4, 8) if order == "deeper is larger" else (8, 4, 2, 1, 0.5)
    pics = {layer: [smoothed_noise(s, size=64, seed=k) for k in range(3)] for layer, s in zip(FIVE, sigmas)}
    r = K.larger_patterns(pics, rng())
    assert r.holds is (order == "deeper is larger") and r.n == 15, r.measure
    assert r.value == pytest.approx(1.0 if order == "deeper is larger" else -1.0, abs=0.05)


def test_patterns_of_one_scale_at_every_depth_do_not_grow():
    pics = {layer: [smoothed_noise(2, size=64, seed=10 * d + k) for k in range(3)]
            for d, layer in enumerate(FIVE)}
    assert not K.larger_patterns(pics, rng()).holds


def test_flat_colours_have_no_size_to_grow():
    r = K.larger_patterns({"conv1_1": [flat()], "conv5_1": [flat()]}, rng())
    assert r.holds is None and r.value is None and r.counts == {"conv1_1": 0, "conv5_1": 0}


def _intricacy_layers(kinds):
    makers = {"flat": lambda s: flat((120 + 20 * s, 80, 100)), "noise": lambda s: noise(s),
              "grating": lambda s: noisy_grating(40 * s, seed=s), "discs": lambda s: discs(seed=s),
              "arcs": lambda s: arcs(seed=s)}
    return {layer: [makers[kind](s) for s in range(3)] for layer, kind in zip(FIVE, kinds)}


def test_more_intricate_found_from_flat_and_gratings_to_shapes():
    r = K.more_intricate(_intricacy_layers(["flat", "noise", "grating", "discs", "arcs"]), rng())
    # measured 0.80: the first three layers all measure ~0 and tie in rank, by design
    assert r.holds and r.value > 0.7, r.measure


@pytest.mark.parametrize("kinds", [["noise"] * 5, ["flat", "grating", "noise", "grating", "flat"],
                                   ["arcs", "discs", "grating", "noise", "flat"]])
def test_more_intricate_not_found_without_growing_structure(kinds):
    assert not K.more_intricate(_intricacy_layers(kinds), rng()).holds


# --- turned copies ----------------------------------------------------------------------------------

TEXTURES = [oriented_texture(a, seed=s) for s, a in enumerate((10, 35, 60, 80, 120, 160))]


def test_turned_copies_found():
    pics = {"conv4_1": TEXTURES + [np.rot90(p) for p in TEXTURES]}
    for claim in (K.rotated_copies, K.rotated_in_conv4_1):
        r = claim(pics, rng())
        assert r.holds and r.value == 1.0 and r.baseline == 0.0, r.measure


@pytest.mark.parametrize("kind", ["unrelated textures", "noise", "untouched copies"])
def test_turned_copies_not_found(kind):
    pics = {"unrelated textures": [oriented_texture(a, seed=s + 10) for s, a in
                                   enumerate((0, 17, 33, 52, 71, 105, 128, 140, 171, 5, 63, 150))],
            "noise": [noise(s) for s in range(12)],
            # copies, but shifted rather than turned: duplicates, not turned copies
            "untouched copies": TEXTURES + [np.roll(p, 20, axis=1) for p in TEXTURES]}[kind]
    r = K.rotated_copies({"conv3_1": pics}, rng())
    assert r.holds is not True, r.measure


def test_rotation_in_conv4_1_needs_conv4_1():
    r = K.rotated_in_conv4_1({"conv3_1": TEXTURES + [np.rot90(p) for p in TEXTURES]}, rng())
    assert r.holds is None and r.n == 0


# --- the table and the rows beside it ---------------------------------------------------------------

def test_claims_table_one_typed_result_per_claim():
    pics = {"conv1_1": [flat(), grating(0)], "conv5_1": [grating(10, period=20)]}
    rows = K.claims_table(pics, {"legacy": 2.0, "modern": 0.5})
    assert [type(r) for r in rows] == [V.ClaimResult] * (len(K.CLAIMS) + 1)
    assert rows[-1].holds and rows[-1].value == 2.0  # the slower pipeline's seconds per filter
    assert {"claim", "measure", "value", "baseline", "holds"} <= set(rows[0].to_json())
    json.dumps([r.to_json() for r in rows])  # plain JSON: no numpy numbers


def test_same_seed_same_table():
    layers = _intricacy_layers(["flat", "noise", "grating", "discs", "arcs"])
    pics = {layer: v[:2] for layer, v in layers.items()}
    assert K.claims_table(pics, seeds=(3,)) == K.claims_table(pics, seeds=(3,))


# --- the command line -------------------------------------------------------------------------------

def _folder(tmp_path, layers):
    for layer, pics in layers.items():
        (tmp_path / layer).mkdir()
        for i, p in enumerate(pics):
            iio.imwrite(tmp_path / layer / f"f{i:04d}.png", p)
    return tmp_path


def test_command_line_on_a_folder(tmp_path, capsys):
    folder = tmp_path / "pics"
    folder.mkdir()
    _folder(folder, {"block1_conv1": [flat(), noisy_grating(0)], "conv4_1": TEXTURES[:2]})
    out = tmp_path / "claims.json"
    assert K.main([str(folder), "--json", str(out)]) == 0
    rows = json.loads(out.read_text())
    assert len(rows) == len(K.CLAIMS) and all(r["holds"] in (True, False, None) for r in rows)
    assert "The first layers basically just encode direction and color" in capsys.readouterr().out


def test_read_folder_leaves_out_pictures_an_atlas_record_calls_dead(tmp_path):
    """An atlas folder (fNNNN.png beside its fNNNN.json record), partly rendered: a dead or
    stopped filter's picture is its start noise and is left out; a record that does not read,
    or a picture without one, is kept."""
    _folder(tmp_path, {"conv3_1": [noise(i) for i in range(5)]})
    layer = tmp_path / "conv3_1"
    records = {0: {"dead": True, "nonfinite": False}, 1: {"dead": False, "nonfinite": True},
               2: {"dead": False, "nonfinite": False}}
    for i, record in records.items():
        (layer / f"f{i:04d}.json").write_text(json.dumps(record))
    (layer / "f0003.json").write_text("{not json")
    (layer / ".f0005.png.x.part").write_bytes(b"half a picture")  # the atlas still writing it
    (tmp_path / "conv4_1").mkdir()  # a layer not started yet
    found = K.read_folder(str(tmp_path))
    assert list(found.by_layer) == ["conv3_1"] and len(found.by_layer["conv3_1"]) == 3
    assert found.left_out == 2


def test_read_folder_errors(tmp_path):
    with pytest.raises(ArgumentError, match="no pictures"):
        K.read_folder(str(tmp_path))
    with pytest.raises(ArgumentError, match="not a folder"):
        K.read_folder(str(tmp_path / "missing"))
    _folder(tmp_path, {"conv9_1": [flat()]})
    with pytest.raises(ArgumentError, match="conv9_1.*valid names"):
        K.read_folder(str(tmp_path))


def test_read_folder_mixed_sizes_and_unreadable(tmp_path):
    _folder(tmp_path, {"conv1_1": [flat(), noise(size=32)]})
    with pytest.raises(ArgumentError, match="32x32 pixels, but .* is 64x64"):
        K.read_folder(str(tmp_path))
    (tmp_path / "conv1_1" / "f0001.png").write_bytes(b"not a picture")
    with pytest.raises(ArgumentError, match="f0001.png: not a readable picture"):
        K.read_folder(str(tmp_path))


def test_a_consistent_but_tiny_trend_does_not_hold():
    """The untrained network's pictures grow 0.15 px and 0.014 in complexity from conv1_1 to
    conv5_1, consistently enough for the permutation test: a trend must also be material."""
    trend = (0.6, 0.2, 0.005, {"conv1_1": 3.34, "conv5_1": 3.49}, {"conv1_1": 12, "conv5_1": 12})
    assert not K._trend_result("c", "length", trend, K.LENGTH_RISE).holds
    assert K._trend_result("c", "length", trend).holds


def test_atlas_pictures_live_filters_of_whole_layers_made_with_the_same_weights(tmp_path):
    """conv1_1 (64 filters) rendered whole with weights "a" (one dead, one made with other
    weights); conv2_1 still being rendered: left to the run's pictures."""
    def render(layer, records):
        (tmp_path / layer).mkdir()
        for i, (md5, dead) in enumerate(records):
            iio.imwrite(tmp_path / layer / f"f{i:04d}.png", noise(i % 4, size=8))
            (tmp_path / layer / f"f{i:04d}.json").write_text(
                json.dumps({"weights_md5": md5, "dead": dead, "nonfinite": False}))
            (tmp_path / layer / f"f{i:04d}.time.json").write_text("{}")

    render("conv1_1", [("a", i == 1) for i in range(64)])
    render("conv2_1", [("a", False)] * 20)
    found = K.atlas_pictures(str(tmp_path), "a")
    assert list(found) == ["conv1_1"] and len(found["conv1_1"]) == 63
    assert np.array_equal(found["conv1_1"][0], noise(0, size=8))
    (tmp_path / "conv1_1" / "f0005.json").write_text(json.dumps({"weights_md5": "b", "dead": False,
                                                                 "nonfinite": False}))
    assert K.atlas_pictures(str(tmp_path), "a") == {}  # one filter made with other weights: not whole
    assert K.atlas_pictures(str(tmp_path / "missing"), "a") == {}


def test_the_untrained_null_is_the_class_figures_synthetic_set_when_there_is_one(tmp_path):
    from weights.source import SYNTHETIC, TRAINED, Provision, Weights

    synthetic = Weights(SYNTHETIC, "a.h5", "b.h5", seed=0)
    trained = Weights(TRAINED, "c.h5", "d.h5", has_top=False)
    u = K.untrained_weights(Provision(trained, synthetic, "r"), str(tmp_path), 0)
    assert u.conv is synthetic and u.classes is synthetic  # read once, shared with the class figures
    assert K.untrained_weights(Provision(synthetic, synthetic, "r"), str(tmp_path), 0) is None


def test_the_networks_own_claims_are_read_back_from_the_runs_cache(tmp_path):
    """Measured once per run key: a rerun reads them and builds no model (this runner has none)."""
    import json
    import types

    from reproduce.claims import NETWORK_CLAIMS, network_claims
    from reproduce.verdicts import ClaimResult

    row = ClaimResult(claim="c", measure="m", value=1.0, baseline=0.5, holds=True, n=3, spread=(0.5, 1.5))
    (tmp_path / NETWORK_CLAIMS).write_text(json.dumps({"rows": [row.to_json()]}))
    runner = types.SimpleNamespace(cache=str(tmp_path), model=None, modern=None)
    assert network_claims(runner, 0) == [row]
