import argparse
import json
import os
import queue
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from etc_console.config import load_site
from etc_console.lab import cli, fetch_faults
from etc_console.lab.control import state_path

REPO_ROOT = Path(__file__).resolve().parents[2]
STARTUP_TIMEOUT = 30.0


def parse(*argv):
    parser = argparse.ArgumentParser()
    cli.add_arguments(parser)
    return parser.parse_args(argv)


class LabProcess:
    """`python -m etc_console.lab` in a child process, with its output read line by line."""

    def __init__(self, data_dir, *argv):
        env = dict(os.environ, PYTHONIOENCODING="utf-8")
        self.stderr_path = data_dir / "lab-stderr.log"
        self._stderr = open(self.stderr_path, "w", encoding="utf-8")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "etc_console.lab", "--data-dir", str(data_dir), *argv],
            cwd=REPO_ROOT, env=env, stdout=subprocess.PIPE, stderr=self._stderr, text=True, encoding="utf-8",
        )
        self.lines = queue.Queue()
        self._reader = threading.Thread(target=self._read, name="lab-stdout-reader")
        self._reader.start()

    def _read(self):
        for line in self.process.stdout:
            self.lines.put(line)
        self.lines.put(None)

    def wait_for(self, text):
        """Return the output up to the first line containing `text`."""
        seen = []
        while True:
            line = self.lines.get(timeout=STARTUP_TIMEOUT)
            if line is None:
                raise AssertionError(f"the lab exited before printing {text!r}: {''.join(seen)}{self.stderr_path.read_text()}")
            seen.append(line)
            if text in line:
                return "".join(seen)

    def stop(self, signum):
        if self.process.poll() is None:
            self.process.send_signal(signum)
        try:
            return self.process.wait(timeout=15)
        finally:
            self.close()

    def close(self):
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=15)
        self._reader.join(timeout=15)
        self.process.stdout.close()
        self._stderr.close()


@pytest.fixture
def lab_process(tmp_path):
    started = []

    def start(*argv):
        process = LabProcess(tmp_path, *argv)
        started.append(process)
        return process

    yield start
    for process in started:
        process.close()


def test_foreground_lab_serves_and_stops(lab_process, tmp_path, capsys):
    site_file = tmp_path / "lab-site.toml"
    process = lab_process("--write-site", str(site_file), "--fault", "iss-auth=slow:100")

    output = process.wait_for("Ctrl-C")
    site = load_site(site_file)
    state = json.loads(state_path(tmp_path).read_text(encoding="utf-8"))
    faults = fetch_faults(tmp_path)
    exit_code = process.stop(signal.SIGTERM)

    assert "iss-auth" in output
    assert str(site_file) in output
    assert site.tls.ca_file == tmp_path / "lab" / "certs" / "root-ca.pem"
    assert {probe.port for probe in site.probes if probe.kind == "tls"} == {ports["https"] for key, ports in state["ports"].items() if "https" in ports}
    assert faults == {"iss-auth": "slow:100"}
    assert exit_code == 0
    assert not state_path(tmp_path).exists()


def test_set_and_clear_reach_running_lab(lab_process, tmp_path, capsys):
    process = lab_process()
    process.wait_for("Ctrl-C")

    set_code = cli.run(parse("--set", "web-hall=http500"), tmp_path)
    during = fetch_faults(tmp_path)
    clear_code = cli.run(parse("--clear", "web-hall"), tmp_path)
    after = fetch_faults(tmp_path)
    bad_code = cli.run(parse("--set", "nosuch=down"), tmp_path)
    errors = capsys.readouterr().err
    exit_code = process.stop(signal.SIGINT)

    assert (set_code, clear_code, bad_code) == (0, 0, 2)
    assert during == {"web-hall": "http500"}
    assert after == {}
    assert "'nosuch'" in errors
    assert exit_code == 0


def test_second_foreground_lab_rejected(lab_process, tmp_path, capsys):
    process = lab_process()
    process.wait_for("Ctrl-C")

    code = cli.run(parse(), tmp_path)
    errors = capsys.readouterr().err
    process.stop(signal.SIGTERM)

    assert code == 1
    assert "already running" in errors


def test_set_without_running_lab(tmp_path, capsys):
    code = cli.run(parse("--set", "iss-auth=down"), tmp_path)

    assert code == 1
    assert "no running lab" in capsys.readouterr().err


def test_invalid_fault_option_rejected(tmp_path, capsys):
    code = cli.run(parse("--fault", "iss-auth=explode"), tmp_path)

    assert code == 2
    assert "'explode'" in capsys.readouterr().err
    assert not (tmp_path / "lab").exists()


def test_invalid_set_kind_rejected(tmp_path, capsys):
    code = cli.run(parse("--set", "iss-auth=slow"), tmp_path)

    assert code == 2
    assert "slow:300" in capsys.readouterr().err


def test_set_with_fault_rejected(tmp_path, capsys):
    code = cli.run(parse("--set", "iss-auth=down", "--fault", "app=down"), tmp_path)

    assert code == 2
    assert "--set" in capsys.readouterr().err


def test_unwritable_site_file_fails(tmp_path, capsys):
    site_file = tmp_path / "missing-folder" / "lab-site.toml"

    code = cli.run(parse("--write-site", str(site_file)), tmp_path)

    assert code == 1
    assert "missing-folder" in capsys.readouterr().err
    assert not state_path(tmp_path).exists()
