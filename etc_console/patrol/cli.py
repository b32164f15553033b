"""The `export patrol` and `demo-data` commands."""

import argparse
import datetime as dt
import logging
import sys
from pathlib import Path

from etc_console.catalog import Catalog
from etc_console.config import ConfigError, load_site
from etc_console.patrol.loader import load_checklists, site_checklist_dirs
from etc_console.store.db import open_database

log = logging.getLogger(__name__)

EXIT_OK, EXIT_CONFIG = 0, 2
MAX_EXPORT_DAYS = 366
SITE_FILE = "site.toml"


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid date {text!r}; expected YYYY-MM-DD") from None


def add_export_arguments(export_commands) -> None:
    patrol = export_commands.add_parser("patrol", help="write the printable patrol sheet (巡检记录表) of a day or a range of days")
    patrol.add_argument("--date", type=_date, required=True, metavar="YYYY-MM-DD", help="first (or only) patrol date, in the site's local time")
    patrol.add_argument("--to", type=_date, metavar="YYYY-MM-DD", help="last patrol date of a range; the workbook gets a summary sheet and one sheet per day")
    patrol.add_argument("--out", type=Path, required=True, metavar="FILE.xlsx", help="workbook to write (replaced if it exists)")


def add_demo_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--days", type=int, default=30, metavar="N", help="days of records to write, ending today (1 to 366, default 30)")
    parser.add_argument("--seed", type=int, metavar="N", help="random seed, for the same records on every run")


def _site(data_dir: Path):
    site_path = data_dir / SITE_FILE
    if not site_path.exists():
        return None
    try:
        return load_site(site_path)
    except ConfigError as error:
        log.warning("site file ignored for the patrol sheet: %s", error)
        return None


def _expected_templates(data_dir: Path, site, catalog: Catalog) -> list:
    checklists = load_checklists(site_checklist_dirs(data_dir, site), {subsystem.id for subsystem in catalog.subsystems})
    for issue in checklists.issues:
        print(f"checklist template skipped: {issue}", file=sys.stderr)
    return list(checklists.templates.values())


def run_export(args, data_dir: Path, catalog: Catalog) -> int:
    """Write the patrol workbook; return the exit code.

    Expected patrols of the loaded templates that were not submitted are listed too.
    """
    from etc_console.reports.patrol_sheet import export_patrol_sheet

    start, end = args.date, args.to or args.date
    if end < start:
        print(f"--to {end} is before --date {start}", file=sys.stderr)
        return EXIT_CONFIG
    if (end - start).days + 1 > MAX_EXPORT_DAYS:
        print(f"the range {start} to {end} is longer than {MAX_EXPORT_DAYS} days; export it in parts", file=sys.stderr)
        return EXIT_CONFIG
    if args.out.suffix.lower() != ".xlsx":
        print(f"--out {args.out} must end in .xlsx", file=sys.stderr)
        return EXIT_CONFIG

    names = {subsystem.id: subsystem.name for subsystem in catalog.subsystems}
    db = open_database(data_dir)
    try:
        with db.sessions() as session:
            site = _site(data_dir)
            site_name = site.site.name if site is not None else ""
            export_patrol_sheet(session, start, end, args.out, names, site_name, expected=_expected_templates(data_dir, site, catalog))
    finally:
        db.close()
    print(f"巡检记录表已导出 (patrol sheet written): {args.out}")
    return EXIT_OK


def run_demo(args, data_dir: Path) -> int:
    """Fill the data dir with demo records; return the exit code."""
    from etc_console.demo import MAX_DAYS, fill_demo_data

    if not 1 <= args.days <= MAX_DAYS:
        print(f"--days must be from 1 to {MAX_DAYS}, got {args.days}", file=sys.stderr)
        return EXIT_CONFIG
    summary = fill_demo_data(data_dir, args.days, seed=args.seed)
    incidents = "incidents skipped (module not installed)" if summary.incidents is None else f"{summary.incidents} incidents"
    print(f"演示数据已写入 (demo data written) to {data_dir}: {summary.patrols} patrols ({summary.submitted} submitted), {incidents}")
    return EXIT_OK
