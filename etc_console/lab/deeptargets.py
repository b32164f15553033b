"""The targets of the lab's deep probes: the SSH/SFTP server, the business database and the drop folder.

The SSH keys and known_hosts live in `<data_dir>/lab/ssh/`, and `business.db`,
`drops/` and `withheld/` in the data folder that the Lab picks. The data is rebuilt at
every start and refreshed every REFRESH_INTERVAL seconds on the lab's event loop, so
its timestamps stay near the current time however long the lab runs.
"""

import asyncio
import logging
import sqlite3
from datetime import datetime, timezone
from pathlib import Path

import paramiko

from etc_console.catalog.model import Catalog
from etc_console.lab.business import BusinessDatabase
from etc_console.lab.drops import DropFolder
from etc_console.lab.faults import DEEP_FAULT_TARGETS, SSH_TARGET, Fault, FaultTable, subsystem_targets
from etc_console.lab.shell import APP_HOSTS
from etc_console.lab.sshkeys import LabSshKeys, new_ed25519_key, write_known_hosts
from etc_console.lab.sshserver import LabSshServer

log = logging.getLogger(__name__)

REFRESH_INTERVAL = 60.0


def _now() -> datetime:
    return datetime.now(timezone.utc)


class DeepTargets:
    """A lab unit like SubsystemServer: open(), close() and apply() run on the lab's event loop."""

    def __init__(self, catalog: Catalog, data_folder: Path, host: str, table: FaultTable, keys: LabSshKeys):
        self.keys = keys
        self.host = host
        self._table = table
        self._changed_host_key = new_ed25519_key()
        monitored = set(subsystem_targets(catalog))
        self.database = BusinessDatabase(data_folder / "business.db")
        self.drops = DropFolder(data_folder / "drops", data_folder / "withheld")
        self.ssh = LabSshServer(
            host, keys.client_key, self._host_key, self._disk_full, self.drops.root,
            [login for login in APP_HOSTS if login in monitored],
        )
        self._refreshing: asyncio.Task | None = None

    @property
    def logins(self) -> list[str]:
        """The SSH login names, one per simulated application server."""
        return self.ssh.logins

    async def open(self) -> None:
        self.refresh_all(reset=True)
        await self.ssh.open()
        write_known_hosts(self.keys, [self.host], self.ssh.port)
        self._refreshing = asyncio.get_running_loop().create_task(self._refresh_forever())

    async def close(self, hold_ports: bool = False) -> None:
        if self._refreshing is not None:
            refreshing, self._refreshing = self._refreshing, None
            refreshing.cancel()
            await asyncio.gather(refreshing, return_exceptions=True)
        await self.ssh.close()

    async def apply(self, target: str, previous: Fault | None, current: Fault | None) -> None:
        """Switch off the deep fault that ends and switch on the one that starts.

        disk-full and hostkey-changed need no switch: the SSH server reads them from the
        fault table at every command and every connection.
        """
        previous_kind = previous.kind if previous is not None and previous.is_deep else None
        current_kind = current.kind if current is not None and current.is_deep else None
        if previous_kind == current_kind:
            return
        try:
            if previous_kind is not None:
                self._switch(previous_kind, False)
            if current_kind is not None:
                self._switch(current_kind, True)
        except sqlite3.Error as error:
            # The lab and its control endpoint report OSError as a failed fault change.
            raise OSError(f"the lab business database {self.database.path} failed: {error}") from error

    def refresh_all(self, reset: bool = False) -> None:
        """Deliver the files and data that fell due; with `reset`, rebuild the data first."""
        now = _now()
        if reset:
            self.database.reset(now)
            restored = self.drops.restore_settlement()
            self.database.record_files(restored, now)
        delivered = self.drops.refresh(now)
        self.database.record_files(delivered, now)
        self.database.refresh(now)

    def _switch(self, kind: str, active: bool) -> None:
        now = _now()
        if kind == "backlog":
            self.database.set_backlog(active, now)
        elif kind == "stale-status-list":
            self.database.set_status_list_stale(active, now)
        elif kind == "missing-settlement-file":
            self._switch_settlement(active, now)

    def _switch_settlement(self, active: bool, now: datetime) -> None:
        if active:
            self.database.forget_files(self.drops.withhold_settlement(now))
            return
        self.database.record_files(self.drops.restore_settlement(), now)
        self.database.record_files(self.drops.refresh(now), now)

    async def _refresh_forever(self) -> None:
        while True:
            await asyncio.sleep(REFRESH_INTERVAL)
            try:
                self.refresh_all()
            except (OSError, sqlite3.Error) as error:
                log.error("refreshing the lab's business data and drop folder failed: %s", error)

    # ---------------------------------------------------------------- called on paramiko's threads

    def _host_key(self) -> paramiko.PKey:
        fault = self._table.get(SSH_TARGET)
        if fault is not None and fault.kind == "hostkey-changed":
            return self._changed_host_key
        return self.keys.host_key

    def _disk_full(self, login: str) -> bool:
        fault = self._table.get(login)
        return fault is not None and fault.kind == "disk-full" and login in DEEP_FAULT_TARGETS["disk-full"]
