"""The lab site's ssh, sql and sftp probes, run by the real probe engine against the lab."""

import dataclasses

import pytest

from etc_console.checkrun import run_check
from etc_console.config.resolve import resolve_probes
from etc_console.probes.engine import run_round_blocking
from etc_console.probes.model import ErrorClass, State

DEEP_KINDS = ("ssh", "sql", "sftp")

DEEP_PROBES = {
    "iss-outlet-api/磁盘使用", "iss-outlet-api/进程状态",
    "stl-clearing/磁盘使用", "stl-clearing/进程状态",
    "stl-clearing/清分文件", "stl-clearing/备份文件",
    "stl-exchange/状态名单文件",
    "stl-transfer/上传积压", "ord-lane/状态名单时效",
}
SSH_PROBES = {probe for probe in DEEP_PROBES if not probe.startswith(("stl-transfer/", "ord-lane/"))}


def deep_specs(lab, catalog):
    """Return the deep probes of the lab site, with a short retry pause for confirm=True.

    The engine pauses interval / 10 s (at most 1 s) before confirming a DOWN outcome.
    """
    specs = [spec for spec in resolve_probes(lab.site_config(), catalog) if spec.kind in DEEP_KINDS]
    return [dataclasses.replace(spec, interval=1) for spec in specs]


def run_deep_round(lab, catalog):
    specs = deep_specs(lab, catalog)
    outcomes = run_round_blocking(specs, confirm=True)
    return {spec.id: outcome for spec, outcome in zip(specs, outcomes, strict=True)}


def not_ok(outcomes):
    return {probe_id: outcome.state for probe_id, outcome in outcomes.items() if outcome.state != State.OK}


def test_site_has_deep_probes(lab, catalog):
    specs = deep_specs(lab, catalog)

    assert {spec.id for spec in specs} == DEEP_PROBES
    assert {spec.kind for spec in specs} == set(DEEP_KINDS)
    for spec in specs:
        if spec.kind in ("ssh", "sftp"):
            assert spec.params.known_hosts == lab.deep_targets.keys.known_hosts_file
            assert spec.params.user_known_hosts is False
            assert spec.params.port == lab.ssh_port


def test_healthy_deep_round_all_ok(lab, catalog):
    outcomes = run_deep_round(lab, catalog)

    assert {probe_id: outcome.detail for probe_id, outcome in outcomes.items() if outcome.state != State.OK} == {}
    assert "value 63" in outcomes["iss-outlet-api/磁盘使用"].detail
    assert "CZ_6101_" in outcomes["stl-clearing/清分文件"].detail


@pytest.mark.parametrize(("target", "fault", "expected"), [
    ("stl-transfer", "backlog", {"stl-transfer/上传积压": State.DOWN}),
    ("ord-lane", "stale-status-list", {"ord-lane/状态名单时效": State.DOWN}),
    ("stl-clearing", "missing-settlement-file", {"stl-clearing/清分文件": State.DOWN}),
    ("iss-outlet-api", "disk-full", {"iss-outlet-api/磁盘使用": State.DOWN}),
    ("stl-clearing", "disk-full", {"stl-clearing/磁盘使用": State.DOWN}),
])
def test_deep_fault_turns_one_probe(lab, catalog, target, fault, expected):
    lab.set_fault(target, fault)
    during = run_deep_round(lab, catalog)
    lab.set_fault(target, None)
    after = run_deep_round(lab, catalog)

    assert not_ok(during) == expected
    assert not_ok(after) == {}


def test_backlog_detail_names_count(lab, catalog):
    lab.set_fault("stl-transfer", "backlog")

    outcome = run_deep_round(lab, catalog)["stl-transfer/上传积压"]

    assert outcome.error_class == ErrorClass.CONTENT
    assert "above down_above 5000" in outcome.detail


def test_missing_settlement_file_restored(lab, catalog):
    drops = lab.deep_targets.drops
    before = sorted(path.name for path in drops.folder("settlement").iterdir())

    lab.set_fault("stl-clearing", "missing-settlement-file")
    during = sorted(path.name for path in drops.folder("settlement").iterdir())
    lab.set_fault("stl-clearing", None)
    after = sorted(path.name for path in drops.folder("settlement").iterdir())

    assert 4 <= len(before) - len(during) <= 6  # the batches of the last 75 minutes, every 15 minutes
    assert set(before) <= set(after)


def test_hostkey_changed_warns_of_mitm(lab, catalog):
    known_hosts = lab.deep_targets.keys.known_hosts_file
    pinned = known_hosts.read_bytes()

    lab.set_fault("ssh", "hostkey-changed")
    during = run_deep_round(lab, catalog)
    unchanged = known_hosts.read_bytes() == pinned
    lab.set_fault("ssh", None)
    after = run_deep_round(lab, catalog)

    assert not_ok(during) == {probe: State.DOWN for probe in SSH_PROBES}
    for probe in SSH_PROBES:
        assert "man-in-the-middle" in during[probe].detail
        assert during[probe].error_class == ErrorClass.CERTIFICATE
    assert unchanged
    assert known_hosts.read_bytes() == pinned
    assert not_ok(after) == {}


def test_deep_faults_spare_other_probes(lab, catalog):
    lab.set_fault("stl-transfer", "backlog")
    lab.set_fault("stl-clearing", "missing-settlement-file")

    report = run_check(lab.site_config(), catalog)
    document = report.to_json()
    states = {entry["id"]: entry["state"] for entry in document["subsystems"]}
    failing = {
        (entry["id"], probe["name"]): probe["state"]
        for entry in document["subsystems"] for probe in entry["probes"] if probe["state"] != "ok"
    }
    kinds = {probe["kind"] for entry in document["subsystems"] for probe in entry["probes"]}

    assert failing == {("stl-transfer", "上传积压"): "down", ("stl-clearing", "清分文件"): "down"}
    assert {subsystem for subsystem, state in states.items() if state != "ok"} == {"stl-transfer", "stl-clearing"}
    assert {"ssh", "sql", "sftp"} <= kinds
    assert report.exit_code == 1
