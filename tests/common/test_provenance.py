"""What every output records (common/provenance.py): versions without importing TensorFlow, and
the md5 of a weight file computed once per version of the file."""

import hashlib
import os
import subprocess
import sys

from helpers import REPO

from common import provenance as P


def test_versions_come_from_package_metadata_without_tensorflow():
    code = ("import sys; from common.provenance import software_versions; v = software_versions(); "
            "assert set(v) == {'python', 'tensorflow', 'keras', 'numpy'} and all(v.values()), v; "
            "assert 'tensorflow' not in sys.modules and 'keras' not in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=REPO, env=dict(os.environ, PYTHONPATH=REPO))


def test_versions_are_those_the_modules_report():
    import keras
    import numpy
    import tensorflow

    v = P.software_versions()
    assert (v["tensorflow"], v["keras"], v["numpy"]) == (tensorflow.__version__, keras.__version__,
                                                         numpy.__version__)


def test_weights_md5_follows_the_file(tmp_path):
    path = tmp_path / "w.h5"
    path.write_bytes(b"one")
    assert P.weights_md5(str(path)) == hashlib.md5(b"one").hexdigest()
    path.write_bytes(b"other")  # another size: another key, so not the cached value
    assert P.weights_md5(str(path)) == hashlib.md5(b"other").hexdigest()
