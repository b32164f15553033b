"""Small builders shared by the incident tests."""

from datetime import datetime, timedelta

from etc_console.incidents import service
from etc_console.incidents.model import Incident, IncidentDraft, Severity, Source


def draft(onset: datetime, detected: datetime | None = None, subsystems=("iss-outlet-api",), **values) -> IncidentDraft:
    fields = {
        "title": "网点发行接口不可用",
        "subsystems": tuple(subsystems),
        "source": Source.PHONE,
        "onset_at": onset,
        "detected_at": detected or onset + timedelta(minutes=5),
        "severity": Severity.GENERAL,
        "business_affected": True,
    }
    fields.update(values)
    return IncidentDraft(**fields)


def create(session, catalog, now: datetime, **values) -> Incident:
    """Create an incident with onset 30 minutes before `now` unless `onset` is given."""
    onset = values.pop("onset", now - timedelta(minutes=30))
    detected = values.pop("detected", None)
    return service.create_incident(session, draft(onset, detected, **values), author="张工", now=now, catalog=catalog)


def incident(onset: datetime, detected: datetime, subsystems=("iss-outlet-api",), **times) -> Incident:
    """Return an unsaved Incident value for clock arithmetic."""
    import uuid

    return Incident(
        id=uuid.uuid4(), title="测试", subsystems=tuple(subsystems), source=Source.PHONE, severity=Severity.GENERAL,
        business_affected=times.pop("business_affected", True), onset_at=onset, detected_at=detected, **times,
    )
