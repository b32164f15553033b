"""aiohttp applications of the lab: one per subsystem listener and one for the service points.

A middleware applies the active fault of the request's target before the handler runs.
"""

import asyncio
import functools
import json
from collections.abc import Callable

from aiohttp import web

from etc_console.catalog.model import ServicePoint, Subsystem
from etc_console.lab.faults import FaultTable
from etc_console.lab.health import error_document, health_document, heartbeat_document

HEALTH_PATH = "/health"
HEARTBEAT_PATH = "/sp/{code}/heartbeat"

HTTP500_MESSAGE = "数据库连接池耗尽，请求处理失败（培训实验室注入的故障 http500）"
FLAPPING_MESSAGE = "服务暂时不可用，请稍后重试（培训实验室注入的故障 flapping）"

dump_json = functools.partial(json.dumps, ensure_ascii=False)

TargetsOf = Callable[[web.Request], list[str]]
NameOf = Callable[[web.Request], str]


def _failure(service_name: str, status: int, message: str) -> web.Response:
    return web.json_response(error_document(service_name, status, message), status=status, dumps=dump_json)


def fault_middleware(table: FaultTable, targets_of: TargetsOf, name_of: NameOf):
    """Build a middleware that applies the first active fault among a request's targets.

    `slow` delays the handler, `http500` responds 500, `flapping` responds 503 on every
    other request, and `down` closes the connection without a response. Certificate
    faults pass through, because the listener applies them by serving another leaf.
    A subsystem listener closes for `down`, so there `down` never reaches a request.
    """

    @web.middleware
    async def apply_fault(request: web.Request, handler) -> web.StreamResponse:
        targets = targets_of(request)
        found = table.first(targets)
        if found is None:
            return await handler(request)
        target, fault = found

        if fault.kind == "slow":
            await asyncio.sleep(fault.delay_ms / 1000)
        elif fault.kind == "http500":
            return _failure(name_of(request), 500, HTTP500_MESSAGE)
        elif fault.kind == "flapping" and table.flap_fails(target, channel=targets[0]):
            return _failure(name_of(request), 503, FLAPPING_MESSAGE)
        elif fault.kind == "down":
            _drop_connection(request)

        return await handler(request)

    return apply_fault


def _drop_connection(request: web.Request) -> None:
    """Close the connection, so the client gets no response at all."""
    if request.transport is not None:
        request.transport.close()
    # aiohttp discards the response of a closed connection, so nothing reaches the client.
    raise web.HTTPServiceUnavailable()


def subsystem_app(subsystem: Subsystem, table: FaultTable, started_at: float) -> web.Application:
    """Build the HTTPS application of one subsystem: GET /health returns its health document."""

    async def health(request: web.Request) -> web.Response:
        return web.json_response(health_document(subsystem, started_at), dumps=dump_json)

    app = web.Application(middlewares=[fault_middleware(table, lambda request: [subsystem.id], lambda request: subsystem.name)])
    app.router.add_get(HEALTH_PATH, health)
    return app


def service_point_app(points: list[ServicePoint], aggregate: str, aggregate_name: str, table: FaultTable, started_at: float) -> web.Application:
    """Build the shared HTTP application of every service point's heartbeat.

    A point's own fault takes precedence over a fault set on the aggregate id.
    """
    by_code = {point.code: point for point in points}

    def targets_of(request: web.Request) -> list[str]:
        code = request.match_info.get("code")
        return [code, aggregate] if code in by_code else [aggregate]

    def name_of(request: web.Request) -> str:
        point = by_code.get(request.match_info.get("code", ""))
        return point.name if point else aggregate_name

    async def heartbeat(request: web.Request) -> web.Response:
        point = by_code.get(request.match_info["code"])
        if point is None:
            return _failure(aggregate_name, 404, f"未知的服务网点代码 {request.match_info['code']}")
        return web.json_response(heartbeat_document(point, started_at), dumps=dump_json)

    app = web.Application(middlewares=[fault_middleware(table, targets_of, name_of)])
    app.router.add_get(HEARTBEAT_PATH, heartbeat)
    return app
