"""GUI pages of incidents: the list with live SLA countdowns, the runbook runner and the fines overview."""

from etc_console.gui.incidents.page import IncidentsPage

__all__ = ["IncidentsPage"]
