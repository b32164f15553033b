"""SFTP freshness probe: is the newest file matching a pattern recent and large enough?"""

import errno
import fnmatch
import logging
import stat
from datetime import UTC, datetime

import paramiko

from etc_console.config.model import SftpProbe
from etc_console.probes.attempt import CheckResult, ProbeError, format_seconds, result_from_findings
from etc_console.probes.blocking import Deadline
from etc_console.probes.model import ErrorClass, Finding, State
from etc_console.probes.ssh.connect import StageError
from etc_console.timeutil import format_display, utc_now

log = logging.getLogger(__name__)

STAGE_SFTP = "SFTP"


def check_sftp(client: paramiko.SSHClient, params: SftpProbe, timeout: float, target: str) -> CheckResult:
    """List the directory over SFTP and judge the newest regular file that matches the pattern."""
    deadline = Deadline(timeout)
    entries = list_directory(client, params.directory, deadline, target)
    matches = [entry for entry in entries if _is_file(entry) and fnmatch.fnmatchcase(entry.filename, params.pattern)]
    if not matches:
        detail = (
            f"no file in {params.directory} on {target} matches {params.pattern!r} "
            f"({len(entries)} entries in the directory)"
        )
        return CheckResult(State.DOWN, detail, ErrorClass.CONTENT)

    newest = max(matches, key=lambda entry: entry.st_mtime or 0)
    return judge_file(params, newest, utc_now())


def list_directory(client: paramiko.SSHClient, directory: str, deadline: Deadline, target: str) -> list[paramiko.SFTPAttributes]:
    """Return the entries of a remote directory; raise ProbeError naming what failed."""
    sftp = _open_sftp(client, deadline, target)
    try:
        return sftp.listdir_attr(directory)
    except TimeoutError:
        raise StageError(STAGE_SFTP, ErrorClass.TIMEOUT, f"listing {directory} on {target} did not finish within {format_seconds(round(deadline.seconds, 2))}") from None
    except OSError as error:
        raise _listing_error(error, directory, target) from None
    finally:
        sftp.close()


def _open_sftp(client: paramiko.SSHClient, deadline: Deadline, target: str) -> paramiko.SFTPClient:
    channel = None
    try:
        channel = client.get_transport().open_session(timeout=max(deadline.remaining(), 0.001))
        channel.settimeout(max(deadline.remaining(), 0.001))
        channel.invoke_subsystem("sftp")
        return paramiko.SFTPClient(channel)
    except TimeoutError:
        detail = f"{target} did not start the SFTP subsystem in time"
        error_class = ErrorClass.TIMEOUT
    except (paramiko.SSHException, EOFError, OSError) as error:
        detail = f"{target} did not start the SFTP subsystem: {error}"
        error_class = ErrorClass.PROTOCOL
    if channel is not None:
        channel.close()
    raise StageError(STAGE_SFTP, error_class, detail)


def _listing_error(error: OSError, directory: str, target: str) -> ProbeError:
    if error.errno == errno.ENOENT:
        return StageError(STAGE_SFTP, ErrorClass.CONTENT, f"the directory {directory} does not exist on {target}")
    if error.errno == errno.EACCES:
        return StageError(
            STAGE_SFTP, ErrorClass.CONFIG,
            f"the account has no permission to list {directory} on {target}", State.UNKNOWN,
        )
    return StageError(STAGE_SFTP, ErrorClass.PROTOCOL, f"listing {directory} on {target} failed: {error}")


def _is_file(entry: paramiko.SFTPAttributes) -> bool:
    return entry.st_mode is not None and stat.S_ISREG(entry.st_mode)


def judge_file(params: SftpProbe, entry: paramiko.SFTPAttributes, now: datetime) -> CheckResult:
    """Compare the file's age (its mtime against `now`) and size with the probe's limits.

    NOTE: the age assumes the server's and the console's clocks agree (NTP on both).
    """
    modified = datetime.fromtimestamp(entry.st_mtime or 0, UTC)
    age_minutes = (now - modified).total_seconds() / 60
    size = entry.st_size or 0
    summary = (
        f"newest match {entry.filename}: {size} bytes, modified {format_display(modified)} "
        f"({_describe_age(age_minutes)})"
    )
    findings = [_age_finding(params, age_minutes), _size_finding(params, size)]
    return result_from_findings(summary, findings, ErrorClass.CONTENT)


def _describe_age(age_minutes: float) -> str:
    if age_minutes < 0:
        return f"{-age_minutes:.1f} min in the future: check the clocks"
    return f"{age_minutes:.1f} min ago"


def _age_finding(params: SftpProbe, age_minutes: float) -> Finding:
    if params.down_age_minutes is not None and age_minutes > params.down_age_minutes:
        return Finding("age", State.DOWN, f"older than down_age_minutes {params.down_age_minutes:g}")
    if params.warn_age_minutes is not None and age_minutes > params.warn_age_minutes:
        return Finding("age", State.WARNING, f"older than warn_age_minutes {params.warn_age_minutes:g}")
    return Finding("age", State.OK, "fresh")


def _size_finding(params: SftpProbe, size: int) -> Finding:
    if params.min_size_bytes is not None and size < params.min_size_bytes:
        return Finding("size", State.DOWN, f"smaller than min_size_bytes {params.min_size_bytes}")
    return Finding("size", State.OK, "size ok")
