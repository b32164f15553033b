"""Check incident field values and the order of their times."""

from collections.abc import Collection, Mapping
from datetime import datetime

from etc_console.catalog import Catalog
from etc_console.incidents.model import FIELD_LABELS, TEXT_FIELDS, TIME_FIELDS, Severity, Source
from etc_console.textcheck import ForbiddenCharacter, find_forbidden_character

MAX_LENGTHS = {"title": 200, "reporter": 100, "handler": 100}

# Pairs (earlier, later) that must not be out of order when both are set.
TIME_ORDER = (
    ("onset_at", "detected_at"),
    ("detected_at", "responded_at"),
    ("onset_at", "restored_at"),
    ("restored_at", "closed_at"),
    ("responded_at", "closed_at"),
)


class IncidentError(ValueError):
    """An invalid incident change; `field` names the field and `code` the kind of problem.

    Codes: missing, unknown, invalid, too_long, order, future, reason_missing,
    control_character. For control_character, `forbidden` is the rejected character.
    """

    def __init__(self, field: str, code: str, message: str, forbidden: ForbiddenCharacter | None = None):
        super().__init__(message)
        self.field = field
        self.code = code
        self.label = FIELD_LABELS.get(field, field)
        self.forbidden = forbidden


def check_free_text(name: str, text: str) -> None:
    """Raise IncidentError (control_character) when the text contains a forbidden character.

    See etc_console.textcheck for which characters those are; the position counts in the
    text as entered, before surrounding whitespace is stripped.
    """
    forbidden = find_forbidden_character(text)
    if forbidden is not None:
        raise IncidentError(name, "control_character", forbidden.message(name), forbidden)


def clean_value(name: str, value, catalog: Catalog):
    """Return the value in its stored type; raise IncidentError when it is invalid."""
    if name in TIME_FIELDS:
        return _clean_time(name, value)
    if name in TEXT_FIELDS:
        return _clean_text(name, value)
    if name == "source":
        return _clean_choice(name, value, Source)
    if name == "severity":
        return _clean_choice(name, value, Severity)
    if name == "business_affected":
        if not isinstance(value, bool):
            raise IncidentError(name, "invalid", f"business_affected must be true or false, not {value!r}")
        return value
    if name == "subsystems":
        return _clean_subsystems(value, catalog)
    raise IncidentError(name, "unknown", f"'{name}' is not an incident field")


def _clean_time(name: str, value):
    if value is None:
        return None
    if not isinstance(value, datetime):
        raise IncidentError(name, "invalid", f"{name} must be a datetime, not {value!r}")
    if value.tzinfo is None or value.utcoffset() is None:
        raise IncidentError(name, "invalid", f"{name} {value.isoformat()} has no time zone; pass an aware datetime")
    return value


def _clean_text(name: str, value) -> str:
    if not isinstance(value, str):
        raise IncidentError(name, "invalid", f"{name} must be text, not {value!r}")
    check_free_text(name, value)
    value = value.strip()
    if name == "title" and not value:
        raise IncidentError(name, "missing", "the incident title is empty")
    limit = MAX_LENGTHS.get(name)
    if limit is not None and len(value) > limit:
        raise IncidentError(name, "too_long", f"{name} has {len(value)} characters; at most {limit} fit")
    return value


def _clean_choice(name: str, value, choices):
    try:
        return choices(value)
    except ValueError:
        allowed = ", ".join(choice.value for choice in choices)
        raise IncidentError(name, "invalid", f"{name} {value!r} is not valid; expected one of {allowed}") from None


def _clean_subsystems(value, catalog: Catalog) -> tuple[str, ...]:
    if isinstance(value, str) or not value:
        raise IncidentError("subsystems", "missing", "name at least one subsystem, as a list of catalog ids")
    known = {subsystem.id for subsystem in catalog.subsystems}
    unknown = [item for item in value if item not in known]
    if unknown:
        raise IncidentError("subsystems", "invalid", f"unknown subsystem {', '.join(unknown)}; see `etc-console catalog`")
    return tuple(sorted(set(value)))


def check_times(times: Mapping[str, datetime | None], latest: datetime, changed: Collection[str] | None = None) -> None:
    """Raise IncidentError when a required time is missing, two times are out of order, or one lies after `latest`.

    `changed` names the times this edit sets; None means all of them (a new incident).
    Only those are compared with `latest`, and only pairs with a changed time are
    checked for order. A stored time may come from a console whose clock runs ahead of
    this one, or from a merge of two consoles' edits, and an edit must not be rejected
    for a value the engineer did not touch.
    """
    touched = set(TIME_FIELDS) if changed is None else set(changed)
    for name in ("onset_at", "detected_at"):
        if name in touched and times.get(name) is None:
            raise IncidentError(name, "missing", f"{name} is required")
    for name in TIME_FIELDS:
        value = times.get(name)
        if name in touched and value is not None and value > latest:
            raise IncidentError(name, "future", f"{name} {value.isoformat()} lies in the future")
    for earlier, later in TIME_ORDER:
        if earlier not in touched and later not in touched:
            continue
        first, second = times.get(earlier), times.get(later)
        if first is None or second is None or first <= second:
            continue
        # The error names a time this edit changed, so it points at the field the engineer touched.
        if later in touched:
            raise IncidentError(later, "order", f"{later} {second.isoformat()} is before {earlier} {first.isoformat()}")
        raise IncidentError(earlier, "order", f"{earlier} {first.isoformat()} is after {later} {second.isoformat()}")
    if touched & {"closed_at", "restored_at"} and times.get("closed_at") is not None and times.get("restored_at") is None:
        raise IncidentError("closed_at", "order", "an incident can be closed only after its restore time is recorded")
