"""Write patrols: start, answer, pre-fill, submit, amend, review and attach.

Every function takes a Session and runs inside the caller's transaction; the console
calls them on the database writer thread (PatrolService does). Times are aware
datetimes, passed in so that tests control them.
"""

import logging
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from etc_console.patrol.models import (
    PatrolAmendmentRow,
    PatrolAnswerRow,
    PatrolAttachmentRow,
    PatrolRow,
    PatrolTemplateRow,
)
from etc_console.patrol.prefill import Prefill
from etc_console.patrol.snapshot import canonical_text, content_hash, template_from_text
from etc_console.patrol.template import AnswerType, Result, Shift, Template
from etc_console.patrol.values import AnswerError, AnswerInput, check_free_text, evaluate, storable_text
from etc_console.store.syncable import device_id
from etc_console.timeutil import require_aware

log = logging.getLogger(__name__)

MANUAL, PROBE, OVERRIDE = "manual", "probe", "override"


class PatrolError(Exception):
    """A patrol operation that cannot be carried out."""


class PatrolNotFoundError(PatrolError, LookupError):
    pass


class PatrolLockedError(PatrolError):
    """A change to a submitted patrol that is not an amendment."""


class PatrolNotSubmittedError(PatrolError):
    """An amendment or review of a patrol that is still a draft."""


@dataclass(frozen=True)
class SubmitProblem:
    """A reason an item blocks submission; `code` is UNANSWERED, UNCONFIRMED, NOTE_REQUIRED or EVIDENCE_REQUIRED."""

    item_id: str
    code: str


UNANSWERED, UNCONFIRMED, NOTE_REQUIRED, EVIDENCE_REQUIRED = "unanswered", "unconfirmed", "note_required", "evidence_required"


class PatrolIncompleteError(PatrolError):
    """A submission refused because some items are not ready; `problems` lists them."""

    def __init__(self, problems: list[SubmitProblem]):
        self.problems = problems
        summary = ", ".join(f"{p.item_id} ({p.code})" for p in problems[:10])
        more = f" and {len(problems) - 10} more" if len(problems) > 10 else ""
        super().__init__(f"the patrol cannot be submitted: {summary}{more}")


@dataclass(frozen=True)
class StoredFile:
    """A file already copied into the data dir (see attachments.store_file)."""

    file_name: str
    stored_name: str
    sha256: str
    size_bytes: int
    media_type: str


def _new_sync(session: Session, now: datetime, record_id: uuid.UUID | None = None) -> dict:
    return {"id": record_id or uuid.uuid4(), "device_id": device_id(session), "revision": 1, "updated_at": require_aware(now)}


def answer_id(patrol_id: uuid.UUID, item_id: str) -> uuid.UUID:
    """Return the id of a patrol's answer to one item, the same on every console.

    Two consoles that answer the same item of a synced draft offline then write one
    record, which the center merges or flags as a conflict, and never two rows for one item.
    """
    return uuid.uuid5(patrol_id, item_id)


def store_template_snapshot(session: Session, template: Template, now: datetime) -> str:
    """Store the template's canonical text unless already stored; return its hash."""
    text = canonical_text(template)
    digest = content_hash(text)
    if session.get(PatrolTemplateRow, digest) is None:
        session.add(PatrolTemplateRow(content_hash=digest, template_id=template.id, version=template.version, body=text, stored_at=require_aware(now)))
        session.flush()
        log.info("stored snapshot %s of checklist template %s version %s", digest[:12], template.id, template.version)
    return digest


def find_patrol(session: Session, template_id: str, patrol_date: date, shift: Shift | str) -> PatrolRow | None:
    """Return the patrol of a template, date and shift that is not deleted, if any."""
    query = select(PatrolRow).where(
        PatrolRow.template_id == template_id, PatrolRow.patrol_date == patrol_date,
        PatrolRow.shift == str(shift), PatrolRow.deleted.is_(False),
    ).order_by(PatrolRow.started_at)
    return session.scalars(query).first()


