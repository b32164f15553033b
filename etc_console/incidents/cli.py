"""The `incidents` and `export incident` commands."""

import argparse
import json
import logging
import sys
from pathlib import Path

from etc_console.catalog import Catalog
from etc_console.config import ConfigError, print_config_error
from etc_console.incidents.clocks import CLOCK_LABELS, CLOCK_STATE_LABELS
from etc_console.incidents.contract import load_contract
from etc_console.incidents.listing import incidents_document
from etc_console.incidents.report_data import gather_report
from etc_console.incidents.service import find_incident
from etc_console.runbooks.loader import SITE_FOLDER, load_runbooks
from etc_console.store.db import open_database
from etc_console.timeutil import format_display, utc_now

log = logging.getLogger(__name__)

EXIT_OK, EXIT_PROBLEMS, EXIT_CONFIG = 0, 1, 2


def add_list_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print a JSON document (see docs/incidents.md)")
    parser.add_argument("--open", action="store_true", help="list only incidents that are not closed")


def add_export_arguments(export_commands) -> None:
    """Add `incident` to the sub-commands of `export`."""
    incident = export_commands.add_parser("incident", help="write the handling and analysis report (处理分析报告) of one incident")
    incident.add_argument("incident", metavar="ID", help="incident number (20261201-3FA2C1), full id, or at least 6 leading hex digits of the id")
    incident.add_argument("--out", metavar="FILE", required=True, type=Path, help="the .xlsx file to write")


def run_list(args, data_dir: Path, catalog: Catalog) -> int:
    try:
        contract = load_contract(data_dir)
    except ConfigError as error:
        print_config_error(error)
        return EXIT_CONFIG
    database = open_database(data_dir)
    try:
        with database.sessions() as session:
            document = incidents_document(session, catalog, contract, utc_now(), open_only=args.open)
    finally:
        database.close()
    if args.json:
        print(json.dumps(document, ensure_ascii=False, indent=2))
    else:
        _print_table(document)
    return EXIT_OK


def _print_table(document: dict) -> None:
    if not document["incidents"]:
        print("没有故障事件 (no incidents)")
    for entry in document["incidents"]:
        clocks = "  ".join(
            f"{CLOCK_LABELS[clock['kind']]}:{CLOCK_STATE_LABELS[clock['state']]}" for clock in entry["clocks"]
        )
        print(f"{entry['number']}  {entry['state_label']:<4} {entry['title']}  {clocks}")
    fines = document["fines"]
    print(f"合同期内已发生扣罚 {fines['charged_yuan']} 元，在途风险 {fines['at_risk_yuan']} 元")


def run_export(args, data_dir: Path, catalog: Catalog) -> int:
    from etc_console.reports.incident_report import write_incident_report

    try:
        contract = load_contract(data_dir)
        runbooks = load_runbooks(site_dir=data_dir / SITE_FOLDER)
    except ConfigError as error:
        print_config_error(error)
        return EXIT_CONFIG
    database = open_database(data_dir)
    try:
        with database.sessions() as session:
            incident = find_incident(session, args.incident)
            report = gather_report(session, incident.id, catalog=catalog, contract=contract, runbooks=runbooks, now=utc_now())
    except LookupError as error:
        print(f"找不到故障事件 (incident not found): {error}", file=sys.stderr)
        return EXIT_PROBLEMS
    finally:
        database.close()
    try:
        write_incident_report(report, args.out)
    except OSError as error:
        print(f"报告写入失败 (cannot write {args.out}): {error}", file=sys.stderr)
        return EXIT_PROBLEMS
    print(f"已导出 {report.incident.number} 的处理分析报告：{args.out}（{format_display(report.generated_at)}）")
    return EXIT_OK
