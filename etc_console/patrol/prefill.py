"""Answer checklist items from probe results: the latest result, its time and its detail.

Evidence comes from three places: results stored by the monitor (history), the live
monitor's statuses, or a round run just now ("refresh checks"). An item's `probe`
reference picks the results of one subsystem by probe name or kind; the newest result
of each matching probe (each member, for the service points) is used, and results
older than `max_age` are ignored, so a stale result never passes for today's check.
"""

import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from sqlalchemy.orm import Session

from etc_console.patrol.template import AnswerType, Item, Result, Template
from etc_console.patrol.values import classify_number
from etc_console.probes.model import Outcome, State, worst
from etc_console.store.history import recent_results

log = logging.getLogger(__name__)

DEFAULT_MAX_AGE = timedelta(hours=1)

# Results per subsystem read from history: enough for the latest result of every
# member of the service points (163) with room for repeated checks of a few.
HISTORY_LIMIT = 2000

SKIPPED_STATES = {State.UNKNOWN.value, State.MAINTENANCE.value}


@dataclass(frozen=True)
class ProbeEvidence:
    """The latest result of one probe, from history, the monitor or a round run now."""

    probe_id: str
    subsystem_id: str
    name: str
    kind: str
    state: str
    detail: str
    checked_at: datetime
    latency_ms: float | None = None
    member: str | None = None


@dataclass(frozen=True)
class Prefill:
    """An answer suggested by probes for one item, with its evidence."""

    item_id: str
    result: Result
    value: str | None
    probe_id: str
    probe_state: str
    evidence: str
    evidence_at: datetime


def probe_name(probe_id: str, subsystem_id: str, member: str | None) -> str:
    """Return a probe's name from its id (subsystem[/member]/name)."""
    prefix = f"{subsystem_id}/{member}/" if member else f"{subsystem_id}/"
    return probe_id[len(prefix):] if probe_id.startswith(prefix) else probe_id.rsplit("/", 1)[-1]


def evidence_from_history(session: Session, subsystem_ids: Iterable[str]) -> list[ProbeEvidence]:
    """Return the newest stored result of every probe of the given subsystems."""
    latest: dict[str, ProbeEvidence] = {}
    for subsystem_id in sorted(set(subsystem_ids)):
        for row in recent_results(session, subsystem_id, HISTORY_LIMIT):
            if row.probe_id in latest:
                continue  # rows come newest first
            latest[row.probe_id] = ProbeEvidence(
                probe_id=row.probe_id, subsystem_id=row.subsystem_id,
                name=probe_name(row.probe_id, row.subsystem_id, row.member), kind=row.kind,
                state=row.state, detail=row.detail, checked_at=row.checked_at,
                latency_ms=row.latency_ms, member=row.member,
            )
    return list(latest.values())


def evidence_from_statuses(statuses: Mapping) -> list[ProbeEvidence]:
    """Return the evidence in the live monitor's snapshot (Monitor.snapshot())."""
    evidence = []
    for status in statuses.values():
        for result in status.probes:
            evidence.append(ProbeEvidence(
                probe_id=result.probe_id, subsystem_id=result.subsystem_id, name=result.name,
                kind=result.kind, state=result.state.value, detail=result.outcome.detail,
                checked_at=result.outcome.checked_at, latency_ms=result.outcome.latency_ms,
                member=result.member,
            ))
    return evidence


def evidence_from_outcomes(pairs: Sequence[tuple[object, Outcome]]) -> list[ProbeEvidence]:
    """Return evidence from (ProbeSpec, Outcome) pairs of a round run now.

    A single attempt has no confirmed state, so the attempt's own state is used.
    """
    return [
        ProbeEvidence(
            probe_id=spec.id, subsystem_id=spec.subsystem, name=spec.name, kind=spec.kind,
            state=outcome.state.value, detail=outcome.detail, checked_at=outcome.checked_at,
            latency_ms=outcome.latency_ms, member=spec.member,
        )
        for spec, outcome in pairs
    ]


