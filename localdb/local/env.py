"""Alembic environment of the local SQLite cache.

The console passes an open connection in `config.attributes["connection"]`; from the
command line, `-x db=PATH` names the SQLite file.
"""

from alembic import context
from sqlalchemy import create_engine

from etc_console.store.registry import metadata

target_metadata = metadata


def run_with(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite alters tables by copying them
    )
    with context.begin_transaction():
        context.run_migrations()


connection = context.config.attributes.get("connection")
if connection is not None:
    run_with(connection)
else:
    db_path = context.get_x_argument(as_dictionary=True).get("db", "console.db")
    engine = create_engine(f"sqlite:///{db_path}")
    with engine.begin() as new_connection:
        run_with(new_connection)
