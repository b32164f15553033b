"""Many plain-HTTP health endpoints with a fixed latency, for benchmarks of the probe engine.

All targets share one port on loopback and differ by path: /bench/{index}/health.
"""

import asyncio
import logging

from aiohttp import web

from etc_console.catalog.model import Catalog
from etc_console.config import SiteConfig
from etc_console.config.resolve import ProbeSpec, resolve_probes
from etc_console.lab.faults import subsystem_targets
from etc_console.lab.listeners import HttpListener, check_loopback_host
from etc_console.lab.loopthread import LoopThread

log = logging.getLogger(__name__)

# Backlog of the shared port, large enough for 1000 probes connecting at once.
BENCH_BACKLOG = 1024


def _bench_app(count: int, latency_ms: float) -> web.Application:
    async def health(request: web.Request) -> web.Response:
        index = int(request.match_info["index"])
        if index >= count:
            raise web.HTTPNotFound(text=f"no bench target {index}; targets are 0..{count - 1}")
        await asyncio.sleep(latency_ms / 1000)
        return web.json_response({"status": "UP", "index": index})

    app = web.Application()
    app.router.add_get(r"/bench/{index:\d+}/health", health)
    return app


class BenchTargets:
    """`count` health endpoints that respond after `latency_ms`, in their own loop thread."""

    def __init__(self, count: int, latency_ms: float, host: str = "127.0.0.1"):
        if count < 1:
            raise ValueError(f"invalid bench target count {count}; expected at least 1")
        if latency_ms < 0:
            raise ValueError(f"invalid bench latency {latency_ms} ms; expected 0 or more")
        self.count = count
        self.latency_ms = latency_ms
        self.host = check_loopback_host(host)
        self._thread = LoopThread("etc-console-bench")
        self._listener = HttpListener("bench targets", self.host, lambda: _bench_app(count, latency_ms), backlog=BENCH_BACKLOG)

    def __enter__(self) -> "BenchTargets":
        self.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()

    @property
    def port(self) -> int:
        return self._listener.port

    def start(self, timeout: float = 10.0) -> None:
        self._thread.start()
        try:
            self._thread.run(self._listener.open(), timeout)
        except BaseException:
            self._thread.stop(timeout)
            raise
        log.info("bench targets: %d endpoints on %s:%d, latency %.0f ms", self.count, self.host, self.port, self.latency_ms)

    def stop(self, timeout: float = 5.0) -> None:
        if not self._thread.is_alive:
            return
        try:
            self._thread.run(self._listener.close(), timeout)
        finally:
            self._thread.stop(timeout)

    def url(self, index: int) -> str:
        return f"http://{self.host}:{self.port}/bench/{index}/health"

    def site_document(self, catalog: Catalog) -> dict:
        """Return a site with one HTTP probe per target, spread over the monitored subsystems."""
        subsystems = subsystem_targets(catalog)
        probes = [
            {
                "kind": "http", "subsystem": subsystems[index % len(subsystems)], "name": f"bench-{index:04d}",
                "url": self.url(index), "json_rules": [{"path": "status", "equals": "UP"}],
            }
            for index in range(self.count)
        ]
        return {"site": {"name": "基准测试目标"}, "probe": probes}

    def site_config(self, catalog: Catalog) -> SiteConfig:
        return SiteConfig.model_validate(self.site_document(catalog))

    def probe_specs(self, catalog: Catalog) -> list[ProbeSpec]:
        """Return the resolved probes of every target, ready for the probe engine."""
        return resolve_probes(self.site_config(catalog), catalog)
