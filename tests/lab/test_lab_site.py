import tomllib

from etc_console.config import load_site
from etc_console.config.resolve import resolve_probes
from etc_console.lab import lab_host_name
from etc_console.lab.faults import subsystem_targets
from etc_console.lab.tomlwrite import dump_toml

PUBLIC_FACING = ["web-hall", "wx-miniprogram", "app", "iss-public"]


def probes_by_kind(site, kind):
    return [probe for probe in site.probes if probe.kind == kind]


def test_site_has_health_probe_per_subsystem(lab, catalog):
    site = lab.site_config()
    http = {probe.subsystem: probe for probe in probes_by_kind(site, "http")}

    assert sorted(http) == sorted(subsystem_targets(catalog))
    for subsystem_id, probe in http.items():
        assert probe.url == f"https://127.0.0.1:{lab.ports[subsystem_id]['https']}/health"
        assert probe.server_name == lab_host_name(subsystem_id)
        assert probe.json_rules[0].path == "status"


def test_site_checks_public_certificates(lab):
    site = lab.site_config()
    tls = {probe.subsystem: probe for probe in probes_by_kind(site, "tls")}

    for subsystem_id in PUBLIC_FACING:
        assert tls[subsystem_id].warn_days == 30
        assert tls[subsystem_id].server_name == lab_host_name(subsystem_id)
        assert tls[subsystem_id].port == lab.ports[subsystem_id]["https"]


def test_site_probes_side_ports(lab):
    site = lab.site_config()
    tcp = {(probe.subsystem, probe.port): probe for probe in probes_by_kind(site, "tcp")}

    assert ("iss-auth", lab.ports["iss-auth"]["hsm"]) in tcp
    assert tcp[("stl-transfer", lab.ports["stl-transfer"]["file-exchange"])].expect_banner == "220"


def test_site_defaults_and_trust(lab):
    site = lab.site_config()

    assert site.defaults.interval == 10
    assert site.defaults.fail_after == 2
    assert site.tls.ca_file == lab.ca_file


def test_site_resolves_every_point(lab, catalog):
    specs = resolve_probes(lab.site_config(), catalog)
    points = [spec for spec in specs if spec.member is not None]

    assert len(points) == len(catalog.service_points)
    assert points[16].params.url == f"http://127.0.0.1:{lab.ports['service-points']['http']}/sp/SP017/heartbeat"
    assert {spec.ca_file for spec in specs} == {lab.ca_file}


def test_written_site_loads(lab, tmp_path):
    path = lab.write_site(tmp_path / "lab-site.toml")

    loaded = load_site(path)

    assert loaded.model_dump() == lab.site_config().model_dump()


def test_toml_writer_round_trips():
    document = {
        "title": 'quote " backslash \\ newline \n 中文',
        "flags": [True, False],
        "ratio": 0.25,
        "table": {"dotted.key": 1, "nested": {"empty": []}},
        "probe": [{"name": "a", "rules": [{"path": "x", "min": 1}]}, {"name": "b", "rules": []}],
    }

    text = dump_toml(document, "first line\nsecond line")

    assert text.startswith("# first line\n# second line\n")
    assert tomllib.loads(text) == document
