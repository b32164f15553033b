"""The site document of a running lab: one probe set per monitored subsystem.

Every subsystem gets an HTTPS health probe with JSON rules and a TLS certificate probe
(warn_days = 30). Side ports get TCP probes, and the service points share one HTTP
heartbeat template. URLs name the loopback address and `server_name` carries the lab
host name, so no probe resolves a lab host name through DNS. Some subsystems also get
ssh, sql and sftp probes (see deepsite).
"""

from pathlib import Path

from etc_console.catalog.model import Catalog
from etc_console.lab.apps import HEALTH_PATH
from etc_console.lab.certstore import lab_host_name
from etc_console.lab.deepsite import DeepSite, deep_probes, runbook_commands
from etc_console.lab.faults import aggregate_id, subsystem_targets
from etc_console.lab.health import HEARTBEAT_RULES, health_rules
from etc_console.lab.tcp import SIDE_PORTS

# Probe timing for a live demo: a fault shows on its tile within two rounds (about 20 s).
DEFAULTS = {"interval": 10, "connect_timeout": 2, "timeout": 5, "fail_after": 2, "recover_after": 1, "concurrency": 50}

# A response slower than this turns a health probe to WARNING, so `slow:1000` shows as
# a warning and `slow:6000` as a timeout (the timeout is 5 s).
SLOW_MS = 800
CERT_WARN_DAYS = 30

# Probe names, shown in the console next to the subsystem.
HEALTH_PROBE = "健康检查"
CERT_PROBE = "证书"
HEARTBEAT_PROBE = "心跳"

# Side ports whose banner a TCP probe expects, by port name.
EXPECTED_BANNERS = {"file-exchange": "220"}


def _subsystem_probes(subsystem_id: str, ports: dict[str, int], host: str) -> list[dict]:
    server_name = lab_host_name(subsystem_id)
    probes = [
        {
            "kind": "http", "subsystem": subsystem_id, "name": HEALTH_PROBE,
            "url": f"https://{host}:{ports['https']}{HEALTH_PATH}", "server_name": server_name,
            "slow_ms": SLOW_MS, "json_rules": health_rules(subsystem_id),
        },
        {
            "kind": "tls", "subsystem": subsystem_id, "name": CERT_PROBE,
            "host": host, "port": ports["https"], "server_name": server_name, "warn_days": CERT_WARN_DAYS,
        },
    ]

    for spec in SIDE_PORTS.get(subsystem_id, ()):
        probe = {"kind": "tcp", "subsystem": subsystem_id, "name": spec.label, "host": host, "port": ports[spec.name]}
        if spec.name in EXPECTED_BANNERS:
            probe["expect_banner"] = EXPECTED_BANNERS[spec.name]
        probes.append(probe)
    return probes


def lab_site_document(catalog: Catalog, ports: dict[str, dict[str, int]], host: str, ca_file: Path, deep: DeepSite | None = None) -> dict:
    """Return the site document (the dict a site TOML file parses to) for a running lab."""
    probes = []
    for subsystem_id in subsystem_targets(catalog):
        probes += _subsystem_probes(subsystem_id, ports[subsystem_id], host)
    if deep is not None:
        probes += deep_probes(deep)

    aggregate = aggregate_id(catalog)
    heartbeat = {
        "kind": "http", "subsystem": aggregate, "name": HEARTBEAT_PROBE,
        "url": f"http://{host}:{ports[aggregate]['http']}/sp/{{code}}/heartbeat",
        "slow_ms": SLOW_MS, "json_rules": [dict(rule) for rule in HEARTBEAT_RULES],
    }

    document = {
        "site": {"name": f"培训实验室（本机 {host}）", "timezone": "Asia/Shanghai"},
        "defaults": dict(DEFAULTS),
        "tls": {"ca_file": str(ca_file)},
        "probe": probes,
        "service_points": {"probe": heartbeat},
    }
    commands = runbook_commands(deep) if deep is not None else []
    if commands:
        document["runbook_command"] = commands
    return document
