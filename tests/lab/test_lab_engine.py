"""The lab's own site, probed by the real probe engine in one round."""

from etc_console.config.resolve import resolve_probes
from etc_console.probes.engine import run_round_blocking
from etc_console.probes.model import ErrorClass, State


def run_lab_round(lab, catalog):
    specs = resolve_probes(lab.site_config(), catalog)
    outcomes = run_round_blocking(specs, concurrency=50)
    return {spec.id: outcome for spec, outcome in zip(specs, outcomes, strict=True)}


def test_healthy_lab_round_all_ok(lab, catalog):
    outcomes = run_lab_round(lab, catalog)

    assert {probe_id: outcome.detail for probe_id, outcome in outcomes.items() if outcome.state != State.OK} == {}


def test_faults_reach_only_their_probes(lab, catalog):
    lab.set_fault("iss-auth", "down")
    lab.set_fault("app", "cert-expiring")
    lab.set_fault("stl-transfer", "http500")
    lab.set_fault("SP017", "down")

    outcomes = run_lab_round(lab, catalog)
    not_ok = {probe_id: outcome.state for probe_id, outcome in outcomes.items() if outcome.state != State.OK}

    assert not_ok == {
        "iss-auth/健康检查": State.DOWN,
        "iss-auth/证书": State.DOWN,
        "iss-auth/加密机端口": State.DOWN,
        "app/证书": State.WARNING,
        "stl-transfer/健康检查": State.DOWN,
        "stl-transfer/文件交换端口": State.DOWN,
        "service-points/SP017/心跳": State.DOWN,
    }
    assert outcomes["iss-auth/健康检查"].error_class == ErrorClass.REFUSED
    assert outcomes["stl-transfer/健康检查"].error_class == ErrorClass.HTTP_STATUS
