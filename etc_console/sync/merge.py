"""Decide what an incoming change does to the center's current record.

The decision is a three-way comparison: the incoming content and the center's
current content are each compared with their common ancestor (the base). Fields only
one side changed are taken from that side. A field both sides changed to different
values is a conflict: the center keeps its own value of that field, takes the rest of
the change, and a person chooses. Revisions order the changes of a
record; wall-clock times never take part.
"""

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

DELETED = "deleted"


class Outcome(StrEnum):
    APPLIED = "applied"      # the center had nothing newer: the change was taken as it is
    MERGED = "merged"        # the center had other changes to other fields: both were kept
    UNCHANGED = "unchanged"  # the center already had this content
    CONFLICT = "conflict"    # both sides changed one field differently: a person decides that field
    DUPLICATE = "duplicate"  # the same change arrived before (a repeated batch)


@dataclass(frozen=True)
class Decision:
    outcome: Outcome
    revision: int | None = None
    data: dict[str, Any] | None = None
    fields: tuple[str, ...] = field(default=())


def changed_fields(data: dict[str, Any], base: dict[str, Any]) -> set[str]:
    return {name for name, value in data.items() if base.get(name, _MISSING) != value}


_MISSING = object()


def decide(incoming: dict[str, Any], revision: int, current: dict[str, Any] | None,
           current_revision: int | None, base: dict[str, Any] | None) -> Decision:
    """Return what the center does with `incoming` (at local `revision`).

    `base` is the content both sides last had in common, or None when it is unknown;
    an unknown base makes every differing field a conflict.
    """
    if current is None:
        return Decision(Outcome.APPLIED, revision, incoming)

    ancestor = base if base is not None else {}
    mine = changed_fields(incoming, ancestor)
    theirs = changed_fields(current, ancestor)
    clash = {name for name in mine & theirs if incoming.get(name) != current.get(name)}
    clash |= _delete_clash(incoming, current, mine, theirs)
    if clash:
        # The fields only the incoming side changed are still taken; only the clash waits for a person.
        partial = {**current, **{name: incoming[name] for name in mine - clash}}
        if partial == current:
            return Decision(Outcome.CONFLICT, fields=tuple(sorted(clash)))
        return Decision(Outcome.CONFLICT, max(revision, current_revision or 0) + 1, partial, tuple(sorted(clash)))

    result = {**current, **{name: incoming[name] for name in mine}}
    if result == current:
        return Decision(Outcome.UNCHANGED, current_revision, current)
    if not theirs:
        return Decision(Outcome.APPLIED, max(revision, (current_revision or 0) + 1), result)
    # A merge is a new revision that neither side has yet, so both take it on the next pull.
    return Decision(Outcome.MERGED, max(revision, current_revision or 0) + 1, result)


def _delete_clash(incoming, current, mine: set[str], theirs: set[str]) -> set[str]:
    """Return {"deleted"} when one side deleted the record and the other edited it."""
    if incoming.get(DELETED) == current.get(DELETED):
        return set()
    if DELETED in mine and theirs - {DELETED}:
        return {DELETED}
    if DELETED in theirs and mine - {DELETED}:
        return {DELETED}
    return set()
