"""SSH command probe: run a command and check its exit status and output."""

import logging
import re
from dataclasses import dataclass

import paramiko

from etc_console.config.model import SshProbe
from etc_console.probes.attempt import CheckResult, format_seconds, result_from_findings
from etc_console.probes.blocking import Deadline
from etc_console.probes.model import ErrorClass, Finding, State
from etc_console.probes.ssh.connect import StageError
from etc_console.probes.thresholds import judge_number, parse_number

log = logging.getLogger(__name__)

STAGE_COMMAND = "command"

OUTPUT_KEPT_BYTES = 64 * 1024  # standard output the rules look at; the rest is read and dropped
STDERR_KEPT_BYTES = 4096
EVIDENCE_BYTES = 4096  # output quoted in the outcome's detail
READ_SLICE = 0.25  # seconds one read waits before standard error is drained again
READ_CHUNK = 32768


class _Capture:
    """The first `limit` bytes of a stream, and how many bytes it had in all."""

    def __init__(self, limit: int):
        self.limit = limit
        self.data = bytearray()
        self.total = 0

    def add(self, chunk: bytes) -> None:
        self.total += len(chunk)
        room = self.limit - len(self.data)
        if room > 0:
            self.data += chunk[:room]

    def text(self) -> str:
        # NOTE: output that is not UTF-8 (a GBK server locale) shows replacement characters.
        return self.data.decode("utf-8", errors="replace")


@dataclass(frozen=True)
class CommandOutput:
    exit_status: int | None  # None when the command did not finish
    stdout: str
    stderr: str
    stdout_bytes: int
    stderr_bytes: int


def run_command(client: paramiko.SSHClient, command: str, timeout: float, target: str) -> CommandOutput:
    """Run `command` on a new channel and return its output; raise StageError on a timeout.

    The channel is closed on every path. OpenSSH then ends the session, but a process
    that ignores its closed input and output may keep running on the server.
    """
    deadline = Deadline(timeout)
    transport = client.get_transport()
    try:
        channel = transport.open_session(timeout=max(deadline.remaining(), 0.001))
    except (paramiko.SSHException, EOFError, OSError) as error:
        raise StageError(STAGE_COMMAND, ErrorClass.PROTOCOL, f"opening a session on {target} failed: {error}") from None

    stdout, stderr = _Capture(OUTPUT_KEPT_BYTES), _Capture(STDERR_KEPT_BYTES)
    try:
        channel.exec_command(command)
        finished = _read_until_exit(channel, stdout, stderr, deadline)
    except paramiko.SSHException as error:
        raise StageError(STAGE_COMMAND, ErrorClass.PROTOCOL, f"{target} did not run the command: {error}") from None
    finally:
        channel.close()

    output = CommandOutput(
        channel.recv_exit_status() if finished else None,
        stdout.text(), stderr.text(), stdout.total, stderr.total,
    )
    if not finished:
        limit = format_seconds(round(timeout, 2))
        raise StageError(STAGE_COMMAND, ErrorClass.TIMEOUT, f"the command did not finish within {limit}. {evidence(output)}")
    return output


def _read_until_exit(channel: paramiko.Channel, stdout: _Capture, stderr: _Capture, deadline: Deadline) -> bool:
    """Read both streams until end of output and exit status; return False at the deadline."""
    while True:
        remaining = deadline.remaining()
        if remaining <= 0:
            return False
        channel.settimeout(min(remaining, READ_SLICE))
        try:
            chunk = channel.recv(READ_CHUNK)
        except TimeoutError:
            _drain_stderr(channel, stderr)
            continue
        if not chunk:
            break
        stdout.add(chunk)
        _drain_stderr(channel, stderr)

    # Standard output has ended; the exit status follows in the same burst of messages.
    if not channel.status_event.wait(deadline.remaining()):
        return False
    _drain_stderr(channel, stderr)
    return True


def _drain_stderr(channel: paramiko.Channel, stderr: _Capture) -> None:
    while channel.recv_stderr_ready():
        stderr.add(channel.recv_stderr(READ_CHUNK))


def evidence(output: CommandOutput) -> str:
    """Return the start of the output for the detail, marked where it was cut."""
    parts = [f"Output: {_quote(output.stdout, output.stdout_bytes)}"]
    if output.stderr_bytes:
        parts.append(f"Standard error: {_quote(output.stderr, output.stderr_bytes)}")
    return " ".join(parts)


def _quote(text: str, total_bytes: int) -> str:
    shown = text.encode("utf-8")[:EVIDENCE_BYTES].decode("utf-8", errors="ignore")
    cut = total_bytes - len(shown.encode("utf-8"))
    suffix = f" [{cut} more bytes]" if cut > 0 else ""
    return repr(shown.strip()) + suffix if shown.strip() else "(none)" + suffix


def judge_command(params: SshProbe, output: CommandOutput) -> CheckResult:
    """Apply the exit-status, regex and number rules; quote the output as evidence."""
    findings = [_exit_finding(params, output)]
    if params.output_regex is not None and not re.search(params.output_regex, output.stdout, re.MULTILINE):
        findings.append(Finding("output_regex", State.DOWN, f"the output does not match output_regex {params.output_regex!r}"))
    if params.output_absent_regex is not None:
        found = re.search(params.output_absent_regex, output.stdout, re.MULTILINE)
        if found:
            message = f"the output contains {found.group(0)!r}, which output_absent_regex {params.output_absent_regex!r} forbids"
            findings.append(Finding("output_absent_regex", State.DOWN, message))

    summary = f"exit status {output.exit_status}"
    if params.value_regex is not None:
        value = _value_finding(params, output.stdout)
        findings.append(value)
        if value.state == State.OK:
            summary += f", {value.message}"

    result = result_from_findings(summary, findings, ErrorClass.CONTENT)
    return CheckResult(result.state, f"{result.detail}. {evidence(output)}", result.error_class, result.findings)


def _exit_finding(params: SshProbe, output: CommandOutput) -> Finding:
    if output.exit_status in params.expect_exit:
        return Finding("exit_status", State.OK, f"exit status {output.exit_status}")
    expected = ", ".join(str(code) for code in params.expect_exit)
    return Finding("exit_status", State.DOWN, f"exit status {output.exit_status}, expected {expected}")


def _value_finding(params: SshProbe, stdout: str) -> Finding:
    found = re.search(params.value_regex, stdout, re.MULTILINE)
    if found is None:
        return Finding("value", State.UNKNOWN, f"value_regex {params.value_regex!r} found no value in the output")
    value = parse_number(found.group(1))
    if value is None:
        return Finding("value", State.UNKNOWN, f"value_regex {params.value_regex!r} captured {found.group(1)!r}, which is not a number")
    return judge_number(value, params, "value")


def check_ssh_command(client: paramiko.SSHClient, params: SshProbe, timeout: float, target: str) -> CheckResult:
    """Run the probe's command on an open connection and judge its output."""
    output = run_command(client, params.command, timeout, target)
    log.debug("command on %s ended with exit status %s", target, output.exit_status)
    return judge_command(params, output)

