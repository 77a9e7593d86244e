"""common/sidecar.py: one sidecar type, flat JSON with a schema version, read back exactly."""

import json

import pytest

from common.sidecar import SCHEMA, Sidecar, SidecarError


def _grid_sidecar():
    return Sidecar(kind="grid", figure="stitched_filters_8x8", pipeline="legacy", weights="w.h5",
                   weights_md5="0" * 32, weights_source="synthetic", synthetic_seed=0, seed=0,
                   steps=2, step=1.0, input_size=64, versions={"python": "3.11"}, run_key="abc",
                   settings="tiny", seconds=1.5, losses={"0": [1.0, 2.0]}, dead=[1], nonfinite=[],
                   details={"kept": [0], "grid": [2, 2], "final_loss": 2.0})


def test_round_trip_is_exact():
    s = _grid_sidecar()
    back = Sidecar.from_json(s.to_json())
    assert back == s
    assert back.to_json() == s.to_json()


def test_file_is_flat_with_the_keys_readers_used():
    """Details sit beside the common fields (as every sidecar before the type had them), with
    the schema and the kind at the top level."""
    data = json.loads(_grid_sidecar().to_json())
    assert data["schema"] == SCHEMA and data["kind"] == "grid"
    assert data["weights_source"] == "synthetic" and data["kept"] == [0] and data["final_loss"] == 2.0
    assert "details" not in data


def test_common_fields_are_attributes_and_a_kinds_own_are_details():
    """One way to read each: no item access that would mix the two styles."""
    s = _grid_sidecar()
    assert s.seed == 0 and s.details["kept"] == [0] and "seed" not in s.details
    with pytest.raises(TypeError):
        s["seed"]


@pytest.mark.parametrize("schema", [None, 0, SCHEMA + 1, "1"])
def test_another_schema_version_is_rejected_in_one_line(schema):
    data = json.loads(_grid_sidecar().to_json())
    if schema is None:
        del data["schema"]
    else:
        data["schema"] = schema
    with pytest.raises(SidecarError) as e:
        Sidecar.from_dict(data, "out/legacy/x.json")
    msg = str(e.value)
    assert msg.startswith("out/legacy/x.json: sidecar schema") and "\n" not in msg


@pytest.mark.parametrize("text", ["[1, 2]", "not json", '{"schema": 1, "figure": "x"}'])
def test_not_a_sidecar_is_rejected_naming_the_file(text):
    with pytest.raises(SidecarError, match=r"^f\.json: "):
        Sidecar.from_json(text, "f.json")


def test_details_cannot_shadow_a_common_field():
    with pytest.raises(ValueError, match="seed"):
        Sidecar(kind="class", figure="magpie", details={"seed": 3})
    with pytest.raises(ValueError, match="schema"):
        Sidecar(kind="class", figure="magpie", details={"schema": 3})


def test_of_splits_a_flat_record_into_common_fields_and_details():
    s = Sidecar.of("grid", "stitched", {"seed": 3, "weights_source": "synthetic", "grid": [8, 8],
                                        "kept": [1, 2]})
    assert (s.kind, s.figure, s.seed, s.weights_source) == ("grid", "stitched", 3, "synthetic")
    assert s.details == {"grid": [8, 8], "kept": [1, 2]}
    assert Sidecar.from_dict(s.to_dict()) == s  # the flat JSON round-trips
