"""The `demo-data` command: fill a data dir with days of realistic lab records.

Patrols come from etc_console.patrol.demo. Incidents come from
etc_console.incidents.demo when that module is installed; without it the command
writes patrols only and logs that it skipped incidents.
"""

import logging
import random
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from etc_console.catalog import load_catalog
from etc_console.patrol.demo import add_demo_patrol, demo_plans
from etc_console.patrol.loader import load_checklists, site_checklist_dirs
from etc_console.store.db import open_database
from etc_console.timeutil import utc_now

log = logging.getLogger(__name__)

MAX_DAYS = 366


@dataclass(frozen=True)
class DemoSummary:
    patrols: int
    submitted: int
    incidents: int | None  # None when the incidents module is not installed


def fill_demo_data(data_dir: Path, days: int, now: datetime | None = None, seed: int | None = None) -> DemoSummary:
    """Write `days` days of demo patrols (and incidents) ending at `now` into the data dir.

    Each patrol is one transaction. Run it on a data dir that no console has open,
    because it writes without the console's database writer.
    """
    if not 1 <= days <= MAX_DAYS:
        raise ValueError(f"days must be from 1 to {MAX_DAYS}, got {days}")
    now = now or utc_now()
    rng = random.Random(seed)
    data_dir.mkdir(parents=True, exist_ok=True)
    catalog = load_catalog()
    checklists = load_checklists(site_checklist_dirs(data_dir), {s.id for s in catalog.subsystems})
    for issue in checklists.issues:
        log.warning("checklist template skipped for the demo: %s", issue)

    db = open_database(data_dir)
    try:
        plans = demo_plans(checklists, days, now, rng)
        for plan in plans:
            with db.sessions.begin() as session:
                add_demo_patrol(session, plan, data_dir, rng, now)
        incidents = _add_incidents(db, catalog, days, now, rng)
    finally:
        db.close()

    submitted = sum(1 for plan in plans if plan.submitted_at is not None)
    log.info("demo data: %d patrols (%d submitted) over %d days in %s", len(plans), submitted, days, data_dir)
    return DemoSummary(len(plans), submitted, incidents)


def _add_incidents(db, catalog, days: int, now: datetime, rng: random.Random) -> int | None:
    try:
        from etc_console.incidents.demo import add_demo_incidents
        from etc_console.runbooks.loader import load_runbooks
    except ImportError as error:
        log.info("demo incidents skipped: the incidents module is not available (%s)", error)
        return None
    runbooks = load_runbooks()
    with db.sessions.begin() as session:
        return add_demo_incidents(session, catalog, runbooks, days, now, rng)
