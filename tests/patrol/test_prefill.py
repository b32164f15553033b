"""Pre-fill from probe results stored through the history module and from a real lab round."""

from datetime import date, timedelta

import pytest

from etc_console.config.resolve import resolve_probes
from etc_console.lab import Lab
from etc_console.patrol import records
from etc_console.patrol.records import PatrolIncompleteError
from etc_console.patrol.refresh import refresh_checks, specs_for_template
from etc_console.patrol.service import PatrolService
from etc_console.patrol.template import Result, Shift
from etc_console.patrol.values import AnswerInput
from etc_console.probes.model import Outcome, ProbeResult, State
from etc_console.store.history import record_results
from tests.patrol.conftest import MORNING

DAY = date(2026, 12, 4)


def probe_result(subsystem, name, kind, state, detail, at, latency=None, member=None):
    probe_id = "/".join(part for part in (subsystem, member, name) if part)
    outcome = Outcome(state=state, detail=detail, checked_at=at, latency_ms=latency)
    return ProbeResult(probe_id, subsystem, kind, name, outcome, state, member=member)


def lab_like_results():
    """Results like those the monitor stores for the lab site, two minutes before MORNING."""
    at = MORNING - timedelta(minutes=2)
    results = [
        probe_result("iss-auth", "健康检查", "http", State.OK, "HTTP 200, all checks UP", at - timedelta(minutes=5), 512.4),
        probe_result("iss-auth", "健康检查", "http", State.OK, "HTTP 200, all checks UP", at, 35.4),
        probe_result("iss-auth", "加密机端口", "tcp", State.DOWN, "connection refused", at),
        probe_result("iss-auth", "证书", "tls", State.WARNING, "certificate expires in 12 days", at),
        probe_result("iss-bank-api", "健康检查", "http", State.OK, "HTTP 200", MORNING - timedelta(hours=3), 20.0),
        probe_result("iss-outlet-api", "健康检查", "http", State.DOWN, "HTTP 503", at),
    ]
    for number in range(163):
        state = State.DOWN if number < 3 else State.OK
        detail = "timed out" if number < 3 else "HTTP 200"
        results.append(probe_result("service-points", "心跳", "http", state, detail, at, 12.0, member=f"SP{number:03d}"))
    return results


@pytest.fixture
def service(database, writer, tmp_path):
    return PatrolService(database.sessions, writer, tmp_path, clock=lambda: MORNING)


@pytest.fixture
def prefilled(service, writer, checklists):
    writer.submit(lambda session: record_results(session, lab_like_results(), [])).result(timeout=5)
    patrol_id = service.start(checklists.get("daily-application"), DAY, Shift.DAY, "张伟").result(timeout=5)
    written = service.prefill_from_history(patrol_id, "张伟").result(timeout=5)
    return patrol_id, written


def test_latency_comes_from_latest_result(service, prefilled):
    patrol_id, _ = prefilled
    answer = service.load(patrol_id).answer("auth-service-alive")
    assert answer.value == "35"
    assert answer.result == Result.NORMAL
    assert answer.source == "probe"
    assert answer.confirmed is False
    assert answer.evidence == "HTTP 200, all checks UP"
    assert answer.evidence_at == MORNING - timedelta(minutes=2)
    assert answer.probe_id == "iss-auth/健康检查"


def test_failed_probes_prefill_abnormal(service, prefilled):
    patrol_id, _ = prefilled
    view = service.load(patrol_id)
    assert view.answer("auth-hsm-reachable").result == Result.ABNORMAL
    assert view.answer("auth-hsm-reachable").evidence == "connection refused"
    assert view.answer("auth-tls-certificate").result == Result.ABNORMAL
    outlet = view.answer("outlet-api-alive")
    assert outlet.result == Result.ABNORMAL
    assert outlet.value is None
    assert outlet.evidence == "HTTP 503"


def test_service_points_count_online(service, prefilled):
    patrol_id, _ = prefilled
    answer = service.load(patrol_id).answer("service-points-online")
    assert answer.value == "160"
    assert answer.result == Result.WARNING
    assert answer.evidence.startswith("160/163 在线；离线：SP000、SP001、SP002")


def test_stale_results_are_not_used(service, prefilled):
    patrol_id, written = prefilled
    view = service.load(patrol_id)
    assert view.answer("bank-api-channels") is None
    assert written == 5


