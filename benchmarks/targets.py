"""Serve the lab's benchmark targets in a child process, so the probes measured do not
share a GIL with the server that answers them."""

import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_CHILD = """
import sys
from etc_console.lab.bench import BenchTargets
with BenchTargets(int(sys.argv[1]), float(sys.argv[2])) as targets:
    print(targets.port, flush=True)
    sys.stdin.read()
"""


@contextmanager
def bench_targets(count: int, latency_ms: float):
    """Yield a function index -> URL for `count` endpoints that answer after `latency_ms`."""
    child = subprocess.Popen(
        [sys.executable, "-c", _CHILD, str(count), str(latency_ms)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=ROOT,
    )
    try:
        port = int(child.stdout.readline())
        yield lambda index: f"http://127.0.0.1:{port}/bench/{index}/health"
    finally:
        child.stdin.close()
        child.wait(timeout=10)
        child.stdout.close()


def http_site(urls: list[str], concurrency: int | None = None):
    """Return a SiteConfig with one HTTP probe per URL, spread over the catalog's subsystems."""
    from etc_console.catalog import load_catalog
    from etc_console.config.model import SiteConfig

    subsystems = [s.id for s in load_catalog().monitored() if not s.aggregate]
    probes = [
        {"subsystem": subsystems[index % len(subsystems)], "name": f"bench-{index}", "kind": "http",
         "url": url, "json_rules": [{"path": "status", "equals": "UP"}]}
        for index, url in enumerate(urls)
    ]
    defaults = {"concurrency": concurrency} if concurrency else {}
    return SiteConfig.model_validate({"defaults": defaults, "probe": probes})
