import asyncio
import time

import aiohttp

from etc_console.lab import BenchTargets


def fetch_all(urls):
    async def fetch(session, url):
        async with session.get(url) as response:
            return response.status

    async def main():
        connector = aiohttp.TCPConnector(limit=len(urls))
        async with aiohttp.ClientSession(connector=connector) as session:
            return await asyncio.gather(*(fetch(session, url) for url in urls))

    return asyncio.run(main())


def test_bench_targets_respond_after_latency():
    with BenchTargets(200, latency_ms=100) as bench:
        urls = [bench.url(index) for index in range(bench.count)]
        started = time.monotonic()
        statuses = fetch_all(urls)
        elapsed = time.monotonic() - started

    assert statuses == [200] * 200
    assert elapsed >= 0.1
    assert elapsed < 5.0  # the requests overlap instead of queueing


def test_bench_target_out_of_range_404():
    with BenchTargets(3, latency_ms=0) as bench:
        statuses = fetch_all([bench.url(3)])

    assert statuses == [404]


def test_bench_specs_cover_every_target(catalog):
    with BenchTargets(500, latency_ms=100) as bench:
        specs = bench.probe_specs(catalog)

    assert len(specs) == 500
    assert len({spec.id for spec in specs}) == 500
    assert specs[499].params.url.endswith("/bench/499/health")
