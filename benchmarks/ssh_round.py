"""ssh_round: 50 SSH command probes against a real local sshd, in one round.

Each probe logs in with an Ed25519 key and runs `uptime`. Every probe names its own
copy of the known_hosts file, so the engine's SSH pool opens one connection per probe,
as it would for 50 different servers. The figure of merit is the round time divided by
the time of a round with one such probe, measured in the same run: 1.0 would mean 50
connections cost no more than one. Median of 5 rounds of 50 and of 15 rounds of one,
each after one warm-up round. The output also reports how much of each median round
went to closing the round's SSH connections (DeepRound.close, timed by wrapping it).

The server is OpenSSH's /usr/sbin/sshd, started as tests/servers/sshd.py starts it
(this needs root, to create a throwaway account). Without root or without sshd, or
with `--server lab`, the lab's paramiko SSH server runs in a child process instead,
and the output names the server measured.
"""

import argparse
import contextlib
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import emit

PROBES = 50
ROUNDS = 5
SINGLE_ROUNDS = 15  # a one-probe round is short, so more samples steady its median
COMMAND = "uptime"
SSHD = Path("/usr/sbin/sshd")
ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Server:
    """An SSH server to probe: where it listens, who logs in and how its key is pinned."""

    kind: str
    port: int
    user: str
    key_file: Path
    known_hosts_line: str


@contextlib.contextmanager
def real_sshd(workdir: Path):
    """Start OpenSSH's sshd with a throwaway account; stop both afterwards."""
    from tests.servers import sshd
    from tests.servers.common import shared_temp_dir

    user, _password = sshd._create_account()
    folder = shared_temp_dir("etc-console-bench-sshd-")
    process = None
    try:
        key_file = folder / "client_key"
        authorized = folder / "authorized_keys"
        authorized.write_text(sshd.write_ed25519_key(key_file) + "\n", encoding="utf-8")
        authorized.chmod(0o644)  # sshd reads it as the account
        host_key = folder / "host_key"
        sshd.write_ed25519_key(host_key)
        # MaxStartups: 50 probes connect at once, above sshd's default of 10 unauthenticated connections.
        process, port, _log = sshd.start_sshd(folder, "sshd", host_key, authorized, "MaxStartups 200\n")
        host_line = sshd.public_key_path(host_key).read_text(encoding="utf-8").split()[:2]
        yield Server("OpenSSH sshd", port, user, key_file, f"[127.0.0.1]:{port} {' '.join(host_line)}\n")
    finally:
        if process is not None:
            sshd.stop_process(process)
        sshd._remove_account(user)
        shutil.rmtree(folder, ignore_errors=True)


_LAB_CHILD = """
import sys
from etc_console.catalog import load_catalog
from etc_console.lab import Lab
with Lab(load_catalog(), sys.argv[1], control=False) as lab:
    keys = lab.deep_targets.keys
    print(lab.ssh_port, keys.client_key_file, keys.host_key.get_base64(), sep="\\n", flush=True)
    sys.stdin.read()
"""


@contextlib.contextmanager
def lab_sshd(workdir: Path):
    """Serve the lab's paramiko SSH server from a child process, so it does not share the probes' GIL."""
    child = subprocess.Popen(
        [sys.executable, "-c", _LAB_CHILD, str(workdir / "lab-data")],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=ROOT,
    )
    try:
        port, key_file, host_key = (child.stdout.readline().strip() for _ in range(3))
        line = f"[127.0.0.1]:{port} ssh-ed25519 {host_key}\n"
        yield Server("lab paramiko server", int(port), "stl-clearing", Path(key_file), line)
    finally:
        child.stdin.close()
        child.wait(timeout=20)
        child.stdout.close()


