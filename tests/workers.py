"""A real Celery worker process on a queue of its own, for the tests marked `worker`."""

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


@contextmanager
def celery_worker(*, env: dict | None = None, concurrency: int = 1) -> Iterator[str]:
    """Start `celery worker` on a fresh queue (a `make run` worker cannot steal its tasks),
    yield the queue's name, stop the worker."""
    queue = f"test-{uuid.uuid4().hex}"
    process = subprocess.Popen(  # noqa: S603 - our own worker, fixed arguments
        [
            str(BIN / "celery"),
            "-A",
            "spsti",
            "worker",
            "-Q",
            queue,
            "--concurrency",
            str(concurrency),
            "-l",
            "warning",
            "-n",
            f"{queue}@%h",
            "--without-gossip",
            "--without-mingle",
        ],
        cwd=ROOT,
        env=env or os.environ.copy(),
    )
    try:
        yield queue
    finally:
        process.terminate()
        process.wait(30)
