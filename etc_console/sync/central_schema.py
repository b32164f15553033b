"""Tables of the center's PostgreSQL, where every console's records meet.

The center stores records generically, keyed by (table name, record key), with their
content as JSONB: the mechanism does not need to know a console's tables. Every
accepted change gets the next value of `sync_change_seq`, which is what consoles pull
by. `sync_version` keeps each change as it arrived and what became of it, for
three-way merges and for recognising a repeated batch.
"""

from sqlalchemy import (BigInteger, Boolean, Column, DateTime, Index, Integer, LargeBinary, MetaData, Sequence,
                        Table, Text, func)
from sqlalchemy.dialects.postgresql import JSONB

metadata = MetaData()

change_seq = Sequence("sync_change_seq", metadata=metadata)

sync_meta = Table(
    "sync_meta", metadata,
    Column("key", Text, primary_key=True),
    Column("value", Text, nullable=False),
)

sync_record = Table(
    "sync_record", metadata,
    Column("table_name", Text, primary_key=True),
    Column("record_id", Text, primary_key=True),
    Column("revision", Integer, nullable=False),
    Column("device_id", Text, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("deleted", Boolean, nullable=False),
    Column("data", JSONB, nullable=False),
    Column("seq", BigInteger, nullable=False),
    Column("changed_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Index("ix_sync_record_seq", "seq", unique=True),
)

sync_version = Table(
    "sync_version", metadata,
    Column("id", BigInteger, primary_key=True, autoincrement=True),
    Column("table_name", Text, nullable=False),
    Column("record_id", Text, nullable=False),
    Column("revision", Integer),  # the center's revision it produced; NULL for a conflict
    Column("base_revision", Integer, nullable=False),
    Column("origin_device", Text, nullable=False),
    Column("origin_revision", Integer, nullable=False),
    Column("outcome", Text, nullable=False),
    Column("incoming", JSONB, nullable=False),
    Column("result", JSONB),  # the content it produced when that differs from `incoming`
    Column("received_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Index("ix_sync_version_record", "table_name", "record_id"),
    Index("ix_sync_version_origin", "origin_device", "table_name", "record_id", "origin_revision"),
)

sync_blob = Table(
    "sync_blob", metadata,
    Column("sha256", Text, primary_key=True),
    Column("size_bytes", BigInteger, nullable=False),
    Column("data", LargeBinary, nullable=False),
    Column("stored_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

sync_device = Table(
    "sync_device", metadata,
    Column("device_id", Text, primary_key=True),
    Column("name", Text, nullable=False),
    Column("first_seen_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("last_seen_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)
