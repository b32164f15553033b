"""Run `python -m etc_console sync` in a child process against a test center.

The child reads the center's password from the file-backed test keyring
(tests/servers/filekeyring.py), so it needs no OS keyring.
"""

import os
import subprocess
import sys
from pathlib import Path

from etc_console.config.model import SyncSettings
from tests.servers.filekeyring import BACKEND, FILE_ENV, write_keyring_file

REPO_ROOT = Path(__file__).resolve().parents[2]
ROUND_MARKER = "sync round starting"  # the first log line of SyncClient.run_round


def write_site(path: Path, settings: SyncSettings, device_name: str, url: str | None = None) -> Path:
    """Write a site file whose [sync] table points at the center of `settings`."""
    credential = settings.credential
    path.write_text(
        "[sync]\n"
        f'url = "{url or settings.url}"\n'
        f'credential = {{ service = "{credential.service}", username = "{credential.username}" }}\n'
        f'device_name = "{device_name}"\n'
        f"connect_timeout = {settings.connect_timeout}\n"
        f"timeout = {settings.timeout}\n",
        encoding="utf-8",
    )
    return path


def keyring_env(tmp_path: Path, settings: SyncSettings, password: str) -> dict[str, str]:
    """Return the environment of a child that reads `password` from a test keyring file."""
    keyring_file = write_keyring_file(tmp_path / "keyring.json", settings.credential.service,
                                      settings.credential.username, password)
    env = dict(os.environ)
    env.update({"PYTHON_KEYRING_BACKEND": BACKEND, FILE_ENV: str(keyring_file), "PYTHONPATH": str(REPO_ROOT)})
    env.pop("ETC_CONSOLE_SYNC_CRASH_AT", None)
    return env


def sync_command(data_dir: Path, site: Path, *extra: str, verbose: bool = False) -> list[str]:
    command = [sys.executable, "-m", "etc_console", "--data-dir", str(data_dir)]
    if verbose:
        command.append("-v")
    return [*command, "sync", "--site", str(site), *extra]


def run_sync(data_dir: Path, site: Path, env: dict[str, str], *extra: str, timeout: float = 60) -> subprocess.CompletedProcess:
    """Run one `etc-console sync` to its end and return its exit status and output."""
    return subprocess.run(sync_command(data_dir, site, *extra), env=env, cwd=REPO_ROOT, capture_output=True,
                          text=True, timeout=timeout)


def start_sync(data_dir: Path, site: Path, env: dict[str, str], crash_at: str | None = None) -> subprocess.Popen:
    """Start a verbose `etc-console sync --json`; its debug log goes to the stderr pipe."""
    child_env = dict(env)
    if crash_at:
        child_env["ETC_CONSOLE_SYNC_CRASH_AT"] = crash_at
    return subprocess.Popen(sync_command(data_dir, site, "--json", verbose=True), env=child_env, cwd=REPO_ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wait_for_round_start(process: subprocess.Popen) -> bool:
    """Read the child's stderr up to the round's first log line; False if it ended before."""
    for line in process.stderr:
        if ROUND_MARKER in line:
            return True
    return False
