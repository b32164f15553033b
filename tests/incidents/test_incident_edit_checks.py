"""Edits checked only on the values they change, control characters rejected, timeline order across consoles."""

import uuid
from datetime import timedelta

import pytest
from sqlalchemy import select

from etc_console.incidents import service
from etc_console.incidents.models import IncidentRow, TimelineEntryRow
from etc_console.incidents.timeline import EntryKind, load_timeline
from etc_console.incidents.validation import IncidentError
from etc_console.store.syncable import device_id
from incident_helpers import create, draft

TEXT_FIELDS = ("title", "description", "cause", "actions", "prevention", "reporter", "handler")
FORBIDDEN = [
    ("\x00", "U+0000"),
    ("\x1b", "U+001B"),
    ("\x7f", "U+007F"),
    ("\x85", "U+0085"),
    ("\x9f", "U+009F"),
    ("\u202e", "U+202E"),
    ("\u2066", "U+2066"),
    ("\u2069", "U+2069"),
]


def update(session, catalog, incident_id, changes, now, reason=None):
    return service.update_incident(session, incident_id, changes, author="李工", now=now, catalog=catalog, reason=reason)


def test_slow_clock_edit_ignores_stored_times(database, catalog, clock):
    """A console whose clock is an hour behind edits the cause of an incident created with a correct clock."""
    slow = clock.now - timedelta(hours=1)
    with database.sessions.begin() as session:
        incident = create(session, catalog, clock.now, onset=clock.now - timedelta(minutes=3), detected=clock.now)
        changed = update(session, catalog, incident.id, {"cause": "光模块故障"}, slow)
    assert changed.cause == "光模块故障"
    assert changed.onset_at == incident.onset_at


def test_slow_clock_form_resends_stored_times(database, catalog, clock):
    """A form that sends every field, stored times included, is checked only on the changed ones."""
    slow = clock.now - timedelta(hours=1)
    with database.sessions.begin() as session:
        incident = create(session, catalog, clock.now, onset=clock.now - timedelta(minutes=3), detected=clock.now)
        form = {"onset_at": incident.onset_at, "detected_at": incident.detected_at, "subsystems": list(incident.subsystems),
                "title": incident.title, "cause": "光模块故障"}
        changed = update(session, catalog, incident.id, form, slow)
        entries = load_timeline(session, incident.id)
    assert changed.cause == "光模块故障"
    assert [(entry.kind, entry.field) for entry in entries] == [(EntryKind.CREATED, None), (EntryKind.FIELD_SET, "cause")]


def test_changed_time_still_checked_against_now(database, catalog, clock):
    slow = clock.now - timedelta(hours=1)
    with database.sessions.begin() as session:
        incident = create(session, catalog, clock.now)
        with pytest.raises(IncidentError) as caught:
            update(session, catalog, incident.id, {"responded_at": slow + timedelta(minutes=10)}, slow)
    assert (caught.value.field, caught.value.code) == ("responded_at", "future")


def test_stored_order_problem_does_not_block_edit(database, catalog, clock):
    """A merge of two consoles' edits left detection before onset; editing the cause still works."""
    with database.sessions.begin() as session:
        incident = create(session, catalog, clock.now)
        session.get(IncidentRow, incident.id).detected_at = incident.onset_at - timedelta(minutes=5)
        changed = update(session, catalog, incident.id, {"cause": "光模块故障"}, clock.now)
        assert changed.cause == "光模块故障"
        with pytest.raises(IncidentError) as caught:
            update(session, catalog, incident.id, {"onset_at": incident.onset_at + timedelta(minutes=1)}, clock.now, reason="更正")
    assert (caught.value.field, caught.value.code) == ("onset_at", "order"), "the error names the field that was changed"
    assert "is after detected_at" in str(caught.value)


@pytest.mark.parametrize("field", TEXT_FIELDS)
@pytest.mark.parametrize(("character", "code_point"), FORBIDDEN)
def test_control_character_rejected(database, catalog, clock, field, character, code_point):
    with database.sessions.begin() as session:
        incident = create(session, catalog, clock.now, description="旧的现象")
        before = load_timeline(session, incident.id)
        with pytest.raises(IncidentError) as caught:
            update(session, catalog, incident.id, {field: f"重启服务{character}之后"}, clock.now)
        assert service.load_incident(session, incident.id) == incident, "nothing stored changed"
        assert load_timeline(session, incident.id) == before
    error = caught.value
    assert (error.field, error.code) == (field, "control_character")
    assert (error.forbidden.code_point, error.forbidden.position) == (code_point, 5)
    assert str(error).startswith(f"{field} contains the ")
    assert f"{code_point} at position 5" in str(error)


def test_position_counts_leading_whitespace(database, catalog, clock):
    with database.sessions.begin() as session:
        incident = create(session, catalog, clock.now)
        with pytest.raises(IncidentError) as caught:
            update(session, catalog, incident.id, {"actions": "  a\x00"}, clock.now)
    assert caught.value.forbidden.position == 4


def test_tab_and_line_breaks_accepted(database, catalog, clock):
    with database.sessions.begin() as session:
        incident = create(session, catalog, clock.now)
        changed = update(session, catalog, incident.id, {"actions": "1.\t重启\r\n2.\t复核"}, clock.now)
    assert changed.actions == "1.\t重启\r\n2.\t复核"


