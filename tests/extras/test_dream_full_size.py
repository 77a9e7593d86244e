"""The full-size deep dream of the README's figure (a 3-octave dream of a 512x512 photo at
block4_conv3), as behaviour: the octave sizes and a loss that climbs at each of them. Slow
tier (~1 min). Its time is measured by `make bench` (the deep-dream line), not asserted here:
a timing on a shared machine is no verdict on the code."""

import json

import pytest
from helpers import assert_loss_climbs

from extras.dream_cli import dream_main


@pytest.mark.slow
def test_deep_dream_512_three_octaves(synth_notop_files, tmp_path):
    assert dream_main(["deep", "--layer", "block4_conv3", "--size", "512", "--octaves", "3",
                       "--weights", synth_notop_files["modern"], "--out", str(tmp_path)]) == 0
    meta = json.loads((tmp_path / "deep_dream_block4_conv3_cat.json").read_text())
    assert [o["shape"] for o in meta["octaves"]] == [[261, 261], [366, 366], [512, 512]]
    for o in meta["octaves"]:
        assert_loss_climbs([o["start_loss"], o["final_loss"]], what=str(o))
