"""The alarm experience of the window: panel, notifications, acknowledgement, incident drafts."""

from etc_console.gui.alarms.center import AlarmCenter

__all__ = ["AlarmCenter"]
