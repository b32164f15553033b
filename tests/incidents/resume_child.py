"""Child process of the resume test: start a run, answer two steps, then wait to be killed.

Usage: python resume_child.py DATA_DIR. It prints "READY <incident id> <run id>" once
both answers are committed, then blocks on standard input.
"""

import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from etc_console.catalog import load_catalog
from etc_console.incidents import service
from etc_console.incidents.model import IncidentDraft, Source
from etc_console.runbooks import runner
from etc_console.runbooks.checks import CheckOutput
from etc_console.runbooks.loader import load_runbooks
from etc_console.store.db import open_database
from etc_console.store.writer import DbWriter

NOW = datetime(2026, 12, 1, 7, 30, tzinfo=UTC)


def main(data_dir: Path) -> None:
    catalog, runbooks = load_catalog(), load_runbooks()
    runbook = runbooks.get("issuance-outage")
    database = open_database(data_dir)
    writer = DbWriter(database.sessions)
    draft = IncidentDraft("发行接口不可用", ("iss-outlet-api",), Source.PROBE_ALARM, NOW - timedelta(minutes=20), NOW - timedelta(minutes=10))
    incident = writer.submit(lambda s: service.create_incident(s, draft, author="张工", now=NOW, catalog=catalog)).result()
    run = writer.submit(lambda s: runner.start_run(s, incident.id, runbook, author="张工", now=NOW)).result()
    writer.submit(lambda s: runner.answer_step(s, run.id, runbook, "notify", "done", author="张工", now=NOW + timedelta(minutes=1))).result()
    output = CheckOutput("HTTP 503 Service Unavailable", False)
    writer.submit(lambda s: runner.record_check(s, run.id, runbook, "scope", output, author="张工", now=NOW + timedelta(minutes=2))).result()
    writer.submit(lambda s: runner.answer_step(s, run.id, runbook, "scope", "all", author="张工", now=NOW + timedelta(minutes=3), note="三个地市均失败")).result()
    print(f"READY {incident.id} {run.id}", flush=True)
    sys.stdin.readline()  # the parent kills this process while it waits here


if __name__ == "__main__":
    main(Path(sys.argv[1]))
