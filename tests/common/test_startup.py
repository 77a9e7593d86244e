"""common/startup.py: TensorFlow's start-up lines are dropped, everything else is kept; a real
`import tensorflow` in a fresh process says nothing on a machine without a GPU."""

import os
import subprocess
import sys

from helpers import REPO

from common.startup import startup_chatter

STARTUP = [  # what TensorFlow 2.21 printed at import on this project's machines (times shortened)
    "WARNING: All log messages before absl::InitializeLog() is called are written to STDERR\n",
    "I0000 00:00:1796622796.691467    5698 port.cc:153] oneDNN custom operations are on.\n",
    "I0000 00:00:1796622796.691745    5698 cudart_stub.cc:31] Could not find cuda drivers on your "
    "machine, GPU will not be used.\n",
    "W0000 00:00:1796622796.75 5698 cpu_feature_guard.cc:227] a warning at start-up\n",
    "E0000 00:00:1796622799.365877    5698 cuda_platform.cc:52] failed call to cuInit: INTERNAL: "
    "CUDA error: Failed call to cuInit: UNKNOWN ERROR (303)\n",
]
KEPT = [
    "E0000 00:00:1796622799.365877    5698 some_op.cc:12] a real error\n",
    "/x/y.py:3: UserWarning: a Python warning\n",
    "Traceback (most recent call last):\n",
    "I0 is not absl's prefix\n",
]


def test_startup_lines_are_chatter_and_other_lines_are_not():
    assert all(startup_chatter(line, gpu_found=False) for line in STARTUP)
    assert not any(startup_chatter(line, gpu_found=False) for line in KEPT)


def test_cuinit_failing_is_kept_where_a_gpu_was_found():
    assert not startup_chatter(STARTUP[-1], gpu_found=True)


def _run(code, **env):
    env = {**{k: v for k, v in os.environ.items() if k != "TF_CPP_MIN_LOG_LEVEL"}, "PYTHONPATH": REPO, **env}
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                          timeout=300)


def test_importing_tensorflow_through_the_hook_prints_nothing_but_what_the_program_says():
    code = ("from common.startup import hush_tensorflow_startup; hush_tensorflow_startup()\n"
            "import sys, keras, tensorflow as tf\n"
            "tf.config.threading.set_inter_op_parallelism_threads(1)\n"  # context not started yet
            "threads = tf.config.threading.get_inter_op_parallelism_threads()\n"
            "print(int(keras.ops.sum(keras.ops.ones(3))), threads)\n"
            "print('mine', file=sys.stderr)\n")
    proc = _run(code)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["3", "1"]
    assert proc.stderr == "mine\n", proc.stderr  # no absl banner, I/W/E0000 line
    # the control: without the hook, the same import does print TensorFlow's start-up lines
    plain = _run("import tensorflow as tf; tf.config.list_physical_devices()")
    assert "I0000" in plain.stderr or "WARNING: All log messages" in plain.stderr, plain.stderr
