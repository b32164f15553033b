"""The areas of the left navigation, in order, with their translated titles."""

from PySide6.QtCore import QCoreApplication

OVERVIEW = "overview"
INSPECTION = "inspection"
EMERGENCY = "emergency"
EVENTS = "events"
REPORTS = "reports"
SYNC = "sync"
TRAINER = "trainer"
SETTINGS = "settings"

# Areas in navigation order. TRAINER appears only while the lab runs in this process.
AREAS = (OVERVIEW, INSPECTION, EMERGENCY, EVENTS, REPORTS, SYNC, TRAINER, SETTINGS)
NOT_BUILT_YET = (EVENTS, REPORTS)


def area_title(area: str) -> str:
    """Return the translated title of a navigation area."""
    titles = {
        OVERVIEW: QCoreApplication.translate("Navigation", "Status overview"),
        INSPECTION: QCoreApplication.translate("Navigation", "Daily inspection"),
        EMERGENCY: QCoreApplication.translate("Navigation", "Emergency response"),
        EVENTS: QCoreApplication.translate("Navigation", "Event log"),
        REPORTS: QCoreApplication.translate("Navigation", "Reports"),
        SYNC: QCoreApplication.translate("Navigation", "Sync"),
        TRAINER: QCoreApplication.translate("Navigation", "Training lab"),
        SETTINGS: QCoreApplication.translate("Navigation", "Settings"),
    }
    return titles[area]
