"""Change the faults of a running lab from another process.

A running lab serves a control endpoint on loopback and writes its port, a random
bearer token and the lab's ports to `<data_dir>/lab/state.json` (mode 0600, so only
the lab's user can read the token). The endpoint is:

    GET  /faults   -> 200 {"faults": {target: fault}}
    POST /faults   {"target": "iss-auth", "fault": "slow:300" | null}
                   -> 200 {"faults": ...}, or 400 {"error": "..."} for an invalid fault

Both need the header `Authorization: Bearer <token>`; any other token gets 401.
"""

import asyncio
import hmac
import json
import logging
import os
from collections.abc import Awaitable, Callable
from pathlib import Path

import aiohttp
from aiohttp import web

from etc_console.lab.certstore import write_private

log = logging.getLogger(__name__)

STATE_FILE = "state.json"
FAULTS_PATH = "/faults"

ApplyFault = Callable[[str, str | None], Awaitable[None]]
ListFaults = Callable[[], dict[str, str]]


class LabNotRunningError(RuntimeError):
    """No lab is running for the data dir, or its control endpoint does not respond."""


def state_path(data_dir: Path) -> Path:
    return Path(data_dir) / "lab" / STATE_FILE


def write_state(data_dir: Path, state: dict) -> Path:
    """Write the state file with mode 0600, replacing any older one."""
    path = state_path(data_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    write_private(temporary, json.dumps(state, ensure_ascii=False, indent=2).encode("utf-8"))
    os.replace(temporary, path)
    return path


def read_state(data_dir: Path) -> dict:
    """Return the state file of the lab running for `data_dir`; raise LabNotRunningError when there is none."""
    path = state_path(data_dir)
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise LabNotRunningError(f"no running lab found: {path} does not exist; start one with `etc-console lab`") from None
    except (OSError, ValueError) as error:
        raise LabNotRunningError(f"the lab state file {path} cannot be read ({error}); restart the lab") from None


def remove_state(data_dir: Path, token: str) -> None:
    """Delete the state file unless another lab has replaced it with its own token."""
    path = state_path(data_dir)
    try:
        if json.loads(path.read_text(encoding="utf-8")).get("token") == token:
            path.unlink()
    except (OSError, ValueError) as error:
        log.warning("cannot remove lab state file %s: %s", path, error)


def control_app(token: str, apply_fault: ApplyFault, list_faults: ListFaults) -> web.Application:
    """Build the control application.

    `apply_fault` raises ValueError for an invalid fault and OSError when a listener
    cannot be reopened.
    """

    @web.middleware
    async def require_token(request: web.Request, handler):
        offered = request.headers.get("Authorization", "")
        if not hmac.compare_digest(offered.encode(), f"Bearer {token}".encode()):
            log.warning("lab control request %s %s rejected: missing or invalid token", request.method, request.path)
            return web.json_response({"error": "missing or invalid token"}, status=401)
        return await handler(request)

    async def get_faults(request: web.Request) -> web.Response:
        return web.json_response({"faults": list_faults()})

    async def post_fault(request: web.Request) -> web.Response:
        try:
            body = await request.json()
            target, fault = body["target"], body.get("fault")
        except (ValueError, KeyError, TypeError):
            return web.json_response({"error": 'invalid request body; expected {"target": ID, "fault": KIND or null}'}, status=400)
        if not isinstance(target, str) or not (fault is None or isinstance(fault, str)):
            return web.json_response({"error": "target must be a string and fault a string or null"}, status=400)

        try:
            await apply_fault(target, fault)
        except ValueError as error:
            return web.json_response({"error": str(error)}, status=400)
        except OSError as error:
            return web.json_response({"error": f"the lab could not apply the fault: {error}"}, status=500)
        return web.json_response({"faults": list_faults()})

    app = web.Application(middlewares=[require_token])
    app.router.add_get(FAULTS_PATH, get_faults)
    app.router.add_post(FAULTS_PATH, post_fault)
    return app


def send_fault(data_dir: Path, target: str, fault: str | None, timeout: float = 5.0) -> dict[str, str]:
    """Set (or with None clear) a fault on the lab running for `data_dir`; return its faults after the change.

    Raise LabNotRunningError when no lab responds, PermissionError when the lab rejects
    the token, and ValueError with the lab's message for an invalid target or fault.
    Call it from a thread without a running event loop.
    """
    state = read_state(data_dir)
    return asyncio.run(_request(state, "POST", {"target": target, "fault": fault}, timeout))


def fetch_faults(data_dir: Path, timeout: float = 5.0) -> dict[str, str]:
    """Return the faults of the lab running for `data_dir`; raise like send_fault()."""
    state = read_state(data_dir)
    return asyncio.run(_request(state, "GET", None, timeout))


async def _request(state: dict, method: str, body: dict | None, timeout: float) -> dict[str, str]:
    url = f"http://{state['host']}:{state['control_port']}{FAULTS_PATH}"
    headers = {"Authorization": f"Bearer {state['token']}"}
    try:
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=timeout)) as session:
            async with session.request(method, url, json=body, headers=headers) as response:
                document = await response.json()
                status = response.status
    except (aiohttp.ClientError, TimeoutError) as error:
        raise LabNotRunningError(
            f"the lab recorded in its state file (pid {state.get('pid')}, control port {state['control_port']}) "
            f"does not respond ({error!r}); it has probably stopped, so start it again with `etc-console lab`"
        ) from None

    if status == 401:
        raise PermissionError("the lab rejected the control token of its state file; restart the lab")
    if status != 200:
        raise ValueError(document.get("error", f"the lab responded with HTTP {status}"))
    return document["faults"]
