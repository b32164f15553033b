"""Alembic environment of the center's PostgreSQL schema.

`etc-console sync --upgrade-central` passes an open connection in
`config.attributes["connection"]`; from the command line, `-x url=URL` names the
database (a SQLAlchemy URL such as postgresql+psycopg://etc_sync:PASSWORD@host/etc_center).
"""

from alembic import context
from sqlalchemy import create_engine

from etc_console.sync.central_schema import metadata

target_metadata = metadata


def run_with(connection) -> None:
    context.configure(connection=connection, target_metadata=target_metadata)
    with context.begin_transaction():
        context.run_migrations()


connection = context.config.attributes.get("connection")
if connection is not None:
    run_with(connection)
else:
    url = context.get_x_argument(as_dictionary=True).get("url")
    if not url:
        raise SystemExit("pass the center's database with -x url=postgresql+psycopg://USER:PASSWORD@HOST/DB")
    engine = create_engine(url)
    with engine.begin() as new_connection:
        run_with(new_connection)
