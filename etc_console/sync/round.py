"""One sync round: push the outbox in batches, then pull what the center has that is new.

A round is safe to interrupt anywhere. The center commits each batch before the
console drops it from the outbox, so a crash in between sends the batch again and the
center recognises it. The pull writes the records and moves the cursor in one local
transaction, so a crash there pulls the same records again.
"""

import json
import logging
import os
import signal
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

from etc_console.config.model import SyncSettings
from etc_console.secrets import KeyringSecrets, SecretUnavailable
from etc_console.store.db import Database
from etc_console.store.syncable import device_id as stored_device_id
from etc_console.store.writer import DbWriter
from etc_console.sync import central, local
from etc_console.sync.connection import Problem, SyncError, check_center, connect, describe, target
from etc_console.sync.merge import Outcome
from etc_console.timeutil import utc_now

log = logging.getLogger(__name__)

PULL_PAGE = 5000
CRASH_ENV = "ETC_CONSOLE_SYNC_CRASH_AT"
MISSING_FILES_KEY = "sync.missing_files"  # JSON: SHA-256 -> path under the data dir, of files to download
UNSENT_FILES_KEY = "sync.unsent_files"  # JSON: SHA-256 -> path under the data dir, of files to upload


@dataclass
class RoundReport:
    """The counts of one round: records pushed (by outcome), pulled, and conflicts."""

    pushed: int = 0
    outcomes: dict[str, int] = field(default_factory=dict)
    pulled: int = 0
    kept_local: int = 0
    new_conflicts: int = 0
    open_conflicts: int = 0
    pending: int = 0
    missing_files: list[str] = field(default_factory=list)
    awaiting_files: int = 0  # files of pulled records the center does not have yet
    held: int = 0  # pulled records that wait for parents the center has not sent
    started_over: int = 0  # records queued again because the center was new or restored

    def to_json(self) -> dict:
        return {"pushed": self.pushed, "pulled": self.pulled, "conflicts": self.new_conflicts,
                "open_conflicts": self.open_conflicts, "pending": self.pending, "outcomes": dict(self.outcomes),
                "kept_local": self.kept_local, "missing_files": list(self.missing_files),
                "awaiting_files": self.awaiting_files, "held": self.held, "started_over": self.started_over}


def crash_point(name: str) -> None:
    """Kill this process with SIGKILL when the environment names this point (crash tests)."""
    if os.environ.get(CRASH_ENV) == name:
        log.warning("crash point %s reached; killing the process as asked by %s", name, CRASH_ENV)
        os.kill(os.getpid(), signal.SIGKILL)