def test_control_character_rejected_on_create(database, catalog, clock):
    with database.sessions.begin() as session:
        with pytest.raises(IncidentError) as caught:
            service.create_incident(session, draft(clock.now - timedelta(minutes=30), title="接口\x00不可用"),
                                    author="张工", now=clock.now, catalog=catalog)
        assert session.scalars(select(IncidentRow)).all() == []
    assert (caught.value.field, caught.value.code) == ("title", "control_character")


@pytest.mark.parametrize("field", ["note", "reason", "author"])
def test_note_reason_author_checked(database, catalog, clock, field):
    bad = "现场\u202e确认"
    with database.sessions.begin() as session:
        incident = create(session, catalog, clock.now)
        with pytest.raises(IncidentError) as caught:
            if field == "note":
                service.add_note(session, incident.id, bad, author="张工", now=clock.now)
            elif field == "reason":
                update(session, catalog, incident.id, {"onset_at": incident.onset_at - timedelta(minutes=1)}, clock.now, reason=bad)
            else:
                service.add_note(session, incident.id, "现场确认", author=bad, now=clock.now)
        assert len(load_timeline(session, incident.id)) == 1
        assert service.load_incident(session, incident.id) == incident
    assert (caught.value.field, caught.value.code) == (field, "control_character")
    assert caught.value.forbidden.position == 3


def test_stored_control_character_does_not_block_edit(database, catalog, clock):
    """A value stored before the check (or pulled from an older console) is not checked again when unchanged."""
    with database.sessions.begin() as session:
        incident = create(session, catalog, clock.now)
        session.get(IncidentRow, incident.id).actions = "重启服务\x00之后正常"
        changed = update(session, catalog, incident.id, {"actions": "重启服务\x00之后正常", "cause": "光模块故障"}, clock.now)
    assert (changed.actions, changed.cause) == ("重启服务\x00之后正常", "光模块故障")


def test_note_after_created_without_created_entry(database, catalog, clock):
    """A console that pulled the incident but not yet its `created` entry still numbers its note after it."""
    slow = clock.now - timedelta(hours=1)
    with database.sessions.begin() as session:
        pulled = IncidentRow(
            id=uuid.uuid4(), title="网点发行接口不可用", subsystems='["iss-outlet-api"]', source="phone", severity="general",
            business_affected=True, onset_at=clock.now - timedelta(minutes=30), detected_at=clock.now - timedelta(minutes=25),
            created_by="张工", created_at=clock.now, device_id="other-console", revision=1, updated_at=clock.now, deleted=False,
            cause="", actions="", prevention="",
        )
        session.add(pulled)
        session.flush()
        service.add_note(session, pulled.id, "现场确认", author="李工", now=slow)
        service.add_note(session, pulled.id, "已通知银行", author="李工", now=slow + timedelta(minutes=1))
        # The created entry of the other console arrives later, with the later wall-clock time.
        session.add(TimelineEntryRow(
            incident_id=pulled.id, seq=1, at=clock.now, author="张工", kind=EntryKind.CREATED.value, new_value="{}",
            device_id="other-console", revision=1, updated_at=clock.now, deleted=False,
        ))
        session.flush()
        entries = load_timeline(session, pulled.id)
        local = device_id(session)
    assert [(entry.seq, entry.kind) for entry in entries] == [(1, EntryKind.CREATED), (2, EntryKind.NOTE), (3, EntryKind.NOTE)]
    assert [entry.new_value for entry in entries[1:]] == ["现场确认", "已通知银行"]
    assert entries[1].at < entries[0].at, "the note keeps the time its console's clock gave it"
    assert local != "other-console"


def test_concurrent_entries_keep_each_consoles_order(database, catalog, clock):
    """Entries written on two consoles without seeing each other interleave, but each console's stay in order."""
    slow = clock.now - timedelta(hours=1)
    with database.sessions.begin() as session:
        incident = create(session, catalog, clock.now)
        service.add_note(session, incident.id, "本机 1", author="张工", now=clock.now + timedelta(minutes=1))
        service.add_note(session, incident.id, "本机 2", author="张工", now=clock.now + timedelta(minutes=2))
        for seq, minutes, text in ((2, 5, "慢钟 1"), (3, 6, "慢钟 2"), (4, 7, "慢钟 3")):
            session.add(TimelineEntryRow(
                incident_id=incident.id, seq=seq, at=slow + timedelta(minutes=minutes), author="李工", kind=EntryKind.NOTE.value,
                new_value=text, device_id="slow-console", revision=1, updated_at=slow, deleted=False,
            ))
        session.flush()
        notes = [entry.new_value for entry in load_timeline(session, incident.id) if entry.kind == EntryKind.NOTE]
        service.add_note(session, incident.id, "本机 3", author="张工", now=clock.now + timedelta(minutes=3))
        last = load_timeline(session, incident.id)[-1]
    assert [note for note in notes if note.startswith("本机")] == ["本机 1", "本机 2"]
    assert [note for note in notes if note.startswith("慢钟")] == ["慢钟 1", "慢钟 2", "慢钟 3"]
    assert (last.new_value, last.seq) == ("本机 3", 5), "a new entry comes after every entry its console holds"
