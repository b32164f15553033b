"""The training lab: every monitored subsystem simulated on loopback, with faults set by name."""

import asyncio
import logging
import os
import secrets
import shutil
import time
from datetime import datetime, timezone
from pathlib import Path

from etc_console.catalog.model import Catalog
from etc_console.config import SiteConfig
from etc_console.lab.certstore import ensure_certificates
from etc_console.lab.control import control_app, remove_state, write_state
from etc_console.lab.deeptargets import DeepTargets
from etc_console.lab.deepsite import DeepSite
from etc_console.lab.faults import SSH_TARGET, Fault, FaultTable, check_target, parse_fault_kind, subsystem_targets
from etc_console.lab.listeners import HttpListener, check_loopback_host
from etc_console.lab.loopthread import LoopThread
from etc_console.lab.servers import ServicePointServer, SubsystemServer
from etc_console.lab.site import lab_site_document
from etc_console.lab.sshkeys import LabSshKeys, ensure_ssh_keys
from etc_console.lab.tls import TlsContexts
from etc_console.lab.tomlwrite import dump_toml

log = logging.getLogger(__name__)

DEFAULT_START_TIMEOUT = 30.0
SET_FAULT_TIMEOUT = 10.0


class Lab:
    """Simulated subsystems on loopback, served from one event loop in one non-daemon thread.

    Each monitored subsystem has its own HTTPS port (GET /health) and, for some, plain TCP
    side ports, so a fault changes exactly one tile. The service points share one HTTP
    port (GET /sp/{code}/heartbeat). One SSH/SFTP port, a business database and a drop
    folder serve the deep probes (see etc_console.lab.deeptargets). With `control`, a
    token-protected control endpoint lets `send_fault()` change faults from another
    process (see etc_console.lab.control).

    The business database and drop folder are in `<data_dir>/lab/`. A lab without
    `control` (`etc-console check --lab`) keeps them in a folder of its own, removed
    at stop, so it never changes the data of a lab running for the same data dir.

    Every public method may be called from any thread except the lab's own.
    """

    def __init__(self, catalog: Catalog, data_dir: str | os.PathLike, host: str = "127.0.0.1", *, control: bool = True):
        self.catalog = catalog
        self.data_dir = Path(data_dir)
        self.host = check_loopback_host(host)
        self._control_enabled = control
        self._table = FaultTable()
        self._thread = LoopThread("etc-console-lab")
        self._servers: dict[str, SubsystemServer] = {}
        self._points: ServicePointServer | None = None
        self._deep: DeepTargets | None = None
        self._deep_folder = self.lab_dir if control else self.lab_dir / f"check-{os.getpid()}-{secrets.token_hex(4)}"
        self._control: HttpListener | None = None
        self._token: str | None = None
        self._apply_lock: asyncio.Lock | None = None
        self._running = False

    # ------------------------------------------------------------------ lifecycle

    def __enter__(self) -> "Lab":
        self.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()

    @property
    def running(self) -> bool:
        return self._running

    def start(self, timeout: float = DEFAULT_START_TIMEOUT) -> None:
        """Issue or reuse the certificates and SSH keys and return once every listener is up.

        Faults set before start() take effect before it returns.
        """
        if self._running:
            raise RuntimeError("the lab is already running")
        addresses = sorted({"127.0.0.1", self.host})
        certificates = ensure_certificates(self.lab_dir / "certs", subsystem_targets(self.catalog), addresses)
        tls = TlsContexts(certificates)
        ssh_keys = ensure_ssh_keys(self.lab_dir / "ssh")

        self._thread.start()
        try:
            self._thread.run(self._open_all(tls, ssh_keys), timeout)
        except BaseException:
            self._stop_thread(timeout=5.0)
            raise
        self._running = True

        if self._control is not None:
            write_state(self.data_dir, self._state_document())
        log.info("lab started on %s: %d subsystems, service points on port %d, SSH on port %d, control port %s",
                 self.host, len(self._servers), self._points.http.port, self.ssh_port, self.control_port)

    def stop(self, timeout: float = 5.0) -> None:
        """Close every listener and connection, then join the lab thread.

        Calling it on a stopped lab does nothing. Raise TimeoutError when the thread does
        not end within `timeout` s.
        """
        if not self._thread.is_alive:
            return
        self._stop_thread(timeout)
        log.info("lab stopped")

    def _stop_thread(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        try:
            self._thread.run(self._close_all(), timeout)
        except TimeoutError:
            log.error("lab listeners did not close within %.1f s; stopping the loop anyway", timeout)
        finally:
            self._running = False
            if self._token is not None:
                remove_state(self.data_dir, self._token)
                self._token = None
            self._thread.stop(max(0.5, deadline - time.monotonic()))
            self._remove_private_folder()

    def _remove_private_folder(self) -> None:
        if self._deep_folder == self.lab_dir or not self._deep_folder.exists():
            return
        try:
            shutil.rmtree(self._deep_folder)
        except OSError as error:
            log.warning("cannot remove the lab's data folder %s: %s", self._deep_folder, error)

    async def _open_all(self, tls: TlsContexts, ssh_keys: LabSshKeys) -> None:
        self._apply_lock = asyncio.Lock()
        self._servers = {
            subsystem_id: SubsystemServer(self.catalog.subsystem(subsystem_id), self.host, self._table, tls)
            for subsystem_id in subsystem_targets(self.catalog)
        }
        self._points = ServicePointServer(self.catalog, self.host, self._table)
        self._deep = DeepTargets(self.catalog, self._deep_folder, self.host, self._table, ssh_keys)
        if self._control_enabled:
            self._token = secrets.token_urlsafe(32)
            token = self._token
            self._control = HttpListener("lab control", self.host, lambda: control_app(token, self._apply_text, self._table.snapshot))

        results = await asyncio.gather(*(listener.open() for listener in self._units()), return_exceptions=True)
        errors = [result for result in results if isinstance(result, BaseException)]
        if errors:
            raise errors[0]

        for target, fault in self._table.items():
            await self._apply_units(target, None, fault)

    async def _close_all(self) -> None:
        results = await asyncio.gather(*(unit.close() for unit in self._units()), return_exceptions=True)
        for result in results:
            if isinstance(result, BaseException):
                log.error("closing a lab listener failed: %r", result)

    def _units(self) -> list:
        units = [*self._servers.values()]
        units += [unit for unit in (self._points, self._deep, self._control) if unit is not None]
        return units

    # ------------------------------------------------------------------ faults

    def set_fault(self, target: str, fault: str | None) -> None:
        """Set a fault ("down", "slow:300", ...) on a target, or clear it with None or "clear".

        `target` is a monitored subsystem id, the aggregate id, a service point code or
        "ssh" (the lab SSH server). Raise ValueError naming an invalid target or fault.
        Before start() the fault is kept and applied at start.
        """
        parsed = parse_fault_kind(fault)
        check_target(target, parsed, self.catalog)
        if not self._running:
            self._table.set(target, parsed)
            return
        self._thread.run(self._apply(target, parsed), SET_FAULT_TIMEOUT)

    def clear_faults(self) -> None:
        """Clear every active fault."""
        for target in self.faults():
            self.set_fault(target, None)

    def faults(self) -> dict[str, str]:
        """Return the active faults by target, such as {"iss-auth": "slow:300"}."""
        return self._table.snapshot()

    async def _apply_text(self, target: str, text: str | None) -> None:
        fault = parse_fault_kind(text)
        check_target(target, fault, self.catalog)
        await self._apply(target, fault)

    async def _apply(self, target: str, fault: Fault | None) -> None:
        async with self._apply_lock:
            previous = self._table.set(target, fault)
            try:
                await self._apply_units(target, previous, fault)
            except OSError as error:
                log.error("applying fault %s on %s failed: %s", fault or "clear", target, error)
                raise
        log.info("lab fault on %s: %s -> %s", target, previous or "none", fault or "none")

    async def _apply_units(self, target: str, previous: Fault | None, fault: Fault | None) -> None:
        if target != SSH_TARGET:
            await (self._servers.get(target) or self._points).apply(target, previous, fault)
        await self._deep.apply(target, previous, fault)

    # ------------------------------------------------------------------ ports and files

    @property
    def lab_dir(self) -> Path:
        return self.data_dir / "lab"

    @property
    def ca_file(self) -> Path:
        """The lab root CA certificate that clients must trust."""
        return self.lab_dir / "certs" / "root-ca.pem"

    @property
    def ports(self) -> dict[str, dict[str, int]]:
        """Ports by subsystem id and port name.

        For example {"iss-auth": {"https": 40123, "hsm": 40124}, "service-points": {"http": 40200}}.
        Ports stay the same while the lab runs, also across `down` and its clearing.
        """
        self._require_running()
        ports = {subsystem_id: server.ports() for subsystem_id, server in self._servers.items()}
        ports[self._points.aggregate] = self._points.ports()
        return ports

    @property
    def ssh_port(self) -> int:
        """The port of the lab SSH/SFTP server, which represents every application server."""
        self._require_running()
        return self._deep.ssh.port

    @property
    def deep_targets(self) -> DeepTargets:
        """The SSH server, business database and drop folder of the running lab."""
        self._require_running()
        return self._deep

    @property
    def control_port(self) -> int | None:
        return self._control.port if self._control is not None else None

    def _require_running(self) -> None:
        if not self._running:
            raise RuntimeError("the lab is not running; call start() first")

    def site_document(self) -> dict:
        """Return the lab's site file as the dict its TOML parses to."""
        self._require_running()
        deep = DeepSite(
            self.host, self.ssh_port, self._deep.keys.client_key_file, self._deep.keys.known_hosts_file,
            self._deep.database.url, tuple(self._deep.logins), tuple(subsystem_targets(self.catalog)),
        )
        return lab_site_document(self.catalog, self.ports, self.host, self.ca_file, deep)

    def site_config(self) -> SiteConfig:
        """Return a complete site for the running lab."""
        return SiteConfig.model_validate(self.site_document())

    def write_site(self, path: str | os.PathLike) -> Path:
        """Write the lab's site file as TOML, for `etc-console check --site FILE`."""
        written_at = datetime.now(timezone.utc).astimezone().isoformat(timespec="seconds")
        comment = (
            f"Site file of the etc-console training lab, written at {written_at}.\n"
            "The lab picks free ports at every start, so write this file again after restarting it.\n"
        )
        path = Path(path)
        path.write_text(dump_toml(self.site_document(), comment), encoding="utf-8")
        log.info("lab site file written to %s", path)
        return path

    def _state_document(self) -> dict:
        return {
            "pid": os.getpid(),
            "started_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "host": self.host,
            "control_port": self.control_port,
            "token": self._token,
            "ca_file": str(self.ca_file),
            "ports": self.ports,
            "ssh_port": self.ssh_port,
        }