def item_subsystem(item: Item) -> str:
    """Return the subsystem whose probes answer an item."""
    return (item.probe.subsystem if item.probe and item.probe.subsystem else None) or item.subsystem


def matches(item: Item, subsystem_id: str, name: str, kind: str) -> bool:
    """Return whether a probe (by subsystem, name and kind) answers the item."""
    ref = item.probe
    if ref is None or subsystem_id != item_subsystem(item):
        return False
    if ref.name is not None and name != ref.name:
        return False
    return ref.kind is None or kind == ref.kind


def build_prefills(template: Template, evidence: Iterable[ProbeEvidence], now: datetime, max_age: timedelta = DEFAULT_MAX_AGE) -> list[Prefill]:
    """Return a suggested answer for every item that fresh probe results can answer."""
    fresh = [entry for entry in evidence if now - entry.checked_at <= max_age]
    latest = _latest_per_probe(fresh)
    prefills = []
    for item in template.items:
        matched = [entry for entry in latest if matches(item, entry.subsystem_id, entry.name, entry.kind)]
        prefill = _prefill_item(item, matched)
        if prefill is not None:
            prefills.append(prefill)
    log.debug("pre-filled %d of %d items of %s from %d results", len(prefills), len(template.items), template.id, len(latest))
    return prefills


def _latest_per_probe(evidence: Iterable[ProbeEvidence]) -> list[ProbeEvidence]:
    latest: dict[str, ProbeEvidence] = {}
    for entry in evidence:
        known = latest.get(entry.probe_id)
        if known is None or entry.checked_at > known.checked_at:
            latest[entry.probe_id] = entry
    return list(latest.values())


def _prefill_item(item: Item, matched: list[ProbeEvidence]) -> Prefill | None:
    matched = [entry for entry in matched if entry.state not in SKIPPED_STATES]
    if not matched:
        return None
    state = worst(State(entry.state) for entry in matched).value
    use = item.probe.use

    if use == "online":
        online = sum(1 for entry in matched if entry.state in (State.OK.value, State.WARNING.value))
        value = str(online)
        result = classify_number(item, Decimal(online))
        offline = sorted(entry.member or entry.probe_id for entry in matched if entry.state == State.DOWN.value)
        evidence = f"{online}/{len(matched)} 在线" + (f"；离线：{'、'.join(offline[:20])}" if offline else "")
    elif use == "latency":
        value, result = _latency_answer(item, matched, state)
        evidence = _joined_details(matched)
    else:
        value = None
        result = Result.NORMAL if state == State.OK.value else Result.ABNORMAL
        evidence = _joined_details(matched)

    return Prefill(
        item_id=item.id, result=result, value=value, probe_id=_probe_label(item, matched),
        probe_state=state, evidence=evidence, evidence_at=min(entry.checked_at for entry in matched),
    )


def _latency_answer(item: Item, matched: list[ProbeEvidence], state: str) -> tuple[str | None, Result]:
    latencies = [entry.latency_ms for entry in matched if entry.latency_ms is not None]
    if state == State.DOWN.value or not latencies:
        return None, Result.ABNORMAL
    value = str(round(max(latencies)))  # whole milliseconds: no float is stored
    return value, classify_number(item, Decimal(value))


def _joined_details(matched: list[ProbeEvidence]) -> str:
    ordered = sorted(matched, key=lambda entry: entry.probe_id)
    if len(ordered) == 1:
        return ordered[0].detail
    return "；".join(f"{entry.member or entry.name}: {entry.detail}" for entry in ordered)


def _probe_label(item: Item, matched: list[ProbeEvidence]) -> str:
    if len(matched) == 1:
        return matched[0].probe_id
    ref = item.probe
    return f"{item_subsystem(item)}/{ref.name or ref.kind} ({len(matched)})"


def answerable_items(template: Template) -> list[Item]:
    """Return the items that name a probe."""
    return [item for item in template.items if item.probe is not None and item.type != AnswerType.TEXT]
