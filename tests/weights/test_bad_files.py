"""Bad weight files: each gives a WeightFileError whose one line names the file, what was expected,
what was found and the fix.

Fast tier: small hand-made files (tests/badfiles.py), plus copies of the synthetic conv-only file
for the cases that need every shape to be right (NaN/Inf). What the command lines make of the
same files is in tests/test_cli_bad_inputs.py.
"""

import pytest
from badfiles import (
    make_baraldi_file,
    make_empty,
    make_html,
    make_inf_keras,
    make_keras_file,
    make_missing,
    make_missing_group,
    make_nan_baraldi,
    make_no_layout,
    make_truncated,
    make_vgg19_baraldi,
    make_vgg19_keras,
    make_wrong_nb_params,
    make_wrong_shape_baraldi,
    make_wrong_shape_keras,
)

from common.errors import WeightFileError
from weights.baraldi import read_baraldi
from weights.keras_file import read_keras

# (case, file maker, reader, include_top, fragments of the expected message)
CASES = [
    ("missing", make_missing, read_baraldi, None, ["no such file", "weights synth"]),
    ("empty", make_empty, read_keras, None, ["empty file"]),
    ("html page", make_html, read_baraldi, None, ["expected an HDF5", "HTML", "failed download"]),
    ("truncated", make_truncated, read_baraldi, None, ["truncated"]),
    ("no layout", make_no_layout, read_baraldi, None, ["no recognised layout", "nb_layers"]),
    ("vgg19 baraldi", make_vgg19_baraldi, read_baraldi, None,
     ["nb_layers=37", "found nb_layers=46", "VGG19"]),
    ("vgg19 keras", make_vgg19_keras, read_keras, None, ["block3_conv4", "VGG19"]),
    ("wrong shape baraldi", make_wrong_shape_baraldi, read_baraldi, None,
     ["layer_1 (conv1_1) param_0", "expected shape (64, 3, 3, 3)", "found (64, 3, 5, 5)"]),
    ("wrong shape keras", make_wrong_shape_keras, read_keras, None,
     ["block2_conv1", "expected shape (3, 3, 64, 128)", "found (3, 3, 32, 128)"]),
    ("wrong nb_params", make_wrong_nb_params, read_baraldi, None,
     ["layer_0 (pad1_1)", "nb_params=0", "found 2"]),
    ("missing group", make_missing_group, read_baraldi, None, ["layer_3 (conv1_2)", "group missing"]),
    ("keras file to baraldi reader", make_keras_file, read_baraldi, None,
     ["keras.applications layout", "python -m weights convert --to legacy"]),
    ("baraldi file to keras reader", make_baraldi_file, read_keras, None,
     ["Baraldi's 2016 layout", "python -m weights convert --to modern"]),
    ("nan", make_nan_baraldi, read_baraldi, None, ["layer_27 (conv5_2) param_0", "NaN/Inf"]),
    ("inf", make_inf_keras, read_keras, None, ["block3_conv2", "NaN/Inf"]),
    ("head of notop baraldi", make_baraldi_file, read_baraldi, True,
     ["dense head", "only the 13 conv layers"]),
    ("head of notop keras", make_keras_file, read_keras, True, ["dense head", "only the 13 conv layers"]),
]


@pytest.mark.parametrize("case,make,reader,include_top,fragments", CASES, ids=[c[0] for c in CASES])
def test_bad_file_gives_one_clear_line(case, make, reader, include_top, fragments, tmp_path,
                                       synth_notop_files):
    path = make(tmp_path, synth_notop_files)
    with pytest.raises(WeightFileError) as e:
        reader(path, include_top=include_top)
    message = str(e.value)
    assert "\n" not in message
    assert message.startswith(path), message
    for fragment in fragments:
        assert fragment in message, (fragment, message)