def start_patrol(
    session: Session, template: Template, patrol_date: date, shift: Shift | str, engineer: str,
    now: datetime, reviewer: str | None = None,
) -> PatrolRow:
    """Return the existing patrol of this template, date and shift, or start a new draft.

    An existing patrol keeps the template version it was started with.
    """
    shift = Shift(shift)
    if shift not in template.template.shifts:
        raise PatrolError(f"template {template.id} has no {shift.value} shift; it has {', '.join(s.value for s in template.template.shifts)}")
    if not engineer.strip():
        raise PatrolError("the engineer on duty is required to start a patrol")
    existing = find_patrol(session, template.id, patrol_date, shift)
    if existing is not None:
        return existing

    digest = store_template_snapshot(session, template, now)
    patrol = PatrolRow(
        **_new_sync(session, now), template_hash=digest, template_id=template.id, template_version=template.version,
        patrol_date=patrol_date, shift=shift.value, engineer=engineer.strip(), reviewer=(reviewer or "").strip() or None,
        started_at=require_aware(now),
    )
    session.add(patrol)
    session.flush()
    log.info("started patrol %s: %s %s %s by %s", patrol.id, template.id, patrol_date, shift.value, patrol.engineer)
    return patrol


def get_patrol(session: Session, patrol_id: uuid.UUID) -> PatrolRow:
    patrol = session.get(PatrolRow, patrol_id)
    if patrol is None or patrol.deleted:
        raise PatrolNotFoundError(f"no patrol with id {patrol_id}")
    return patrol


def patrol_template(session: Session, patrol: PatrolRow) -> Template:
    """Return the template snapshot a patrol was started with."""
    return template_from_text(session.get(PatrolTemplateRow, patrol.template_hash).body)


def _draft(session: Session, patrol_id: uuid.UUID) -> PatrolRow:
    patrol = get_patrol(session, patrol_id)
    if patrol.submitted_at is not None:
        raise PatrolLockedError(f"patrol {patrol_id} was submitted at {patrol.submitted_at.isoformat()}; correct it with an amendment")
    return patrol


def _answer_row(session: Session, patrol_id: uuid.UUID, item_id: str) -> PatrolAnswerRow | None:
    query = select(PatrolAnswerRow).where(PatrolAnswerRow.patrol_id == patrol_id, PatrolAnswerRow.item_id == item_id)
    return session.scalars(query).first()


def save_answer(session: Session, patrol_id: uuid.UUID, item_id: str, entry: AnswerInput, by: str, now: datetime) -> PatrolAnswerRow:
    """Store what was entered for one item of a draft patrol, replacing the previous entry.

    Entering the pre-filled value and result again confirms the pre-fill; anything
    else overrides it, and the suggestion stays in prefill_value and prefill_result.
    Raises AnswerError for an invalid value and PatrolLockedError after submission.
    """
    patrol = _draft(session, patrol_id)
    item = patrol_template(session, patrol).item(item_id)
    answer = _answer_row(session, patrol_id, item_id)
    check_free_text(item_id, "note", entry.note)  # evaluate() checks it too, but a repeated pre-fill skips evaluate()

    if answer is not None and answer.source != MANUAL and _repeats_prefill(answer, entry):
        result, value = answer.prefill_result, answer.prefill_value
        source = PROBE
    else:
        evaluated = evaluate(item, entry)
        result = evaluated.result.value if evaluated.result else None
        value = evaluated.value
        source = MANUAL if answer is None or answer.source == MANUAL else OVERRIDE

    if answer is None:
        answer = PatrolAnswerRow(**_new_sync(session, now, answer_id(patrol_id, item_id)), patrol_id=patrol_id, item_id=item_id)
        session.add(answer)
    else:
        answer.touch(device_id(session), require_aware(now))
    answer.result, answer.value, answer.note = result, value, storable_text(entry.note)
    answer.source, answer.confirmed = source, True
    answer.answered_by, answer.answered_at = by, require_aware(now)
    session.flush()
    return answer


def _repeats_prefill(answer: PatrolAnswerRow, entry: AnswerInput) -> bool:
    value = entry.value.strip() if isinstance(entry.value, str) and entry.value.strip() else None
    if value != answer.prefill_value:
        return False
    return entry.result is None or entry.result.value == answer.prefill_result


