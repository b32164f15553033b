"""Tables of the local cache. The schema changes only through migrations in localdb/."""

from datetime import datetime

from sqlalchemy import Float, Index, Integer, MetaData, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from etc_console.store.types import UTCDateTime

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class ProbeResultRow(Base):
    """One attempt of one probe, kept raw for the recent window."""

    __tablename__ = "probe_result"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    probe_id: Mapped[str] = mapped_column(String(200))
    subsystem_id: Mapped[str] = mapped_column(String(64))
    member: Mapped[str | None] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(16))
    outcome_state: Mapped[str] = mapped_column(String(16))
    state: Mapped[str] = mapped_column(String(16))
    latency_ms: Mapped[float | None] = mapped_column(Float)
    error_class: Mapped[str | None] = mapped_column(String(32))
    detail: Mapped[str] = mapped_column(Text, default="")
    checked_at: Mapped[datetime] = mapped_column(UTCDateTime())

    __table_args__ = (
        Index("ix_probe_result_subsystem_checked", "subsystem_id", "checked_at"),
        Index("ix_probe_result_probe_checked", "probe_id", "checked_at"),
    )


class StateChangeRow(Base):
    """A change of state of a probe (probe_id set) or of a whole subsystem (probe_id NULL)."""

    __tablename__ = "state_change"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    subsystem_id: Mapped[str] = mapped_column(String(64))
    probe_id: Mapped[str | None] = mapped_column(String(200))
    old_state: Mapped[str | None] = mapped_column(String(16))
    new_state: Mapped[str] = mapped_column(String(16))
    detail: Mapped[str] = mapped_column(Text, default="")
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime())

    __table_args__ = (Index("ix_state_change_subsystem_changed", "subsystem_id", "changed_at"),)


class SettingRow(Base):
    """A user preference such as the UI language, stored as text."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class _RollupColumns:
    """Per-subsystem totals of the results whose check time falls in one bucket.

    `bucket` is the bucket's start in whole seconds since the Unix epoch (UTC): an
    integer key keeps a year of buckets small. `failures` counts attempts whose own
    outcome was DOWN, confirmed or not. Latency fields cover attempts that measured one.
    """

    subsystem_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    bucket: Mapped[int] = mapped_column(Integer, primary_key=True)
    checks: Mapped[int] = mapped_column(Integer, default=0)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    latency_count: Mapped[int] = mapped_column(Integer, default=0)
    latency_sum: Mapped[float] = mapped_column(Float, default=0.0)
    latency_min: Mapped[float | None] = mapped_column(Float)
    latency_max: Mapped[float | None] = mapped_column(Float)


class Rollup5mRow(_RollupColumns, Base):
    """Five-minute buckets, kept for the plots of the last weeks."""

    __tablename__ = "rollup_5m"
    __table_args__ = {"sqlite_with_rowid": False}


class Rollup1hRow(_RollupColumns, Base):
    """Hourly buckets, kept for the long-term plots and reports."""

    __tablename__ = "rollup_1h"
    __table_args__ = {"sqlite_with_rowid": False}


class AlarmRow(Base):
    """An alarm raised when a subsystem turned DOWN, with its acknowledgement and clearing."""

    __tablename__ = "alarm"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    subsystem_id: Mapped[str] = mapped_column(String(64))
    onset_at: Mapped[datetime] = mapped_column(UTCDateTime())
    raised_at: Mapped[datetime] = mapped_column(UTCDateTime())
    detail: Mapped[str] = mapped_column(Text, default="")
    flapping: Mapped[bool] = mapped_column(default=False)
    acknowledged_by: Mapped[str | None] = mapped_column(String(100))
    ack_reason: Mapped[str | None] = mapped_column(Text)
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    cleared_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    __table_args__ = (Index("ix_alarm_subsystem_raised", "subsystem_id", "raised_at"),)


class MaintenanceWindowRow(Base):
    """A maintenance window an engineer entered in the console."""

    __tablename__ = "maintenance_window"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    subsystem_id: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(Text)
    start_at: Mapped[datetime] = mapped_column(UTCDateTime())
    end_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
