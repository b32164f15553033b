"""A plain paramiko client for the lab SSH server tests, closed with its thread joined."""

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass

import paramiko

from etc_console.lab import Lab
from etc_console.probes.ssh.connect import close_client

TIMEOUT = 5.0


@dataclass(frozen=True)
class CommandResult:
    exit_status: int
    stdout: str
    stderr: str


@contextlib.contextmanager
def lab_ssh(lab: Lab, login: str, key: paramiko.PKey | None = None) -> Iterator[paramiko.SSHClient]:
    """Log in to the lab SSH server as `login`, trusting only the lab's known_hosts file."""
    deep = lab.deep_targets
    client = paramiko.SSHClient()
    client.load_host_keys(str(deep.keys.known_hosts_file))
    client.set_missing_host_key_policy(paramiko.RejectPolicy())
    try:
        client.connect(
            lab.host, port=lab.ssh_port, username=login, pkey=key or deep.keys.client_key,
            timeout=TIMEOUT, banner_timeout=TIMEOUT, auth_timeout=TIMEOUT,
            allow_agent=False, look_for_keys=False,
        )
        yield client
    finally:
        close_client(client)


def run(client: paramiko.SSHClient, command: str) -> CommandResult:
    """Run a command and return its exit status and output."""
    stdin, stdout, stderr = client.exec_command(command, timeout=TIMEOUT)
    with stdin, stdout, stderr:
        out = stdout.read().decode("utf-8")
        err = stderr.read().decode("utf-8")
        return CommandResult(stdout.channel.recv_exit_status(), out, err)