def confirm_prefill(session: Session, patrol_id: uuid.UUID, item_id: str, by: str, now: datetime) -> PatrolAnswerRow:
    """Mark a pre-filled answer as checked by the engineer, leaving it unchanged."""
    _draft(session, patrol_id)
    answer = _answer_row(session, patrol_id, item_id)
    if answer is None or answer.source == MANUAL:
        raise PatrolError(f"item {item_id} has no pre-filled answer to confirm")
    if not answer.confirmed:
        answer.touch(device_id(session), require_aware(now))
        answer.confirmed, answer.answered_by, answer.answered_at = True, by, require_aware(now)
    return answer


def apply_prefills(session: Session, patrol_id: uuid.UUID, prefills: Iterable[Prefill], by: str, now: datetime) -> int:
    """Write probe suggestions into a draft; return how many answers were written.

    Items the engineer answered (manual or override) keep their answer. A pre-filled
    answer is replaced by the newer suggestion and needs confirming again if it changed.
    """
    _draft(session, patrol_id)
    written = 0
    for prefill in prefills:
        answer = _answer_row(session, patrol_id, prefill.item_id)
        if answer is not None and answer.source != PROBE:
            continue
        if answer is None:
            answer = PatrolAnswerRow(**_new_sync(session, now, answer_id(patrol_id, prefill.item_id)), patrol_id=patrol_id,
                                     item_id=prefill.item_id, note="", confirmed=False)
            session.add(answer)
        else:
            changed = (answer.prefill_result, answer.prefill_value) != (prefill.result.value, prefill.value)
            answer.touch(device_id(session), require_aware(now))
            answer.confirmed = answer.confirmed and not changed
        _copy_prefill(answer, prefill, by, now)
        written += 1
    session.flush()
    return written


def _copy_prefill(answer: PatrolAnswerRow, prefill: Prefill, by: str, now: datetime) -> None:
    answer.result, answer.value, answer.source = prefill.result.value, prefill.value, PROBE
    answer.prefill_result, answer.prefill_value = prefill.result.value, prefill.value
    answer.probe_id, answer.probe_state = prefill.probe_id, prefill.probe_state
    answer.evidence, answer.evidence_at = prefill.evidence, require_aware(prefill.evidence_at)
    answer.answered_by, answer.answered_at = by, require_aware(now)


def submit_problems(session: Session, patrol: PatrolRow, confirm_prefilled: bool = False) -> list[SubmitProblem]:
    """Return what blocks submission: unanswered or unconfirmed items, missing notes or evidence."""
    template = patrol_template(session, patrol)
    answers = {row.item_id: row for row in session.scalars(select(PatrolAnswerRow).where(PatrolAnswerRow.patrol_id == patrol.id))}
    attached = set(session.scalars(select(PatrolAttachmentRow.item_id).where(PatrolAttachmentRow.patrol_id == patrol.id)))
    problems = []
    for item in template.items:
        answer = answers.get(item.id)
        if answer is None or answer.result is None:
            problems.append(SubmitProblem(item.id, UNANSWERED))
            continue
        if not answer.confirmed and not confirm_prefilled:
            problems.append(SubmitProblem(item.id, UNCONFIRMED))
        if answer.result == Result.ABNORMAL.value and not answer.note.strip():
            problems.append(SubmitProblem(item.id, NOTE_REQUIRED))
        if item.type == AnswerType.EVIDENCE and item.id not in attached and not answer.evidence:
            problems.append(SubmitProblem(item.id, EVIDENCE_REQUIRED))
    return problems


def submit_patrol(session: Session, patrol_id: uuid.UUID, by: str, now: datetime, confirm_prefilled: bool = False) -> PatrolRow:
    """Lock a complete draft; raise PatrolIncompleteError listing what is missing.

    With confirm_prefilled, pre-filled answers not yet confirmed are confirmed by `by`
    as part of the submission.
    """
    patrol = _draft(session, patrol_id)
    problems = submit_problems(session, patrol, confirm_prefilled)
    if problems:
        raise PatrolIncompleteError(problems)

    if confirm_prefilled:
        pending = select(PatrolAnswerRow).where(PatrolAnswerRow.patrol_id == patrol_id, PatrolAnswerRow.confirmed.is_(False))
        for answer in session.scalars(pending):
            answer.touch(device_id(session), require_aware(now))
            answer.confirmed, answer.answered_by = True, by
        session.flush()  # before submitted_at is set: the trigger freezes answers after that

    patrol.touch(device_id(session), require_aware(now))
    patrol.submitted_at, patrol.submitted_by = require_aware(now), by
    session.flush()
    log.info("submitted patrol %s (%s %s %s) by %s", patrol.id, patrol.template_id, patrol.patrol_date, patrol.shift, by)
    return patrol


