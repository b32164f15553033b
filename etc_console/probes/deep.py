"""Deep probes (ssh, sql, sftp): blocking checks run on worker threads within a round.

paramiko and the database drivers block, so each attempt runs on a worker thread of
the round's DeepRound while the event loop waits. Each blocking step is limited by
the attempt's own deadline, a little shorter than spec.timeout so that the detail can
name the stage that ran out of time. If a step still blocks when the engine's total
timeout cancels the attempt, the round closes the attempt's connection (or cancels its
query) so that the thread ends.
"""

import logging
import traceback
from pathlib import Path

from etc_console import paths
from etc_console.config.resolve import ProbeSpec
from etc_console.probes.attempt import Attempt, CheckResult, ProbeError
from etc_console.probes.blocking import Deadline, WorkerThreads
from etc_console.probes.credentials import SecretProvider
from etc_console.probes.model import ErrorClass, Finding, State
from etc_console.probes.sql import RunningQuery, SqlEngines, check_sql
from etc_console.probes.ssh.command import check_ssh_command
from etc_console.probes.ssh.connect import SshLogin, StageTimeouts
from etc_console.probes.ssh.pool import SshPool
from etc_console.probes.ssh.sftp import check_sftp
from etc_console.secrets import read_secret, redact

log = logging.getLogger(__name__)

DEEP_KINDS = frozenset({"ssh", "sql", "sftp"})

# Seconds the attempt's own deadline keeps free before spec.timeout: at most this, and
# at most a tenth of the timeout.
DEADLINE_MARGIN = 0.5

# Seconds closing a round waits for its worker threads.
CLOSE_TIMEOUT = 5.0


def attempt_deadline(timeout: float) -> Deadline:
    """Return the deadline of an attempt's blocking steps within a total `timeout`."""
    return Deadline(timeout - min(DEADLINE_MARGIN, timeout / 10))


class DeepRound:
    """Resources the deep probes of one round share: SSH connections, SQL engines, worker threads.

    Make one per round on the round's event loop, and close it when the round ends
    (`async with`). Closing ends every connection and joins every worker thread.
    """

    def __init__(self, data_dir: Path | None = None):
        self.data_dir = Path(data_dir) if data_dir is not None else paths.data_dir()
        self.ssh = SshPool(self.data_dir)
        self.sql = SqlEngines()
        self._workers = WorkerThreads()
        self._secrets_seen: set[str] = set()

    async def __aenter__(self) -> "DeepRound":
        return self

    async def __aexit__(self, *exc_info) -> None:
        self.close()

    def close(self) -> None:
        """Close connections and engines, then wait for the worker threads."""
        self.ssh.close()
        self.sql.close()
        self._workers.join(CLOSE_TIMEOUT)

    async def check(self, spec: ProbeSpec, attempt: Attempt, secrets: SecretProvider | None) -> CheckResult:
        """Run one attempt of a deep probe on a worker thread and return its result."""
        source = _RecordingSecrets(secrets, self._secrets_seen)
        if spec.kind == "sql":
            running = RunningQuery()
            work = lambda: self._run_sql(spec, attempt, source, running)  # noqa: E731
            on_cancel = running.interrupt
        elif spec.kind in ("ssh", "sftp"):
            login = SshLogin.of(spec.params)
            work = lambda: self._run_ssh(spec, attempt, source, login)  # noqa: E731
            on_cancel = lambda: self.ssh.abort(login)  # noqa: E731
        else:
            return CheckResult(State.UNKNOWN, f"{spec.kind!r} is not a deep probe kind", ErrorClass.CONFIG)

        result = await self._workers.run(work, f"{spec.kind}-probe {spec.id}", on_cancel)
        return _redacted(result, frozenset(self._secrets_seen))

    def _run_ssh(self, spec: ProbeSpec, attempt: Attempt, secrets: SecretProvider, login: SshLogin) -> CheckResult:
        params = spec.params
        deadline = attempt_deadline(spec.timeout)
        timeouts = StageTimeouts(spec.connect_timeout, params.banner_timeout, params.auth_timeout)
        try:
            client = self.ssh.client(login, timeouts, secrets, deadline, attempt)
            if spec.kind == "sftp":
                attempt.stalled = f"listing {params.directory} did not finish"
                return check_sftp(client, params, deadline.remaining(), login.target)
            attempt.stalled = "the command did not finish"
            return check_ssh_command(client, params, deadline.limit(params.command_timeout), login.target)
        except ProbeError as error:
            return error.result
        except Exception as error:
            return _internal_error(spec, error, frozenset(self._secrets_seen))

    def _run_sql(self, spec: ProbeSpec, attempt: Attempt, secrets: SecretProvider, running: RunningQuery) -> CheckResult:
        params = spec.params
        deadline = attempt_deadline(spec.timeout)
        try:
            engine = self.sql.engine(params, secrets, deadline.limit(spec.connect_timeout))
            attempt.stalled = "the query did not finish"
            return check_sql(params, engine, deadline.limit(params.statement_timeout), running)
        except ProbeError as error:
            return error.result
        except Exception as error:
            return _internal_error(spec, error, frozenset(self._secrets_seen))


async def check_deep(spec: ProbeSpec, attempt: Attempt, secrets: SecretProvider | None, deep: DeepRound | None = None) -> CheckResult:
    """Run one attempt of a deep probe, in `deep` or in a round of its own."""
    if deep is not None:
        return await deep.check(spec, attempt, secrets)
    async with DeepRound() as own:
        return await own.check(spec, attempt, secrets)


class _RecordingSecrets:
    """Pass secrets through and remember them, so results can be redacted."""

    def __init__(self, source: SecretProvider | None, seen: set[str]):
        self._source = source
        self._seen = seen

    def get_secret(self, ref):
        secret = read_secret(ref, self._source)
        self._seen.add(secret)
        return secret


def _redacted(result: CheckResult, secrets: frozenset[str]) -> CheckResult:
    findings = tuple(Finding(f.code, f.state, redact(f.message, secrets)) for f in result.findings)
    return CheckResult(result.state, redact(result.detail, secrets), result.error_class, findings)


def _internal_error(spec: ProbeSpec, error: Exception, secrets: frozenset[str]) -> CheckResult:
    message = redact(f"{type(error).__name__}: {error}", secrets)
    # Logged without exc_info, whose text would not be redacted.
    frames = "".join(traceback.format_tb(error.__traceback__))
    log.error("probe %s failed with an unexpected error: %s\n%s", spec.id, message, frames)
    return CheckResult(State.UNKNOWN, f"internal error: {message}", ErrorClass.INTERNAL)
