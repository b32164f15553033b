"""Daily patrols (日常巡检): checklist templates, records that lose nothing, pre-fill
from probes, amendments after submission and the patrol calendar.

Headless (no Qt); the GUI form lives in etc_console.gui.patrol.
"""

from etc_console.patrol.calendar import CalendarDay, CalendarEntry, DayStatus, current_shift, patrol_calendar
from etc_console.patrol.incident_hook import PatrolFinding, patrol_finding
from etc_console.patrol.loader import ChecklistSet, load_checklists, read_template_file, site_checklist_dirs
from etc_console.patrol.prefill import Prefill, ProbeEvidence, build_prefills
from etc_console.patrol.records import (
    PatrolError,
    PatrolIncompleteError,
    PatrolLockedError,
    PatrolNotFoundError,
    PatrolNotSubmittedError,
    SubmitProblem,
)
from etc_console.patrol.refresh import refresh_checks, specs_for_template
from etc_console.patrol.service import PatrolService
from etc_console.patrol.template import AnswerType, Item, Result, Schedule, Shift, Template
from etc_console.patrol.values import AnswerError, AnswerInput
from etc_console.patrol.view import AnswerView, PatrolView, load_patrol, load_patrols

__all__ = [
    "AnswerError",
    "AnswerInput",
    "AnswerType",
    "AnswerView",
    "CalendarDay",
    "CalendarEntry",
    "ChecklistSet",
    "DayStatus",
    "Item",
    "PatrolError",
    "PatrolFinding",
    "PatrolIncompleteError",
    "PatrolLockedError",
    "PatrolNotFoundError",
    "PatrolNotSubmittedError",
    "PatrolService",
    "PatrolView",
    "Prefill",
    "ProbeEvidence",
    "Result",
    "Schedule",
    "Shift",
    "SubmitProblem",
    "Template",
    "build_prefills",
    "current_shift",
    "load_checklists",
    "load_patrol",
    "load_patrols",
    "patrol_calendar",
    "patrol_finding",
    "read_template_file",
    "refresh_checks",
    "site_checklist_dirs",
    "specs_for_template",
]