def _current_answer(session: Session, patrol_id: uuid.UUID, item_id: str) -> tuple[str | None, str | None, str | None]:
    query = (
        select(PatrolAmendmentRow)
        .where(PatrolAmendmentRow.patrol_id == patrol_id, PatrolAmendmentRow.item_id == item_id)
        .order_by(PatrolAmendmentRow.amended_at.desc(), PatrolAmendmentRow.id.desc())
    )
    latest = session.scalars(query).first()
    if latest is not None:
        return latest.new_result, latest.new_value, latest.new_note
    answer = _answer_row(session, patrol_id, item_id)
    if answer is None:
        return None, None, None
    return answer.result, answer.value, answer.note


def amend_answer(session: Session, patrol_id: uuid.UUID, item_id: str, entry: AnswerInput, reason: str, by: str, now: datetime) -> PatrolAmendmentRow:
    """Record a correction of a submitted answer, keeping the old and the new answer."""
    patrol = get_patrol(session, patrol_id)
    if patrol.submitted_at is None:
        raise PatrolNotSubmittedError(f"patrol {patrol_id} is still a draft; change the answer directly")
    reason = storable_text(reason)
    if not reason.strip():
        raise PatrolError("an amendment needs a reason")
    check_free_text(item_id, "reason", reason)
    item = patrol_template(session, patrol).item(item_id)
    evaluated = evaluate(item, entry)
    if evaluated.result is None:
        raise AnswerError(item_id, "an amendment needs a complete answer: a value or a result")
    if evaluated.result == Result.ABNORMAL and not evaluated.note.strip():
        raise AnswerError(item_id, "an abnormal answer needs a note")

    old_result, old_value, old_note = _current_answer(session, patrol_id, item_id)
    amendment = PatrolAmendmentRow(
        **_new_sync(session, now), patrol_id=patrol_id, item_id=item_id,
        old_result=old_result, old_value=old_value, old_note=old_note,
        new_result=evaluated.result.value, new_value=evaluated.value, new_note=evaluated.note,
        reason=reason.strip(), amended_by=by, amended_at=require_aware(now),
    )
    session.add(amendment)
    session.flush()
    log.info("amended item %s of patrol %s by %s: %s -> %s", item_id, patrol_id, by, old_result, evaluated.result.value)
    return amendment


def review_patrol(session: Session, patrol_id: uuid.UUID, reviewer: str, now: datetime) -> PatrolRow:
    """Record the supervisor's review of a submitted patrol."""
    patrol = get_patrol(session, patrol_id)
    if patrol.submitted_at is None:
        raise PatrolNotSubmittedError(f"patrol {patrol_id} is still a draft; submit it before the review")
    if not reviewer.strip():
        raise PatrolError("the reviewer's name is required")
    patrol.touch(device_id(session), require_aware(now))
    patrol.reviewer, patrol.reviewed_at = reviewer.strip(), require_aware(now)
    return patrol


def add_attachment(session: Session, patrol_id: uuid.UUID, item_id: str, stored: StoredFile, by: str, now: datetime) -> PatrolAttachmentRow:
    """Link a file already copied into the data dir to an item of a draft patrol."""
    patrol = _draft(session, patrol_id)
    patrol_template(session, patrol).item(item_id)
    row = PatrolAttachmentRow(
        **_new_sync(session, now), patrol_id=patrol_id, item_id=item_id, file_name=stored.file_name,
        stored_name=stored.stored_name, sha256=stored.sha256, size_bytes=stored.size_bytes,
        media_type=stored.media_type, added_by=by, added_at=require_aware(now),
    )
    session.add(row)
    session.flush()
    return row


def discard_patrol(session: Session, patrol_id: uuid.UUID, now: datetime) -> None:
    """Mark a draft as deleted (a tombstone, so the deletion syncs); submitted patrols stay."""
    patrol = _draft(session, patrol_id)
    patrol.touch(device_id(session), require_aware(now))
    patrol.deleted = True
    log.info("discarded draft patrol %s", patrol_id)
