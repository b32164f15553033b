"""The fake shell of the lab's application servers: a fixed set of commands with realistic output.

The lab SSH server runs no real program. Each login name is the id of a subsystem and
represents that subsystem's application server (APP_HOSTS), whose command output is
made up here. A command outside the set exits 127 with bash's "command not found".
"""

import shlex
from dataclasses import dataclass
from datetime import datetime, timezone

from etc_console.lab.health import CHINA_TIME

DATA_DEVICE = "/dev/mapper/vg_data-lv_data"
DATA_BLOCKS = 524_288_000  # 1024-byte blocks of /data (500 GiB)
ROOT_DEVICE = "/dev/mapper/vg_sys-lv_root"
ROOT_BLOCKS = 52_428_800  # 50 GiB
ROOT_USE_PERCENT = 41
FULL_DISK_PERCENT = 97  # what df reports for /data under the disk-full fault

SERVICE_UNITS = ("etc-issue", "etc-clearing", "etc-upload")
APP_LOG = "/var/log/etc/app.log"

COMMAND_NOT_FOUND = 127
SYNTAX_ERROR = 2


@dataclass(frozen=True)
class AppHost:
    """The application server that a lab SSH login represents, with its normal readings."""

    hostname: str
    disk_percent: int
    error_lines: int
    clock_offset_s: float
    uptime_days: int


APP_HOSTS: dict[str, AppHost] = {
    "iss-outlet-api": AppHost("iss-outlet-app01", 63, 3, 0.000023145, 41),
    "stl-clearing": AppHost("stl-clearing-app01", 71, 2, -0.000011802, 87),
    "stl-exchange": AppHost("stl-exchange-app01", 54, 1, 0.000004377, 87),
}


@dataclass(frozen=True)
class ShellResult:
    exit_status: int
    stdout: str = ""
    stderr: str = ""


def run_shell(host: AppHost, command: str, disk_full: bool, now: datetime) -> ShellResult:
    """Return what `command` prints and its exit status on `host`."""
    try:
        words = shlex.split(command)
    except ValueError as error:
        return ShellResult(SYNTAX_ERROR, stderr=f"bash: -c: line 1: syntax error: {error}\n")
    if not words:
        return ShellResult(0)

    if words[:2] == ["df", "-P"] and len(words) == 3:
        return _df(host, words[2], disk_full)
    if words[:2] == ["systemctl", "is-active"] and len(words) > 2:
        return _systemctl_is_active(words[2:])
    if words == ["grep", "-c", "ERROR", APP_LOG]:
        return ShellResult(0 if host.error_lines else 1, f"{host.error_lines}\n")
    if words == ["chronyc", "tracking"]:
        return ShellResult(0, _chronyc_tracking(host, now))
    if words == ["uptime"]:
        return ShellResult(0, _uptime(host, now))
    if words == ["hostname"]:
        return ShellResult(0, f"{host.hostname}\n")
    return ShellResult(COMMAND_NOT_FOUND, stderr=f"bash: line 1: {words[0]}: command not found\n")


def _df(host: AppHost, path: str, disk_full: bool) -> ShellResult:
    if path == "/data":
        device, blocks, percent = DATA_DEVICE, DATA_BLOCKS, FULL_DISK_PERCENT if disk_full else host.disk_percent
    elif path == "/":
        device, blocks, percent = ROOT_DEVICE, ROOT_BLOCKS, ROOT_USE_PERCENT
    else:
        return ShellResult(1, stderr=f"df: {path}: No such file or directory\n")

    used = blocks * percent // 100
    header = "Filesystem                  1024-blocks      Used Available Capacity Mounted on\n"
    row = f"{device:<27} {blocks:>11} {used:>9} {blocks - used:>9} {percent:>7}% {path}\n"
    return ShellResult(0, header + row)


def _systemctl_is_active(units: list[str]) -> ShellResult:
    # systemctl exits 0 only when every unit is active, and 3 otherwise.
    states = ["active" if unit in SERVICE_UNITS else "inactive" for unit in units]
    status = 0 if all(state == "active" for state in states) else 3
    return ShellResult(status, "".join(f"{state}\n" for state in states))


def _chronyc_tracking(host: AppHost, now: datetime) -> str:
    offset = host.clock_offset_s
    direction = "fast" if offset >= 0 else "slow"
    reference = now.astimezone(timezone.utc).strftime("%a %b %d %H:%M:%S %Y")
    return (
        "Reference ID    : 0A000B01 (ntp1.etc.sx.local)\n"
        "Stratum         : 3\n"
        f"Ref time (UTC)  : {reference}\n"
        f"System time     : {abs(offset):.9f} seconds {direction} of NTP time\n"
        f"Last offset     : {offset:+.9f} seconds\n"
        "RMS offset      : 0.000031244 seconds\n"
        "Frequency       : 12.473 ppm slow\n"
        "Residual freq   : -0.001 ppm\n"
        "Skew            : 0.018 ppm\n"
        "Root delay      : 0.001482937 seconds\n"
        "Root dispersion : 0.000512093 seconds\n"
        "Update interval : 64.2 seconds\n"
        "Leap status     : Normal\n"
    )


def _uptime(host: AppHost, now: datetime) -> str:
    local = now.astimezone(CHINA_TIME)
    return f" {local:%H:%M:%S} up {host.uptime_days} days,  3:12,  2 users,  load average: 0.31, 0.28, 0.25\n"
