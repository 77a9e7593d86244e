"""The weights of a command (cli/weights.py): a given file is read whole through the Pipeline
handed in, in that pipeline's layout, and its source named; the other layout's file is refused
in one line before TensorFlow (a WeightFileError, which the commands print and exit 2 on)."""

import pytest

from app.pipelines import PIPELINES
from cli.weights import weights_for
from common.errors import WeightFileError


def test_a_given_file_is_read_in_the_pipelines_layout(pipeline, synth_notop_files):
    path, ws, source = weights_for(synth_notop_files[pipeline.name], pipeline, include_top=False)
    assert path == synth_notop_files[pipeline.name] and source == "synthetic"
    assert ws.layout == pipeline.name and ws.synthetic


def test_the_other_layouts_file_is_refused(synth_notop_files):
    legacy, modern = PIPELINES["legacy"], PIPELINES["modern"]
    for pipeline, other in ((legacy, "modern"), (modern, "legacy")):
        with pytest.raises(WeightFileError) as e:
            weights_for(synth_notop_files[other], pipeline, include_top=False)
        # one line naming the file and the way out (python -m weights convert)
        assert "\n" not in str(e.value) and synth_notop_files[other] in str(e.value)
        assert f"convert --to {pipeline.name}" in str(e.value)
