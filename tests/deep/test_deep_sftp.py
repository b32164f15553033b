"""SFTP freshness probe against a real sshd on 127.0.0.1."""

import os
import re
import secrets
import shutil
import time

import pytest

from deep_specs import run, sftp_spec
from etc_console.probes.deep import DeepRound
from etc_console.probes.model import ErrorClass, State
from etc_console.probes.ssh.hostkeys import accept_host_key

pytestmark = pytest.mark.timeout(60)

LIMITS = dict(pattern="settle_*.csv", warn_age_minutes=60, down_age_minutes=180, min_size_bytes=100)


@pytest.fixture
def outbox(sshd_server):
    """A folder on the SFTP server for one test, readable by the test account."""
    path = sshd_server.files_dir / f"outbox-{secrets.token_hex(4)}"
    path.mkdir(mode=0o755)
    yield path
    shutil.rmtree(path)


def put_file(folder, name: str, size: int = 2048, age_minutes: float = 0) -> None:
    path = folder / name
    path.write_bytes(b"x" * size)
    path.chmod(0o644)
    modified = time.time() - age_minutes * 60
    os.utime(path, (modified, modified))


async def probe(server, data_dir, directory, **options):
    accept_host_key(data_dir, server.host, server.port, server.host_key(), "test")
    async with DeepRound(data_dir) as deep:
        return await run(sftp_spec(server, directory, **options), deep)


async def test_fresh_file_ok(sshd_server, data_dir, outbox):
    put_file(outbox, "settle_20261204.csv", age_minutes=5)

    outcome = await probe(sshd_server, data_dir, outbox, **LIMITS)

    assert outcome.state == State.OK
    assert "settle_20261204.csv" in outcome.detail
    assert "2048 bytes" in outcome.detail


async def test_newest_matching_file_judged(sshd_server, data_dir, outbox):
    put_file(outbox, "settle_20261201.csv", age_minutes=4000)
    put_file(outbox, "settle_20261204.csv", age_minutes=10)
    put_file(outbox, "newer_but_other_name.txt", age_minutes=1)

    outcome = await probe(sshd_server, data_dir, outbox, **LIMITS)

    assert outcome.state == State.OK
    assert "settle_20261204.csv" in outcome.detail


@pytest.mark.parametrize(
    ("age_minutes", "expected", "limit"),
    [(90, State.WARNING, "warn_age_minutes 60"), (200, State.DOWN, "down_age_minutes 180")],
)
async def test_old_file_by_age(sshd_server, data_dir, outbox, age_minutes, expected, limit):
    put_file(outbox, "settle_20261204.csv", age_minutes=age_minutes)

    outcome = await probe(sshd_server, data_dir, outbox, **LIMITS)

    assert outcome.state == expected
    assert outcome.error_class == ErrorClass.CONTENT
    assert limit in outcome.detail
    shown_age = float(re.search(r"\(([\d.]+) min ago\)", outcome.detail).group(1))
    assert abs(shown_age - age_minutes) < 1


async def test_tiny_file_is_down(sshd_server, data_dir, outbox):
    put_file(outbox, "settle_20261204.csv", size=10)

    outcome = await probe(sshd_server, data_dir, outbox, **LIMITS)

    assert outcome.state == State.DOWN
    assert "10 bytes" in outcome.detail
    assert "smaller than min_size_bytes 100" in outcome.detail


async def test_no_matching_file_is_down(sshd_server, data_dir, outbox):
    put_file(outbox, "readme.txt")
    (outbox / "settle_folder.csv").mkdir()  # a folder never counts as a file

    outcome = await probe(sshd_server, data_dir, outbox, **LIMITS)

    assert outcome.state == State.DOWN
    assert outcome.error_class == ErrorClass.CONTENT
    assert f"no file in {outbox}" in outcome.detail
    assert "'settle_*.csv'" in outcome.detail


async def test_missing_directory_is_down(sshd_server, data_dir, outbox):
    missing = outbox / "not-created"

    outcome = await probe(sshd_server, data_dir, missing, **LIMITS)

    assert outcome.state == State.DOWN
    assert outcome.detail.startswith("SFTP:")
    assert f"the directory {missing} does not exist" in outcome.detail


async def test_unreadable_directory_is_config(sshd_server, data_dir, outbox):
    locked = outbox / "locked"
    locked.mkdir(mode=0o700)  # owned by root, so the test account cannot list it

    outcome = await probe(sshd_server, data_dir, locked, **LIMITS)

    assert outcome.state == State.UNKNOWN
    assert outcome.error_class == ErrorClass.CONFIG
    assert "no permission to list" in outcome.detail
