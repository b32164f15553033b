"""IncidentDesk.create_incident with a draft made from a probe alarm."""

from datetime import timedelta

import pytest

from etc_console.incidents.desk import IncidentDesk
from etc_console.incidents.drafting import draft_from_alarm
from etc_console.incidents.model import Source
from etc_console.incidents.validation import IncidentError
from etc_console.monitor.alarms import Alarm
from etc_console.store.writer import DbWriter


@pytest.fixture
def desk(database, catalog, contract, runbooks, clock):
    writer = DbWriter(database.sessions)
    yield IncidentDesk(database.sessions, writer, catalog=catalog, contract=contract, runbooks=runbooks, clock=clock)
    writer.close()


@pytest.fixture
def alarm(clock):
    return Alarm("alarm-1", "iss-outlet-api", clock.now - timedelta(minutes=4), clock.now - timedelta(minutes=2), "http: HTTP 503")


def test_create_incident_from_alarm_draft(desk, alarm, catalog, runbooks, clock):
    draft = draft_from_alarm(alarm, catalog, runbooks)

    incident = desk.create_incident(draft, "张工").result(timeout=5)

    assert incident.onset_at == alarm.onset_at
    assert incident.detected_at == alarm.raised_at
    assert incident.source == Source.PROBE_ALARM
    assert incident.alarm_id == "alarm-1"
    assert incident.created_by == "张工"
    assert incident.created_at == clock.now
    assert [stored.id for stored in desk.incidents()] == [incident.id]


def test_create_incident_needs_author(desk, alarm, catalog, runbooks):
    draft = draft_from_alarm(alarm, catalog, runbooks)

    future = desk.create_incident(draft, "  ")

    with pytest.raises(IncidentError):
        future.result(timeout=5)
    assert desk.incidents() == []
