"""Typed model of a checklist template: the patrol's header and its items.

A template file is TOML with one `[template]` table and an `[[item]]` array; see
docs/checklists.md. Field-level types are checked by pydantic here; the rules that
span fields (thresholds only on numbers, choices on choice items) are in
`etc_console.patrol.checks`, so their errors can name the item and the field.
"""

import re
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

ItemId = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=64)]

# Subsystem id of items that belong to no single catalog subsystem (machine room,
# shared network devices).
SHARED_SUBSYSTEM = "*"

DEADLINE_PATTERN = re.compile(r"^(?P<hour>[01]\d|2[0-3]):(?P<minute>[0-5]\d)(?P<next_day>\+1)?$")


class AnswerType(StrEnum):
    STATUS = "status"  # 正常 / 异常, chosen by the engineer
    NUMBER = "number"  # a measured value checked against thresholds
    TEXT = "text"  # free text with a result chosen by the engineer
    CHOICE = "choice"  # one of a fixed list; some choices are abnormal
    EVIDENCE = "evidence"  # probe output or an attached file or photo


class Result(StrEnum):
    NORMAL = "normal"
    WARNING = "warning"
    ABNORMAL = "abnormal"


class Schedule(StrEnum):
    DAILY = "daily"
    WEEKLY = "weekly"
    MONTHLY = "monthly"
    HALF_YEARLY = "half-yearly"


class Shift(StrEnum):
    DAY = "day"  # 白班
    NIGHT = "night"  # 夜班


SHIFT_LABELS = {Shift.DAY: "白班", Shift.NIGHT: "夜班"}
RESULT_LABELS = {Result.NORMAL: "正常", Result.WARNING: "告警", Result.ABNORMAL: "异常"}


def _decimal_text(value: object) -> object:
    """Turn a TOML number or a numeric string into a canonical decimal string."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        return value
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise ValueError(f"{value!r} is not a number") from None
    if not number.is_finite():
        raise ValueError(f"{value!r} is not a finite number")
    return canonical_decimal(number)


def canonical_decimal(number: Decimal) -> str:
    """Return a decimal in plain notation without trailing zeros ("85.50" -> "85.5")."""
    text = format(number.normalize(), "f")
    return "0" if text in ("-0", "") else text


DecimalText = Annotated[str, BeforeValidator(_decimal_text)]


class StrictModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Bound(StrictModel):
    """A threshold: the level applies when the value passes an upper or a lower limit.

    `above` and `below` compare strictly (> and <), `at_least` and `at_most` include
    the limit (>= and <=). A bound sets at most one upper and one lower limit.
    """

    above: DecimalText | None = None
    at_least: DecimalText | None = None
    below: DecimalText | None = None
    at_most: DecimalText | None = None

    def upper(self) -> tuple[str, bool] | None:
        """Return the upper limit and whether it is inclusive, or None."""
        if self.above is not None:
            return self.above, False
        if self.at_least is not None:
            return self.at_least, True
        return None

    def lower(self) -> tuple[str, bool] | None:
        """Return the lower limit and whether it is inclusive, or None."""
        if self.below is not None:
            return self.below, False
        if self.at_most is not None:
            return self.at_most, True
        return None


class ProbeRef(StrictModel):
    """The probe that can answer an item, by name or by kind within a subsystem.

    `use` says what the answer takes from the latest result: "state" maps OK to normal
    and WARNING or DOWN to abnormal, "latency" takes the latency in ms, and "online"
    counts the members of an aggregated subsystem (the service points) that are online.
    """

    subsystem: str | None = None  # default: the item's subsystem
    name: str | None = None
    kind: Literal["http", "tcp", "tls"] | None = None
    use: Literal["state", "latency", "online"] = "state"


class Item(StrictModel):
    """One line of the checklist."""

    id: ItemId
    subsystem: str = Field(min_length=1)
    area: str = Field(min_length=1)
    check: str = Field(min_length=1)  # what to check
    method: str = Field(min_length=1)  # how to check it
    normal: str = Field(min_length=1)  # the normal value, as printed on the sheet
    type: AnswerType
    unit: str = ""
    warning: Bound | None = None
    abnormal: Bound | None = None
    choices: list[str] = []
    warning_choices: list[str] = []
    abnormal_choices: list[str] = []
    probe: ProbeRef | None = None
    inferred: bool = False  # the threshold is a reasoned default, not a contract figure


class TemplateInfo(StrictModel):
    """The `[template]` table."""

    id: ItemId
    name: str = Field(min_length=1)
    version: str = Field(min_length=1, max_length=32)
    schedule: Schedule
    shifts: list[Shift] = [Shift.DAY]
    deadlines: dict[Shift, str] = {}
    due_weekday: Annotated[int, Field(ge=1, le=7)] | None = None  # ISO weekday, 1 = Monday
    due_day: Annotated[int, Field(ge=1, le=28)] | None = None
    due_months: list[Annotated[int, Field(ge=1, le=12)]] = []
    description: str = ""
    extends: ItemId | None = None


class Template(StrictModel):
    """A whole checklist template after a site's overrides are merged."""

    template: TemplateInfo
    items: list[Item] = Field(default=[], alias="item")
    remove_items: list[ItemId] = []

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @property
    def id(self) -> str:
        return self.template.id

    @property
    def version(self) -> str:
        return self.template.version

    @property
    def name(self) -> str:
        return self.template.name

    def item(self, item_id: str) -> Item:
        """Return the item with this id; raise KeyError when there is none."""
        for item in self.items:
            if item.id == item_id:
                return item
        raise KeyError(item_id)

    def areas(self) -> list[tuple[str, list[Item]]]:
        """Return the items grouped by area, areas in the order they first appear."""
        groups: dict[str, list[Item]] = {}
        for item in self.items:
            groups.setdefault(item.area, []).append(item)
        return list(groups.items())
