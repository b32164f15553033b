from etc_console.lab.faults import subsystem_targets

from labclient import observe_points, observe_subsystems, outcomes, read_banner
from labrules import rule_holds


def test_every_subsystem_answers_healthy(lab, catalog):
    subsystem_ids = subsystem_targets(catalog)

    seen = outcomes(observe_subsystems(lab, subsystem_ids))

    assert len(subsystem_ids) == len([s for s in catalog.monitored() if not s.aggregate])
    assert seen == {subsystem_id: "ok" for subsystem_id in subsystem_ids}


def test_health_documents_carry_service_names(lab, catalog):
    observations = observe_subsystems(lab, subsystem_targets(catalog))

    for subsystem_id, (observation,) in observations.items():
        body = observation.body
        assert body["service"] == catalog.subsystem(subsystem_id).name
        assert body["checks"], subsystem_id
        assert isinstance(body["uptime_s"], int)
        assert body["version"]


def test_subsystem_fields_fit_the_service(lab):
    observations = observe_subsystems(lab, ["iss-auth", "iss-bank-api", "stl-transfer", "ord-lane"])
    bodies = {subsystem_id: items[0].body for subsystem_id, items in observations.items()}

    assert bodies["iss-auth"]["checks"]["hsm"] == "UP"
    assert bodies["iss-auth"]["service"] == "发行认证子系统"
    assert bodies["iss-bank-api"]["channels_up"] == bodies["iss-bank-api"]["channels_total"]
    assert "pending" in bodies["stl-transfer"]["upload_queue"]
    assert bodies["ord-lane"]["lanes"]["total"] >= bodies["ord-lane"]["lanes"]["open"]


def test_health_documents_pass_site_rules(lab):
    site = lab.site_document()
    rules = {probe["subsystem"]: probe["json_rules"] for probe in site["probe"] if probe["kind"] == "http"}

    observations = observe_subsystems(lab, list(rules))

    for subsystem_id, (observation,) in observations.items():
        failing = [rule for rule in rules[subsystem_id] if not rule_holds(observation.body, rule)]
        assert failing == [], subsystem_id


def test_every_service_point_heartbeat_healthy(lab, catalog):
    codes = [point.code for point in catalog.service_points]
    template_rules = lab.site_document()["service_points"]["probe"]["json_rules"]

    observations = observe_points(lab, codes)

    assert outcomes(observations) == {code: "ok" for code in codes}
    for code, (observation,) in observations.items():
        assert observation.body["code"] == code
        assert all(rule_holds(observation.body, rule) for rule in template_rules)


def test_unknown_point_code_gets_404(lab):
    observation = observe_points(lab, ["SP999"])["SP999"][0]

    assert observation.status == 404


def test_side_ports_accept(lab):
    ports = lab.ports

    assert read_banner(lab.host, ports["stl-transfer"]["file-exchange"]).startswith(b"220 ")
    assert ports["iss-auth"]["hsm"] not in (0, ports["iss-auth"]["https"])
