"""SLA clock arithmetic with an injected clock, across midnight and month ends in Asia/Shanghai."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from etc_console.incidents.clocks import ClockKind, ClockState, incident_clocks, make_clock, strictest_class
from etc_console.incidents.fines import fine_summary, month_periods, quarter_periods
from incident_helpers import incident

SHANGHAI = ZoneInfo("Asia/Shanghai")


def local(*parts) -> datetime:
    return datetime(*parts, tzinfo=SHANGHAI)


def clocks_by_kind(clocks):
    return {clock.kind: clock for clock in clocks}


def test_strictest_class_across_subsystems(catalog):
    mixed = strictest_class(catalog, ["wx-miniprogram", "stl-clearing", "training"])
    assert mixed.id == "settlement"
    assert mixed.handle_minutes == 120
    assert strictest_class(catalog, ["wx-miniprogram"]).handle_minutes == 180
    assert strictest_class(catalog, ["training"]) is None


def test_training_only_incident_has_no_clocks(catalog, contract):
    onset = local(2026, 5, 1, 9, 0)
    assert incident_clocks(incident(onset, onset, subsystems=["training"]), catalog, contract, onset) == []


def test_clocks_running_before_midnight_then_missed_after(catalog, contract, clock):
    # Onset 23:40, detected 23:50 local: respond due 00:20, handle 01:50, restore 03:40 next day.
    onset, detected = local(2026, 6, 30, 23, 40), local(2026, 6, 30, 23, 50)
    case = incident(onset, detected)
    clock.now = local(2026, 6, 30, 23, 55)

    clocks = clocks_by_kind(incident_clocks(case, catalog, contract, clock()))
    assert clocks[ClockKind.DISCOVER].state == ClockState.MET
    assert clocks[ClockKind.RESPOND].deadline == local(2026, 7, 1, 0, 20)
    assert clocks[ClockKind.RESPOND].state == ClockState.RUNNING
    assert clocks[ClockKind.RESPOND].remaining == timedelta(minutes=25)
    assert clocks[ClockKind.HANDLE].deadline == local(2026, 7, 1, 1, 50)
    assert clocks[ClockKind.RESTORE].deadline == local(2026, 7, 1, 3, 40)

    clock.now = local(2026, 7, 1, 0, 21)
    clocks = clocks_by_kind(incident_clocks(case, catalog, contract, clock()))
    assert clocks[ClockKind.RESPOND].state == ClockState.MISSED
    assert clocks[ClockKind.RESPOND].remaining == timedelta(minutes=-1)
    assert clocks[ClockKind.RESPOND].charged_yuan == 0
    assert clocks[ClockKind.HANDLE].state == ClockState.RUNNING


def test_warning_uses_larger_of_share_and_minutes(contract):
    start = datetime(2026, 1, 31, 16, 0, tzinfo=UTC)  # 00:00 on 1 February in Shanghai
    # 30-minute clock: 15 minutes (50%) beats 25% (7.5 minutes).
    assert make_clock(ClockKind.RESPOND, start, 30, None, 0, start + timedelta(minutes=15), contract).state == ClockState.RUNNING
    assert make_clock(ClockKind.RESPOND, start, 30, None, 0, start + timedelta(minutes=15, seconds=1), contract).state == ClockState.WARNING
    # 240-minute clock: 25% is 60 minutes, more than 15.
    assert make_clock(ClockKind.RESTORE, start, 240, None, 1000, start + timedelta(minutes=180), contract).state == ClockState.RUNNING
    assert make_clock(ClockKind.RESTORE, start, 240, None, 1000, start + timedelta(minutes=181), contract).state == ClockState.WARNING


def test_stop_exactly_at_deadline_is_met(contract):
    start = datetime(2026, 2, 28, 15, 30, tzinfo=UTC)
    on_time = make_clock(ClockKind.RESPOND, start, 30, start + timedelta(minutes=30), 0, start + timedelta(days=1), contract)
    late = make_clock(ClockKind.RESPOND, start, 30, start + timedelta(minutes=30, seconds=1), 0, start + timedelta(days=1), contract)
    assert on_time.state == ClockState.MET
    assert late.state == ClockState.MISSED
    assert late.remaining == timedelta(seconds=-1)


def test_late_discovery_and_restore_fines(catalog, contract):
    onset = local(2026, 3, 31, 22, 0)
    case = incident(onset, onset + timedelta(minutes=61), responded_at=onset + timedelta(minutes=70), restored_at=onset + timedelta(minutes=241))
    clocks = clocks_by_kind(incident_clocks(case, catalog, contract, local(2026, 4, 2, 9, 0)))
    assert clocks[ClockKind.DISCOVER].state == ClockState.MISSED
    assert clocks[ClockKind.DISCOVER].charged_yuan == 500
    assert clocks[ClockKind.RESTORE].state == ClockState.MISSED
    assert clocks[ClockKind.RESTORE].charged_yuan == 1000
    assert clocks[ClockKind.RESPOND].state == ClockState.MET
    assert clocks[ClockKind.HANDLE].state == ClockState.MISSED  # 180 minutes from detection, limit 120
    assert clocks[ClockKind.HANDLE].charged_yuan == 0


def test_restore_limit_depends_on_business_impact(catalog, contract):
    onset = local(2026, 12, 31, 20, 0)
    affected = clocks_by_kind(incident_clocks(incident(onset, onset), catalog, contract, onset))
    unaffected = clocks_by_kind(incident_clocks(incident(onset, onset, business_affected=False), catalog, contract, onset))
    assert affected[ClockKind.RESTORE].deadline == local(2027, 1, 1, 0, 0)
    assert unaffected[ClockKind.RESTORE].deadline == local(2027, 1, 1, 20, 0)


def test_handle_limit_follows_class(catalog, contract):
    onset = local(2026, 8, 31, 23, 0)
    settlement = clocks_by_kind(incident_clocks(incident(onset, onset, subsystems=["stl-clearing"]), catalog, contract, onset))
    mobile = clocks_by_kind(incident_clocks(incident(onset, onset, subsystems=["app"]), catalog, contract, onset))
    assert settlement[ClockKind.HANDLE].deadline == local(2026, 9, 1, 1, 0)
    assert mobile[ClockKind.HANDLE].deadline == local(2026, 9, 1, 2, 0)


def test_month_periods_are_local_midnights():
    months = month_periods(datetime(2026, 1, 15).date(), datetime(2026, 3, 10).date())
    assert [month.label for month in months] == ["2026年01月", "2026年02月", "2026年03月"]
    assert months[0].start == local(2026, 1, 15)
    assert months[1].start == local(2026, 2, 1)
    assert months[1].end == local(2026, 3, 1)
    assert months[2].end == local(2026, 3, 11)


def test_quarters_count_from_contract_start():
    quarters = quarter_periods(datetime(2026, 2, 1).date(), datetime(2027, 1, 31).date())
    assert len(quarters) == 4
    assert quarters[0].start == local(2026, 2, 1)
    assert quarters[0].end == local(2026, 5, 1)
    assert quarters[3].end == local(2027, 2, 1)
    assert quarters[0].label == "第1季度（2026-02-01至2026-04-30）"


def test_fines_placed_by_local_onset_month(catalog, contract):
    # 23:50 on 31 March and 00:10 on 1 April in Shanghai are both 31 March in UTC.
    march = incident(local(2026, 3, 31, 23, 50), local(2026, 4, 1, 1, 0))  # discovered late
    april = incident(local(2026, 4, 1, 0, 10), local(2026, 4, 1, 0, 20))
    now = local(2026, 4, 1, 2, 0)
    assert march.onset_at.astimezone(UTC).day == april.onset_at.astimezone(UTC).day == 31

    summary = fine_summary([(case, incident_clocks(case, catalog, contract, now)) for case in (march, april)], contract)
    months = {month.label: month for month in summary.months}
    assert months["2026年03月"].incidents == 1
    assert months["2026年03月"].charged_yuan == 500
    assert months["2026年03月"].missed[ClockKind.DISCOVER] == 1
    assert months["2026年03月"].at_risk_yuan == 1000  # restore still running
    assert months["2026年04月"].incidents == 1
    assert months["2026年04月"].charged_yuan == 0
    assert months["2026年04月"].at_risk_yuan == 1000
    quarters = {quarter.label[:4]: quarter for quarter in summary.quarters}
    assert quarters["第1季度"].charged_yuan == 500
    assert quarters["第2季度"].incidents == 1
    assert summary.charged_yuan == 500
    assert summary.at_risk_yuan == 2000


def test_fines_skip_incidents_outside_contract(catalog, contract):
    before = incident(local(2025, 12, 31, 23, 0), local(2026, 1, 1, 1, 0))
    summary = fine_summary([(before, incident_clocks(before, catalog, contract, local(2026, 1, 2)))], contract)
    assert summary.charged_yuan == 0
    assert sum(month.incidents for month in summary.months) == 0


@pytest.mark.parametrize("share, minutes", [(0.5, 0), (0.1, 60)])
def test_warning_margin_is_configurable(contract, share, minutes):
    settings = contract.model_copy(update={"warning": contract.warning.model_copy(update={"share": share, "minutes": minutes})})
    start = datetime(2026, 1, 1, tzinfo=UTC)
    threshold = max(timedelta(minutes=120) * share, timedelta(minutes=minutes))
    just_before = start + timedelta(minutes=120) - threshold
    assert make_clock(ClockKind.HANDLE, start, 120, None, 0, just_before, settings).state == ClockState.RUNNING
    assert make_clock(ClockKind.HANDLE, start, 120, None, 0, just_before + timedelta(seconds=1), settings).state == ClockState.WARNING
