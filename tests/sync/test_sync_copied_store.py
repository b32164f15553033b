"""A data dir copied to a second laptop: both copies sync, and neither overwrites the other in silence."""

import shutil
from datetime import timedelta

from etc_console.incidents import service
from etc_console.incidents.models import IncidentRow
from etc_console.store.syncable import device_id
from etc_console.sync.conflicts import list_conflicts
from tests.sync.test_sync_smoke import NOW, create


def test_copies_edit_one_field_conflict(make_console, catalog, tmp_path):
    original = make_console("laptop")
    incident = original.write(lambda s: create(s, catalog, NOW))
    original.sync()
    first_id = original.write(device_id)
    original.close()
    shutil.copytree(tmp_path / "laptop", tmp_path / "copy")
    laptop, copy = make_console("laptop"), make_console("copy")

    assert laptop.write(device_id) == first_id
    assert copy.write(device_id) != first_id
    laptop.write(lambda s: service.update_incident(s, incident.id, {"cause": "光模块故障"}, author="张工",
                                                   now=NOW + timedelta(minutes=10), catalog=catalog))
    copy.write(lambda s: service.update_incident(s, incident.id, {"cause": "交换机端口故障"}, author="李工",
                                                 now=NOW + timedelta(minutes=11), catalog=catalog))
    copy.write(lambda s: service.update_incident(s, incident.id, {"handler": "李工"}, author="李工",
                                                 now=NOW + timedelta(minutes=12), catalog=catalog))
    laptop.sync()
    assert copy.sync().new_conflicts == 1
    laptop.sync()

    for console in (laptop, copy):
        with console.db.sessions() as session:
            conflicts = list_conflicts(session)
            row = session.get(IncidentRow, incident.id)
        assert [c.fields for c in conflicts] == [("cause",)]
        assert conflicts[0].other.data["cause"] == "交换机端口故障"
        assert row.cause == "光模块故障"
        assert row.handler == "李工", "the field only the copy changed is taken at once"
