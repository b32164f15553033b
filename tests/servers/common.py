"""Helpers shared by the server fixtures."""

import os
import shutil
import socket
import tempfile
from pathlib import Path

import pytest


def free_port() -> int:
    """Return a TCP port of 127.0.0.1 that is free now (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def require_root(server: str) -> None:
    if os.geteuid() != 0:
        pytest.fail(f"the {server} fixture needs root: it creates a test account and runs the server as a service user")


def require_program(path: str | Path, package: str) -> Path:
    """Return the program's path; fail the test naming the Debian package when it is missing."""
    found = Path(path) if Path(path).is_absolute() else shutil.which(str(path))
    if found is None or not Path(found).exists():
        pytest.fail(f"{path} is missing: install the Debian package {package} (make test installs it)")
    return Path(found)


def shared_temp_dir(prefix: str) -> Path:
    """Return a new folder that other users may enter (pytest's tmp_path is private to root)."""
    path = Path(tempfile.mkdtemp(prefix=prefix))
    path.chmod(0o755)
    return path