def ssh_site(server: Server, workdir: Path, count: int):
    """Return a SiteConfig with `count` ssh probes, each with a known_hosts file of its own."""
    from etc_console.catalog import load_catalog
    from etc_console.config.model import SiteConfig

    subsystems = [subsystem.id for subsystem in load_catalog().monitored() if not subsystem.aggregate]
    probes = []
    for index in range(count):
        known_hosts = workdir / f"known_hosts_{index:02d}"
        known_hosts.write_text(server.known_hosts_line, encoding="utf-8")
        probes.append({
            "kind": "ssh", "subsystem": subsystems[index % len(subsystems)], "name": f"ssh-{index:02d}",
            "host": "127.0.0.1", "port": server.port, "username": server.user,
            "private_key": str(server.key_file), "known_hosts": str(known_hosts), "user_known_hosts": False,
            "command": COMMAND, "output_regex": "load average",
        })
    return SiteConfig.model_validate({"defaults": {"timeout": 30, "connect_timeout": 10, "concurrency": 50}, "probe": probes})


@contextlib.contextmanager
def timed_deep_close(samples: list[float]):
    """Record the seconds each DeepRound.close() takes while the block runs."""
    from etc_console.probes.deep import DeepRound

    original = DeepRound.close

    def close(self) -> None:
        started = time.perf_counter()
        original(self)
        samples.append(time.perf_counter() - started)

    DeepRound.close = close
    try:
        yield
    finally:
        DeepRound.close = original


def time_rounds(specs, rounds: int) -> tuple[list[float], list[float], int]:
    """Run one warm-up round and `rounds` measured rounds; return their times, close times and failed probes."""
    from etc_console.probes.engine import run_round_blocking
    from etc_console.probes.model import State

    run_round_blocking(specs, concurrency=PROBES)
    times, closes, failures = [], [], 0
    for _ in range(rounds):
        started = time.perf_counter()
        with timed_deep_close(closes):
            outcomes = run_round_blocking(specs, concurrency=PROBES)
        times.append(time.perf_counter() - started)
        failures += sum(1 for outcome in outcomes if outcome.state != State.OK)
        for outcome in outcomes:
            if outcome.state != State.OK:
                print(f"failed: {outcome.detail}", file=sys.stderr)
    return times, closes, failures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", choices=["auto", "lab"], default="auto",
                        help="auto: OpenSSH's sshd when it exists and this runs as root, else the lab's server")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="etc-console-ssh-round-"))
    os.environ["ETC_CONSOLE_DATA_DIR"] = str(workdir / "console-data")  # the console's own known_hosts
    use_sshd = args.server == "auto" and SSHD.exists() and hasattr(os, "geteuid") and os.geteuid() == 0
    try:
        with (real_sshd(workdir) if use_sshd else lab_sshd(workdir)) as server:
            from etc_console.catalog import load_catalog
            from etc_console.config.resolve import resolve_probes

            specs = resolve_probes(ssh_site(server, workdir, PROBES), load_catalog())
            single, single_closes, single_failures = time_rounds(specs[:1], SINGLE_ROUNDS)
            many, many_closes, many_failures = time_rounds(specs, ROUNDS)
            print("one-probe rounds (ms):", " ".join(f"{value * 1000:.0f}" for value in single))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    single_s, round_s = statistics.median(single), statistics.median(many)
    single_close_s, round_close_s = statistics.median(single_closes), statistics.median(many_closes)
    print(f"server: {server.kind}; one probe {single_s * 1000:.0f} ms (closing {single_close_s * 1000:.0f} ms), "
          f"{PROBES} probes {round_s * 1000:.0f} ms (closing {round_close_s * 1000:.0f} ms), ratio {round_s / single_s:.1f}")
    emit({
        "benchmark": "ssh_round",
        "server": server.kind,
        "probes": PROBES,
        "concurrency": PROBES,
        "command": COMMAND,
        "single_probe_s": round(single_s, 3),
        "round_s": round(round_s, 3),
        "ratio": round(round_s / single_s, 2),
        "single_close_s": round(single_close_s, 3),
        "round_close_s": round(round_close_s, 3),
        "failed_probes": single_failures + many_failures,
    })


if __name__ == "__main__":
    main()
