"""The lab SSH server: logins, the fake shell, SFTP over the drop folder, threads and ports."""

import re
import stat
import threading

import paramiko
import pytest

from etc_console.lab import Lab
from etc_console.lab.sshkeys import ensure_ssh_keys, new_ed25519_key, write_known_hosts

from labclient import connect_refused
from sshclient import lab_ssh, run

PROCESS_UNITS = "systemctl is-active etc-issue etc-clearing etc-upload"


@pytest.mark.parametrize(("command", "status", "pattern"), [
    ("df -P /data", 0, r"^/dev/mapper/vg_data-lv_data +\d+ +\d+ +\d+ +63% /data$"),
    ("df -P /", 0, r" 41% /$"),
    (PROCESS_UNITS, 0, r"\Aactive\nactive\nactive\n\Z"),
    ("grep -c ERROR /var/log/etc/app.log", 0, r"\A3\n\Z"),
    ("chronyc tracking", 0, r"^System time     : 0\.000023145 seconds fast of NTP time$"),
    ("uptime", 0, r"^ \d\d:\d\d:\d\d up 41 days, .* load average: "),
    ("hostname", 0, r"\Aiss-outlet-app01\n\Z"),
    ("systemctl is-active etc-issue nginx", 3, r"\Aactive\ninactive\n\Z"),
    ("df -P /nosuch", 1, r"\A\Z"),
])
def test_shell_commands_output(lab, command, status, pattern):
    with lab_ssh(lab, "iss-outlet-api") as client:
        result = run(client, command)

    assert result.exit_status == status
    assert re.search(pattern, result.stdout, re.MULTILINE), result.stdout


def test_unknown_command_exits_127(lab):
    with lab_ssh(lab, "stl-clearing") as client:
        result = run(client, "reboot now")

    assert result.exit_status == 127
    assert result.stdout == ""
    assert result.stderr == "bash: line 1: reboot: command not found\n"


def test_logins_are_separate_hosts(lab):
    with lab_ssh(lab, "stl-clearing") as client:
        disk = run(client, "df -P /data").stdout
        name = run(client, "hostname").stdout

    assert " 71% /data" in disk
    assert name == "stl-clearing-app01\n"


def test_disk_full_only_on_target(lab):
    lab.set_fault("iss-outlet-api", "disk-full")

    with lab_ssh(lab, "iss-outlet-api") as client:
        full = run(client, "df -P /data").stdout
    with lab_ssh(lab, "stl-clearing") as client:
        other = run(client, "df -P /data").stdout

    assert " 97% /data" in full
    assert " 71% /data" in other


def test_wrong_key_rejected(lab):
    with pytest.raises(paramiko.AuthenticationException):
        with lab_ssh(lab, "iss-outlet-api", key=new_ed25519_key()):
            pass


def test_unknown_login_rejected(lab):
    with pytest.raises(paramiko.AuthenticationException):
        with lab_ssh(lab, "root"):
            pass


def test_sftp_lists_drop_folders(lab):
    with lab_ssh(lab, "stl-clearing") as client, client.open_sftp() as sftp:
        top = sorted(sftp.listdir("/"))
        settlement = sftp.listdir_attr("/settlement")
        escaped = sorted(sftp.listdir("/../../.."))

    assert top == ["backup", "settlement", "statuslist"]
    assert escaped == top
    assert len(settlement) >= 20
    assert all(re.fullmatch(r"CZ_6101_\d{8}_\d{6}\.xml\.lz77", entry.filename) for entry in settlement)
    assert all(stat.S_ISREG(entry.st_mode) for entry in settlement)


def test_sftp_reads_but_never_writes(lab):
    with lab_ssh(lab, "stl-exchange") as client, client.open_sftp() as sftp:
        name = sorted(sftp.listdir("/statuslist"))[-1]
        with sftp.open(f"/statuslist/{name}") as remote:
            head = remote.read(4)
        with pytest.raises(PermissionError):
            sftp.open("/statuslist/new.zip", "w")
        with pytest.raises(PermissionError):
            sftp.remove(f"/statuslist/{name}")
        with pytest.raises(FileNotFoundError):
            sftp.stat("/statuslist/nosuch.zip")

    assert head == b"PK\x03\x04"  # a zip archive
    assert (lab.deep_targets.drops.root / "statuslist" / name).exists()


def test_stop_ends_open_connections(catalog, tmp_path):
    before = set(threading.enumerate())
    lab = Lab(catalog, tmp_path, control=False)
    lab.start()
    port = lab.ssh_port
    server = lab.deep_targets.ssh

    with lab_ssh(lab, "stl-clearing") as client, client.open_sftp() as sftp:
        sftp.listdir("/settlement")
        threads_while_open = server.thread_count()
        lab.stop()
        client_alive = client.get_transport().is_active()

    assert threads_while_open == 2  # the connection's transport and its SFTP session
    assert server.thread_count() == 0
    assert not client_alive
    assert connect_refused("127.0.0.1", port)
    assert [thread.name for thread in threading.enumerate() if thread not in before and thread.is_alive()] == []


def test_known_hosts_pins_current_port(lab):
    keys = lab.deep_targets.keys
    text = keys.known_hosts_file.read_text(encoding="utf-8")

    assert f"[127.0.0.1]:{lab.ssh_port} ssh-ed25519 {keys.host_key.get_base64()}" in text
    assert stat.S_IMODE(keys.client_key_file.stat().st_mode) == 0o600


def test_keys_reused_and_ports_kept(tmp_path):
    first = ensure_ssh_keys(tmp_path / "ssh")
    write_known_hosts(first, ["127.0.0.1"], 40001)
    second = ensure_ssh_keys(tmp_path / "ssh")
    write_known_hosts(second, ["127.0.0.1"], 40002)
    text = second.known_hosts_file.read_text(encoding="utf-8")

    assert second.host_key == first.host_key
    assert second.client_key == first.client_key
    assert "[127.0.0.1]:40001 " in text
    assert "[127.0.0.1]:40002 " in text


def test_known_hosts_drops_other_keys(tmp_path):
    keys = ensure_ssh_keys(tmp_path / "ssh")
    stranger = new_ed25519_key()
    keys.known_hosts_file.write_text(f"[127.0.0.1]:40001 ssh-ed25519 {stranger.get_base64()}\nnot a key line\n", encoding="utf-8")

    write_known_hosts(keys, ["127.0.0.1"], 40002)
    lines = [line for line in keys.known_hosts_file.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]

    assert lines == [f"[127.0.0.1]:40002 ssh-ed25519 {keys.host_key.get_base64()}"]
