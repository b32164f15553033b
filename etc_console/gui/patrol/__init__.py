"""GUI of the daily patrol: the page that opens a patrol, and the form that fills it."""

from etc_console.gui.patrol.form import PatrolForm
from etc_console.gui.patrol.page import PatrolPage

__all__ = ["PatrolForm", "PatrolPage"]
