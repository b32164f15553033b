"""Run a runbook step's command check: a command from the site's whitelist, over SSH.

A runbook names only a command id. The command line, host and login come from the
site file's `[[runbook_command]]` tables, so a runbook cannot run anything the site
does not list. The command runs as a one-off SSH probe through the probe engine, so
the host key is verified against the same known_hosts files as for probes, an unknown
or changed key is rejected the same way, and the connection and its threads are
closed before `run` returns.
"""

import logging
from collections.abc import Iterable
from pathlib import Path

from etc_console.config.model import RunbookCommand, SshProbe
from etc_console.config.resolve import ProbeSpec
from etc_console.probes.credentials import SecretProvider
from etc_console.probes.engine import run_round_blocking
from etc_console.probes.model import State
from etc_console.runbooks.checks import CheckOutput
from etc_console.runbooks.model import CheckSpec

log = logging.getLogger(__name__)

# Seconds the TCP connection may take, at most; the command's `timeout` limits the whole run.
CONNECT_TIMEOUT = 5.0

# The subsystem name under which a command's one-off probe runs; it appears in logs only.
COMMAND_SUBSYSTEM = "runbook-command"


class CommandCheck:
    """A check executor that runs a step's whitelisted command over SSH and judges its exit status.

    The check passes when the command exits with status 0. The caller must have the
    engineer's confirmation first: checks.run_check raises CheckNotConfirmedError for a
    command check without `confirmed_by`.
    """

    def __init__(self, site_commands: Iterable[RunbookCommand], data_dir: Path | None, secrets: SecretProvider | None = None):
        self._commands = {command.id: command for command in site_commands}
        self._data_dir = data_dir
        self._secrets = secrets

    def command(self, command_id: str) -> RunbookCommand:
        """Return the whitelisted command with this id; raise LookupError when the site does not list it."""
        try:
            return self._commands[command_id]
        except KeyError:
            raise LookupError(
                f"command '{command_id}' is not in this site's whitelist; add a [[runbook_command]] table "
                f"with id = \"{command_id}\" to the site file, or record the output by hand"
            ) from None

    def run(self, spec: CheckSpec) -> CheckOutput:
        if spec.command is None:
            raise ValueError(f"probe check '{spec.probe}' is not a command check; run it as a probe check")
        command = self.command(spec.command)
        probe = _probe_spec(command)
        log.info("runbook check: running command %s on %s@%s:%d", command.id, command.username, command.host, command.port)
        outcome = run_round_blocking([probe], data_dir=self._data_dir, secrets=self._secrets)[0]
        # NOTE: the output is the probe's evidence: quoted with repr(), newlines shown as \n,
        # and cut after the first 4096 bytes of each stream.
        text = f"{command.username}@{command.host}:{command.port} $ {command.command}\n{outcome.state.value}: {outcome.detail}"
        return CheckOutput(text, passed=outcome.state == State.OK)


def _probe_spec(command: RunbookCommand) -> ProbeSpec:
    """Return a one-off SSH probe that runs the command once and accepts only exit status 0."""
    login = command.model_dump(exclude={"id", "command", "timeout"})
    params = SshProbe(kind="ssh", subsystem=COMMAND_SUBSYSTEM, name=command.id, command=command.command, expect_exit=[0], **login)
    return ProbeSpec(
        id=f"{COMMAND_SUBSYSTEM}/{command.id}",
        subsystem=COMMAND_SUBSYSTEM,
        name=command.id,
        kind="ssh",
        params=params,
        interval=command.timeout,
        connect_timeout=min(CONNECT_TIMEOUT, command.timeout),
        timeout=command.timeout,
        fail_after=1,
        recover_after=1,
    )
