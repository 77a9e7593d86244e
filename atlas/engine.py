"""Ray as the atlas's engine: a pool of actors (atlas.render.Renderer), each holding its models,
fed one chunk at a time by the driver.

Why Ray: an actor keeps a built model and its compiled steps between tasks (a plain task pool,
multiprocessing or Dask's futures would rebuild or need hand-made caching per process); a task
of a dead actor is retried on the restarted actor by Ray itself (max_restarts,
max_task_retries); and the same program joins a cluster of any size with `--address`, machines
added with one `ray start --address` each. The results come back through Ray's object store to
the driver, which alone writes files, so the nodes need no shared output folder (they need the
project and the weight files at the same paths).
"""

import logging
import os

from atlas.render import Renderer
from common.errors import EnvironmentProblem

# Ray (most of a second to import) is imported inside start: `python -m atlas` and `python -m
# atlas.bench` import this module at start, and `--help` and argument errors (and --no-ray runs)
# go without it.

MAX_RETRIES = 3  # a chunk whose worker dies is retried on the restarted worker this many times
ENV = {"TF_CPP_MIN_LOG_LEVEL": "2", "KERAS_BACKEND": "tensorflow"}


def start(address=None, workers=None):
    """ray.init on this machine (workers = cores) or joining `address`; (ray, workers)."""
    import ray

    repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    env = {**ENV, "PYTHONPATH": repo}  # workers import app/, atlas/ ... from the project
    # Ray's own start-up lines (its token notice, "Started a local Ray instance") are not the
    # user's business on this machine; joining a cluster keeps its warnings.
    level = logging.WARNING if address else logging.ERROR
    kwargs = {"runtime_env": {"env_vars": env}, "log_to_driver": False, "logging_level": level}
    if not ray.is_initialized():
        try:
            if address:
                ray.init(address=address, **kwargs)
            else:
                ray.init(num_cpus=workers or os.cpu_count(), include_dashboard=False, **kwargs)
        except (ConnectionError, RuntimeError, ValueError) as e:
            where = f"--address {address}" if address else "a local Ray"
            raise EnvironmentProblem(f"{where}: Ray did not start ({' '.join(str(e).split())[:200]}); "
                                     f"check `ray status`, or run with --no-ray") from None
    cpus = int(ray.cluster_resources().get("CPU", 1))
    return ray, workers or cpus


class RayPool:
    """`workers` actors of one CPU each, each with cores-of-its-node / workers-per-node TensorFlow
    threads (1 on this 2-core machine with 2 workers). run(chunks) yields (chunk, results)."""

    def __init__(self, ray, workers, weights, settings, threads=1):
        actor = ray.remote(num_cpus=1, max_restarts=-1, max_task_retries=MAX_RETRIES)(Renderer)
        self.ray = ray
        self.actors = [actor.remote(weights, settings, threads) for _ in range(workers)]

    def run(self, chunks):
        queue = list(chunks)
        running = {}  # object ref -> (chunk, actor)
        for actor in self.actors:
            if queue:
                self._submit(running, actor, queue.pop(0))
        while running:
            [ref], _ = self.ray.wait(list(running), num_returns=1)
            chunk, actor = running.pop(ref)
            results = self.ray.get(ref)
            if queue:  # the actor that finished takes the next chunk: no one waits for the slowest
                self._submit(running, actor, queue.pop(0))
            yield chunk, results

    @staticmethod
    def _submit(running, actor, chunk):
        running[actor.run.remote(chunk)] = (chunk, actor)

    def close(self):
        for a in self.actors:
            self.ray.kill(a)
