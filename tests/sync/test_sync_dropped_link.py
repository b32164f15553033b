"""A link that breaks right after the center commits a push: the retry finds duplicates only."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.engine import make_url

from etc_console.incidents import service
from etc_console.sync import local
from etc_console.sync.connection import Problem, SyncError
from tests.incidents.incident_helpers import create
from tests.servers.tcpproxy import PgProxy
from tests.sync.sync_records import center_records, differences, local_records

NOW = datetime(2026, 12, 1, 7, 30, tzinfo=UTC)


@pytest.fixture
def proxy(center):
    url = make_url(center.settings.url)
    with PgProxy(url.host, url.port) as running:
        yield running


def through(center, proxy, name):
    url = make_url(center.settings.url).set(port=proxy.port).render_as_string(hide_password=False)
    return center.settings.model_copy(update={"url": url, "device_name": name})


def test_cut_after_commit_then_duplicates(make_console, catalog, center, proxy):
    laptop = make_console("laptop", through(center, proxy, "laptop"))
    incidents = [laptop.write(lambda s, n=n: create(s, catalog, NOW + timedelta(minutes=n))) for n in range(3)]
    for incident in incidents:
        laptop.write(lambda s, i=incident: service.add_note(s, i.id, "到达现场", author="张工", now=NOW + timedelta(hours=1)))
    with laptop.db.sessions() as session:
        waiting = local.pending_count(session)

    proxy.cut_after_commit()
    with pytest.raises(SyncError) as failure:
        laptop.sync()
    assert proxy.cut_done.is_set()
    assert failure.value.problem is Problem.UNREACHABLE
    assert f":{proxy.port}/" in str(failure.value)
    assert "next round retries" in str(failure.value)
    with laptop.db.sessions() as session:
        assert local.pending_count(session) == waiting, "the outbox keeps the batch the link lost"
        assert "unreachable" in local.get_setting(session, local.LAST_ERROR_KEY)
    committed = center_records(center)
    assert len(committed) == waiting, "the center committed the batch before the link broke"

    report = laptop.sync()
    assert report.outcomes == {"duplicate": waiting}, report
    assert report.pending == 0
    assert center_records(center) == committed
    versions = center.query("SELECT table_name, record_id, origin_revision, count(*) FROM sync_version "
                            "GROUP BY table_name, record_id, origin_revision HAVING count(*) > 1")
    assert versions == []
    assert differences(local_records(laptop.db), center_records(center)) == []


def test_cut_console_still_pulls_others(make_console, catalog, center, proxy):
    """A console behind the proxy loses its link after its push; its retry still pulls the other console's records."""
    laptop = make_console("laptop")
    workstation = make_console("workstation", through(center, proxy, "workstation"))
    laptop.write(lambda s: create(s, catalog, NOW))
    laptop.sync()
    workstation.write(lambda s: create(s, catalog, NOW + timedelta(minutes=1)))

    proxy.cut_after_commit()
    with pytest.raises(SyncError):
        workstation.sync()
    report = workstation.sync()
    assert report.outcomes == {"duplicate": 2}, report
    laptop.sync()
    assert differences(local_records(workstation.db), center_records(center)) == []
    assert differences(local_records(laptop.db), center_records(center)) == []


def test_silent_middlebox_ends_round(make_console, catalog, center, proxy):
    """A proxy that keeps the link open but passes nothing on: the watchdog ends the round."""
    settings = through(center, proxy, "laptop").model_copy(update={"timeout": 1, "connect_timeout": 1})
    laptop = make_console("laptop", settings)
    laptop.write(lambda s: create(s, catalog, NOW))
    laptop.sync()
    laptop.write(lambda s: create(s, catalog, NOW + timedelta(minutes=5)))

    proxy.go_silent()
    with pytest.raises(SyncError) as failure:
        laptop.sync()

    assert failure.value.problem is Problem.UNREACHABLE
    assert "did not answer within 2 s" in str(failure.value)
    with laptop.db.sessions() as session:
        assert local.pending_count(session) == 2
    proxy.go_silent(False)
    assert laptop.sync().pushed == 2
