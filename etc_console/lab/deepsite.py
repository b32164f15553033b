"""The lab site's deep probes (ssh, sql, sftp), for the subsystems the catalog monitors.

SSH and SFTP probes log in to the lab SSH server with the lab client key, as the login
of their subsystem, and trust only the lab's own known_hosts file, which pins the lab
host key. SQL probes read the business database file, which needs no password.
"""

from dataclasses import dataclass
from pathlib import Path

from etc_console.lab import drops
from etc_console.lab.business import BACKLOG_QUERY, STATUS_LIST_AGE_QUERY
from etc_console.lab.faults import DEEP_FAULT_TARGETS

DISK_PROBE = "磁盘使用"
PROCESS_PROBE = "进程状态"
BACKLOG_PROBE = "上传积压"
STATUS_LIST_AGE_PROBE = "状态名单时效"
SETTLEMENT_FILE_PROBE = "清分文件"
STATUS_LIST_FILE_PROBE = "状态名单文件"
BACKUP_FILE_PROBE = "备份文件"

DISK_COMMAND = "df -P /data"
PROCESS_COMMAND = "systemctl is-active etc-issue etc-clearing etc-upload"
PROCESS_OUTPUT = r"\A(active\n){3}\Z"

# Runbook command ids the lab's SSH server can answer, with the command line each runs
# (see etc_console.lab.shell for the commands it knows).
RUNBOOK_COMMANDS = {
    "disk-usage": DISK_COMMAND,
    "app-service-status": PROCESS_COMMAND,
    "ntp-offset": "chronyc tracking",
    "os-resource-usage": "uptime",
}


@dataclass(frozen=True)
class DeepSite:
    """Addresses and files of the running lab's deep targets."""

    host: str
    ssh_port: int
    client_key: Path
    known_hosts: Path
    database_url: str
    logins: tuple[str, ...]  # the SSH logins the server accepts, one per application server
    subsystems: tuple[str, ...]  # the monitored subsystems of the catalog


def deep_probes(site: DeepSite) -> list[dict]:
    """Return the deep probes of the lab site, skipping subsystems the lab does not serve."""
    probes = []
    for subsystem_id in DEEP_FAULT_TARGETS["disk-full"]:
        if subsystem_id in site.logins:
            probes += _command_probes(site, subsystem_id)
    probes += _sql_probes(site)
    probes += _file_probes(site)
    return probes


def runbook_commands(site: DeepSite) -> list[dict]:
    """Return the lab site's whitelisted runbook commands, run on the first application server the lab serves."""
    login = next((subsystem_id for subsystem_id in DEEP_FAULT_TARGETS["disk-full"] if subsystem_id in site.logins), None)
    if login is None:
        return []
    entries = []
    for command_id, command in RUNBOOK_COMMANDS.items():
        entry = {"id": command_id, **_login(site, login), "command": command}
        del entry["subsystem"]
        entries.append(entry)
    return entries


def _login(site: DeepSite, subsystem_id: str) -> dict:
    return {
        "subsystem": subsystem_id, "host": site.host, "port": site.ssh_port, "username": subsystem_id,
        "private_key": str(site.client_key), "known_hosts": str(site.known_hosts), "user_known_hosts": False,
    }


def _command_probes(site: DeepSite, subsystem_id: str) -> list[dict]:
    disk = {
        "kind": "ssh", "name": DISK_PROBE, **_login(site, subsystem_id), "command": DISK_COMMAND,
        "value_regex": r"(\d+)%", "warn_above": 80, "down_above": 90,
    }
    process = {
        "kind": "ssh", "name": PROCESS_PROBE, **_login(site, subsystem_id), "command": PROCESS_COMMAND,
        "output_regex": PROCESS_OUTPUT,
    }
    return [disk, process]


def _sql_probes(site: DeepSite) -> list[dict]:
    # The subsystems come from the fault table, so each fault has the probe it turns DOWN.
    probes = []
    backlog = {
        "kind": "sql", "subsystem": DEEP_FAULT_TARGETS["backlog"][0], "name": BACKLOG_PROBE,
        "url": site.database_url, "query": BACKLOG_QUERY, "warn_above": 500, "down_above": 5000,
    }
    # The status list must be uploaded within 30 minutes of its generation.
    status_list_age = {
        "kind": "sql", "subsystem": DEEP_FAULT_TARGETS["stale-status-list"][0], "name": STATUS_LIST_AGE_PROBE,
        "url": site.database_url, "query": STATUS_LIST_AGE_QUERY, "warn_above": 30, "down_above": 120,
    }
    for probe in (backlog, status_list_age):
        if probe["subsystem"] in site.subsystems:
            probes.append(probe)
    return probes


def _file_probes(site: DeepSite) -> list[dict]:
    clearing = DEEP_FAULT_TARGETS["missing-settlement-file"][0]
    probes = []
    if clearing in site.logins:
        # A batch arrives every 15 minutes: WARNING after two missed batches, DOWN after four.
        probes.append({
            "kind": "sftp", "name": SETTLEMENT_FILE_PROBE, **_login(site, clearing),
            "directory": f"/{drops.SETTLEMENT_DIR}", "pattern": drops.SETTLEMENT_PATTERN,
            "warn_age_minutes": 35, "down_age_minutes": 65, "min_size_bytes": 512,
        })
        # The backup runs daily at 02:00.
        probes.append({
            "kind": "sftp", "name": BACKUP_FILE_PROBE, **_login(site, clearing),
            "directory": f"/{drops.BACKUP_DIR}", "pattern": drops.BACKUP_PATTERN,
            "warn_age_minutes": 25 * 60, "down_age_minutes": 49 * 60, "min_size_bytes": 1024,
        })
    if "stl-exchange" in site.logins:
        # A status list is generated every 10 minutes.
        probes.append({
            "kind": "sftp", "name": STATUS_LIST_FILE_PROBE, **_login(site, "stl-exchange"),
            "directory": f"/{drops.STATUS_LIST_DIR}", "pattern": drops.STATUS_LIST_PATTERN,
            "warn_age_minutes": 25, "down_age_minutes": 60, "min_size_bytes": 100,
        })
    return probes
