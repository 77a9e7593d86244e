"""A tiny atlas (two layers, four filters, both pipelines, trained weights at 32 px, 2 steps)
through a real local Ray with two workers, byte for byte the same as without Ray; and with a
worker killed mid-run (by its pid), still complete and identical."""

import json
import os
import signal

import pytest

from atlas.cli import main

ray = pytest.importorskip("ray", reason="Ray is not installed (requirements-atlas.txt, `make atlas`)")

TINY = ["--layers", "conv1_1,conv3_1", "--filters", "0-3", "--size", "32", "--steps", "2",
        "--chunk", "2", "--weights", "trained"]


def _tree(folder):
    """{path: bytes} of every result (pictures, records, differences, settings): all but the
    timing sidecars, the pages that show them and the lock, which say when and where, not what."""
    out = {}
    for root, _, files in os.walk(folder):
        for name in files:
            if not name.endswith((".time.json", ".html")) and name != ".lock":
                path = os.path.join(root, name)
                with open(path, "rb") as f:
                    out[os.path.relpath(path, folder)] = f.read()
    return out


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    out = str(tmp_path_factory.mktemp("no_ray"))
    assert main(TINY + ["--no-ray", "--out", out]) == 0
    return _tree(out)


@pytest.fixture(scope="module")
def local_ray():
    yield
    ray.shutdown()


def test_two_workers_give_the_same_bytes(tmp_path, reference, local_ray):
    assert main(TINY + ["--workers", "2", "--out", str(tmp_path)]) == 0
    got = _tree(tmp_path)
    assert len([p for p in got if p.endswith(".png") and "diff" not in p]) == 2 * 2 * 4
    assert got == reference


@pytest.mark.slow  # 17 s of Ray; the same-bytes test with two workers stays in make test
def test_a_killed_worker_is_replaced_and_nothing_is_lost(tmp_path, reference, local_ray):
    killed = []

    def kill_once(chunk):
        """After the first chunk, kill the worker that made it: it is running its next chunk."""
        if killed:
            return
        with open(tmp_path / chunk.pipeline / chunk.layer / f"f{chunk.filters[0]:04d}.time.json") as f:
            pid = json.load(f)["pid"]
        os.kill(pid, signal.SIGKILL)
        killed.append(pid)

    assert main(TINY + ["--workers", "2", "--out", str(tmp_path)], on_chunk=kill_once) == 0
    assert killed and killed[0] != os.getpid()
    with pytest.raises(ProcessLookupError):
        os.kill(killed[0], 0)  # that process is gone: Ray restarted the actor and retried its chunk
    assert _tree(tmp_path) == reference
    pids = set()
    for root, _, files in os.walk(tmp_path):
        for name in files:
            if name.endswith(".time.json"):
                with open(os.path.join(root, name)) as f:
                    pids.add(json.load(f)["pid"])
    assert killed[0] in pids and len(pids) == 3  # the two workers, and the one that replaced it