def test_override_keeps_probe_suggestion(service, prefilled):
    patrol_id, _ = prefilled
    service.save_answer(patrol_id, "auth-service-alive", AnswerInput(value="2500", note="手工复测"), "张伟").result(timeout=5)
    answer = service.load(patrol_id).answer("auth-service-alive")
    assert answer.source == "override"
    assert (answer.value, answer.result) == ("2500", Result.ABNORMAL)
    assert (answer.prefill_value, answer.prefill_result) == ("35", Result.NORMAL)
    assert answer.evidence == "HTTP 200, all checks UP"

    service.prefill_from_history(patrol_id, "张伟").result(timeout=5)
    assert service.load(patrol_id).answer("auth-service-alive").value == "2500"


def test_entering_prefill_again_confirms(service, prefilled):
    patrol_id, _ = prefilled
    service.save_answer(patrol_id, "auth-service-alive", AnswerInput(value="35", note="已核对"), "张伟").result(timeout=5)
    answer = service.load(patrol_id).answer("auth-service-alive")
    assert answer.source == "probe"
    assert answer.confirmed is True
    assert answer.note == "已核对"

    service.save_answer(patrol_id, "outlet-api-alive", AnswerInput(note="已电话通知开发商"), "张伟").result(timeout=5)
    outlet = service.load(patrol_id).answer("outlet-api-alive")
    assert (outlet.source, outlet.result, outlet.confirmed) == ("probe", Result.ABNORMAL, True)


def test_unconfirmed_prefill_blocks_submit(service, prefilled, database):
    patrol_id, _ = prefilled
    with database.sessions() as session:
        problems = records.submit_problems(session, records.get_patrol(session, patrol_id))
    unconfirmed = {p.item_id for p in problems if p.code == records.UNCONFIRMED}
    assert "auth-service-alive" in unconfirmed
    assert "service-points-online" in unconfirmed
    with pytest.raises(PatrolIncompleteError):
        service.submit(patrol_id, "张伟").result(timeout=5)


def test_refresh_from_monitor_snapshot(service, writer, checklists):
    from etc_console.monitor.status import SubsystemStatus

    result = probe_result("iss-vat", "健康检查", "http", State.OK, "HTTP 200", MORNING, 12.0)
    statuses = {"iss-auth": SubsystemStatus("iss-auth", State.OK, "ok", probes=(probe_result("iss-auth", "健康检查", "http", State.OK, "HTTP 200", MORNING, 48.9),)),
                "iss-vat": SubsystemStatus("iss-vat", State.OK, "ok", probes=(result,))}
    patrol_id = service.start(checklists.get("daily-application"), DAY, Shift.DAY, "张伟").result(timeout=5)
    assert service.prefill_from_statuses(patrol_id, statuses, "张伟").result(timeout=5) == 1
    assert service.load(patrol_id).answer("auth-service-alive").value == "49"


@pytest.fixture(scope="module")
def running_lab(catalog, tmp_path_factory):
    lab = Lab(catalog, tmp_path_factory.mktemp("patrol-lab"))
    lab.start()
    yield lab
    lab.stop()


def test_lab_round_prefills_items(running_lab, catalog, checklists):
    template = checklists.get("daily-application")
    specs = resolve_probes(running_lab.site_config(), catalog)
    chosen = specs_for_template(template, specs)
    assert {spec.subsystem for spec in chosen} >= {"iss-auth", "service-points", "stl-transfer"}

    running_lab.set_fault("iss-auth", "down")
    try:
        prefills = {p.item_id: p for p in refresh_checks(template, specs)}
    finally:
        running_lab.set_fault("iss-auth", None)

    assert prefills["auth-service-alive"].result == Result.ABNORMAL
    assert prefills["auth-service-alive"].value is None
    assert prefills["auth-service-alive"].probe_state == "down"
    assert prefills["auth-hsm-reachable"].result == Result.ABNORMAL
    assert prefills["public-alive"].result == Result.NORMAL
    assert int(prefills["public-alive"].value) < 2000
    assert prefills["service-points-online"].value == "163"
    assert prefills["file-exchange-port"].result == Result.NORMAL
    assert prefills["web-tls-certificate"].result == Result.NORMAL