class SyncClient:
    """A client that runs rounds against one center and keeps its connection between rounds.

    `run_round` blocks on the network and on the database writer: call it from a
    worker thread, never the GUI thread.
    """

    def __init__(self, db: Database, writer: DbWriter, settings: SyncSettings, data_dir: Path, secrets=None):
        self._db = db
        self._writer = writer
        self._settings = settings
        self._data_dir = data_dir
        self._secrets = secrets or KeyringSecrets()
        self._connection: psycopg.Connection | None = None
        self._aborted = threading.Event()
        self._silence = ""  # why the watchdog broke the link, if it did
        self._device_id: str | None = None

    @property
    def settings(self) -> SyncSettings:
        return self._settings

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def abort(self) -> None:
        """Break the link to the center from another thread, so a round that waits on it fails now.

        The socket is shut down, not closed: the round's own thread still owns the
        connection and closes it. A round still connecting ends within connect_timeout.
        An aborted client runs no further rounds.
        """
        self._aborted.set()
        self._break_link("the console is closing")

    def _break_link(self, reason: str) -> None:
        connection = self._connection
        if connection is None or connection.closed:
            return
        try:
            with socket.socket(fileno=os.dup(connection.fileno())) as link:
                link.shutdown(socket.SHUT_RDWR)
        except (OSError, psycopg.Error) as error:
            log.warning("breaking the link to the center failed: %s", error)
        else:
            log.info("link to the center broken: %s", reason)

    @contextmanager
    def _watchdog(self, step: str) -> Iterator[None]:
        """Break the link when one step gets no reply in time.

        The statement timeout only starts once the center has the statement. A peer
        that takes the packets and never passes them on (a stuck firewall or proxy)
        would hold the round forever without this.
        """
        limit = self._settings.timeout + self._settings.connect_timeout
        timer = threading.Timer(limit, self._silent_center, args=(step, limit))
        timer.name = "sync-watchdog"
        timer.daemon = True
        timer.start()
        try:
            yield
        finally:
            timer.cancel()
            timer.join()

    def _silent_center(self, step: str, limit: float) -> None:
        self._silence = f"the center {target(self._settings)} did not answer within {limit:.0f} s during {step}"
        log.warning("%s; breaking the link", self._silence)
        self._break_link(f"no answer during {step}")

    def _check_aborted(self) -> None:
        if self._aborted.is_set():
            raise SyncError(Problem.FAILED, "the round was stopped because the console is closing")

    def run_round(self) -> RoundReport:
        """Push, then pull; record the outcome locally. Raise SyncError when the round fails."""
        log.info("sync round starting against %s", target(self._settings))
        self._silence = ""
        try:
            report = self._round()
        except (SyncError, psycopg.Error) as error:
            failure = error if isinstance(error, SyncError) else describe(error, self._settings)
            if self._silence:
                failure = SyncError(Problem.UNREACHABLE, f"{self._silence}; records wait in the outbox and the next round retries")
            self._fail(failure)
            raise failure from None
        except Exception as error:  # a fault on this console: recorded and reported like any failed round
            log.exception("sync round failed on this console")
            failure = SyncError(Problem.LOCAL, f"the round failed on this console ({type(error).__name__}: "
                                                f"{str(error).splitlines()[0] if str(error) else ''}); "
                                                "records stay queued; see the log for details")
            self._fail(failure)
            raise failure from error
        self._writer.submit(lambda session: local.record_outcome(session, utc_now(), None)).result()
        log.info("sync round finished: pushed %d %s, pulled %d, new conflicts %d, pending %d",
                 report.pushed, report.outcomes, report.pulled, report.new_conflicts, report.pending)
        return report

    def _fail(self, error: SyncError) -> None:
        self.close()
        if self._aborted.is_set():
            log.info("sync round stopped before it finished: %s", error)
            return  # not a failure of the center, so the stored outcome stays as it was
        log.warning("sync round failed (%s): %s", error.problem.value, error)
        self._writer.submit(lambda session: local.record_outcome(session, utc_now(), str(error), error.problem.value)).result()

    def _round(self) -> RoundReport:
        connection = self._connect()
        self._check_aborted()
        with self._watchdog("the schema check"):
            center = check_center(connection, self._settings)
        device = self._device()
        report = RoundReport()
        self._start_over_if_center_changed(center, report)
        self._push(connection, device, report)
        self._send_unsent_files(connection, report)
        self._pull(connection, center.instance_id, report)
        with self._db.sessions() as session:
            report.pending = local.pending_count(session)
            report.open_conflicts = len(local.open_conflicts(session))
        return report

    def _start_over_if_center_changed(self, center, report: RoundReport) -> None:
        """Send everything again to a center that is new, or older than what this console pulled.

        A new identity means another or rebuilt center. A pull cursor past the center's
        last change number means the center lost changes, as after a restore.
        """
        with self._db.sessions() as session:
            known = local.get_setting(session, local.CENTER_KEY)
            cursor = local.read_cursor(session)
        if known is None or (known == center.instance_id and cursor <= center.last_seq):
            return
        log.warning("the center %s is not the one this console last synced with (identity %s, change %d, cursor %d)",
                    target(self._settings), center.instance_id, center.last_seq, cursor)
        report.started_over = self._writer.submit(lambda session: local.start_over(session, center.instance_id)).result()

    def _connect(self) -> psycopg.Connection:
        if self._connection is not None and not self._connection.closed:
            return self._connection
        self._connection = connect(self._settings, self._password())
        return self._connection

    def _password(self) -> str | None:
        return self.password_for(self._settings, self._secrets)

    @staticmethod
    def password_for(settings: SyncSettings, secrets=None) -> str | None:
        """Return the center's password from the keyring entry the settings name, if any."""
        ref = settings.credential
        if ref is None:
            return None
        try:
            password = (secrets or KeyringSecrets()).get_secret(ref)
        except SecretUnavailable as error:
            raise SyncError(Problem.NO_PASSWORD, str(error)) from None
        if password is None:
            raise SyncError(Problem.NO_PASSWORD, f"the keyring has no entry service '{ref.service}', username "
                                                 f"'{ref.username}' for the center's password; store it with "
                                                 f"`keyring set {ref.service} {ref.username}`")
        return password

    def _device(self) -> str:
        if self._device_id is None:
            self._device_id = self._writer.submit(stored_device_id).result()
        return self._device_id

    def _device_name(self) -> str:
        return self._settings.device_name or socket.gethostname()

    def _push(self, connection: psycopg.Connection, device: str, report: RoundReport) -> None:
        while True:
            with self._db.sessions() as session:
                batch = local.read_batch(session, device, self._settings.batch_size, self._data_dir)
            if batch is None:
                return
            self._check_aborted()
            with self._watchdog("a push"):
                results = central.push(connection, device, self._device_name(), batch.changes, batch.blobs)
            crash_point("after-push")
            self._writer.submit(lambda session, done=batch: _acknowledge(session, done)).result()
            crash_point("after-acknowledge")
            report.pushed += len(results)
            for result in results:
                report.outcomes[result.outcome.value] = report.outcomes.get(result.outcome.value, 0) + 1
            report.new_conflicts += sum(1 for result in results if result.outcome is Outcome.CONFLICT)

    def _send_unsent_files(self, connection: psycopg.Connection, report: RoundReport) -> None:
        """Upload files that earlier pushes could not read; name those still unreadable in the report."""
        with self._db.sessions() as session:
            unsent = json.loads(local.get_setting(session, UNSENT_FILES_KEY) or "{}")
        if not unsent:
            return
        blobs, still = {}, {}
        for digest, relative in unsent.items():
            path = self._data_dir / relative
            try:
                blobs[digest] = path.read_bytes()
            except OSError as error:
                log.warning("file %s of an attachment still cannot be read for sync: %s", path, error)
                still[digest] = relative
                report.missing_files.append(str(path))
        if blobs:
            with self._watchdog("a file upload"):
                central.upload_files(connection, blobs)
        if still != unsent:
            stored = json.dumps(still, sort_keys=True)
            self._writer.submit(lambda session: local.set_setting(session, UNSENT_FILES_KEY, stored)).result()

    def _pull(self, connection: psycopg.Connection, center_id: str, report: RoundReport) -> None:
        with self._db.sessions() as session:
            cursor = local.read_cursor(session)
        records: list[central.PulledRecord] = []
        while True:
            with self._watchdog("a pull"):
                page = central.pull(connection, cursor, PULL_PAGE)
            records += page
            if page:
                cursor = page[-1].seq
            if len(page) < PULL_PAGE:
                break
        report.awaiting_files = self._fetch_files(connection, records)
        if not records:
            return
        crash_point("before-apply")
        applied = self._writer.submit(lambda session: local.apply_pulled(session, records, cursor, center_id)).result()
        crash_point("after-apply")
        report.pulled = applied.applied
        report.kept_local = applied.kept_local
        report.held = applied.held

    def _fetch_files(self, connection: psycopg.Connection, records: list[central.PulledRecord]) -> int:
        """Download the files of pulled records and of earlier ones the center lacked; return how many are still missing.

        The list of missing files is saved before the records are applied, so a file
        the center does not have yet is asked for again in every later round.
        """
        with self._db.sessions() as session:
            needed = local.blob_needs(session, records, self._data_dir)
            earlier = json.loads(local.get_setting(session, MISSING_FILES_KEY) or "{}")
        needed.update({digest: self._data_dir / relative for digest, relative in earlier.items()})
        if not needed:
            return 0
        with self._watchdog("a file download"):
            found = central.fetch_blobs(connection, list(needed))
        missing = {}
        for digest, path in needed.items():
            if digest in found:
                _write_file(path, found[digest])
            elif not path.exists():
                log.error("the center has no copy of file %s (%s) yet; asking again next round", digest, path.name)
                missing[digest] = str(path.relative_to(self._data_dir))
        if missing != earlier:
            stored = json.dumps(missing, sort_keys=True)
            self._writer.submit(lambda session: local.set_setting(session, MISSING_FILES_KEY, stored)).result()
        return len(missing)


def _acknowledge(session, batch: local.Batch) -> None:
    """Drop the pushed entries from the outbox, and remember the files the batch could not read."""
    local.acknowledge(session, batch.last_seq)
    if batch.unsent:
        unsent = json.loads(local.get_setting(session, UNSENT_FILES_KEY) or "{}")
        unsent.update(batch.unsent)
        local.set_setting(session, UNSENT_FILES_KEY, json.dumps(unsent, sort_keys=True))


def _write_file(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    partial.write_bytes(data)
    os.replace(partial, path)
