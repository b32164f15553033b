"""Local store: SQLite in WAL mode, typed SQLAlchemy models, Alembic migrations."""
