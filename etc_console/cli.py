"""Command line: `etc-console [--data-dir DIR] [COMMAND]`; with no command it starts the GUI."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from etc_console import __version__
from etc_console.logsetup import configure_logging
from etc_console.paths import data_dir as resolve_data_dir

if TYPE_CHECKING:
    from etc_console.config import ConfigError

log = logging.getLogger(__name__)

EXIT_OK, EXIT_PROBLEMS, EXIT_CONFIG = 0, 1, 2
SITE_FILE = "site.toml"


COMMANDS = {
    "gui": "start the console window (the default)",
    "check": "run one probe round and print every subsystem's state",
    "catalog": "print the service catalog",
    "lab": "serve the training lab on loopback and take faults",
    "incidents": "list incidents with their state, SLA clocks and fines",
    "export": "write a report workbook (.xlsx)",
    "sync": "run one sync round with the province center's PostgreSQL (push, pull, conflicts)",
    "demo-data": "fill the data dir with days of realistic training-lab records (patrols, incidents)",
}


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """Return the parser; with `only`, just that command gets its options.

    The options of the lab, incident and patrol commands come from their packages, and
    importing those takes most of a second; the GUI's start does not need them.
    """
    parser = argparse.ArgumentParser(prog="etc-console", description="ETC 驻场运维控制台 (ETC resident engineers' console)")
    parser.add_argument("--version", action="version", version=f"etc-console {__version__}")
    parser.add_argument("--data-dir", metavar="DIR", help="folder of the local store, logs and lab files (default: the user data dir)")
    parser.add_argument("-v", "--verbose", action="store_true", help="print debug logs on standard error")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, help_text in COMMANDS.items():
        command = commands.add_parser(name, help=help_text)
        if only is None or only == name:
            _ADD_ARGUMENTS[name](command)
    return parser


def _gui_arguments(gui: argparse.ArgumentParser) -> None:
    _add_site_options(gui)
    gui.add_argument("--lang", choices=["zh_CN", "en"], help="UI language (default: the saved choice, else zh_CN)")


def _check_arguments(check: argparse.ArgumentParser) -> None:
    _add_site_options(check)
    check.add_argument("--fault", action="append", default=[], metavar="ID=KIND", help="inject a lab fault before the round (repeatable; needs --lab)")
    check.add_argument("--json", action="store_true", help="print a JSON document instead of a table")


def _catalog_arguments(catalog: argparse.ArgumentParser) -> None:
    catalog.add_argument("--site", metavar="FILE", help="site file whose catalog file is merged over the shipped catalog")
    catalog.add_argument("--json", action="store_true", help="print a JSON document")


def _lab_arguments(lab: argparse.ArgumentParser) -> None:
    from etc_console.lab import cli as lab_cli

    lab_cli.add_arguments(lab)


def _incidents_arguments(incidents: argparse.ArgumentParser) -> None:
    from etc_console.incidents import cli as incidents_cli

    incidents_cli.add_list_arguments(incidents)


def _export_arguments(export: argparse.ArgumentParser) -> None:
    from etc_console.incidents import cli as incidents_cli
    from etc_console.patrol import cli as patrol_cli

    export_commands = export.add_subparsers(dest="export_kind", metavar="KIND", required=True)
    incidents_cli.add_export_arguments(export_commands)
    patrol_cli.add_export_arguments(export_commands)


def _demo_arguments(demo: argparse.ArgumentParser) -> None:
    from etc_console.patrol import cli as patrol_cli

    patrol_cli.add_demo_arguments(demo)


def _sync_arguments(sync: argparse.ArgumentParser) -> None:
    from etc_console.sync import cli as sync_cli

    sync_cli.add_arguments(sync)


_ADD_ARGUMENTS = {
    "gui": _gui_arguments,
    "check": _check_arguments,
    "catalog": _catalog_arguments,
    "lab": _lab_arguments,
    "incidents": _incidents_arguments,
    "export": _export_arguments,
    "sync": _sync_arguments,
    "demo-data": _demo_arguments,
}


def command_of(argv: list[str]) -> str | None:
    """Return the command named in `argv` (the first word that is not an option), if any."""
    skip_value = False
    for token in argv:
        if skip_value:
            skip_value = False
        elif token == "--data-dir":
            skip_value = True
        elif not token.startswith("-"):
            return token if token in COMMANDS else None
    return None


def _add_site_options(parser: argparse.ArgumentParser) -> None:
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--site", metavar="FILE", help="site file (default: site.toml in the data dir, else the training lab)")
    source.add_argument("--lab", action="store_true", help="use the built-in training lab, started in this process")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    only = command_of(argv) or ("gui" if not any(a in ("-h", "--help") for a in argv) else None)
    args = build_parser(only).parse_args(argv)
    data_dir = resolve_data_dir(args.data_dir)
    configure_logging(data_dir, args.verbose)
    log.info("etc-console %s starting: command=%s data_dir=%s", __version__, args.command or "gui", data_dir)

    command = args.command or "gui"
    if command == "gui":
        return _run_gui(args, data_dir)
    if command == "check":
        return _run_check(args, data_dir)
    if command == "catalog":
        return _run_catalog(args)
    if command == "lab":
        from etc_console.lab import cli as lab_cli

        return lab_cli.run(args, data_dir)
    if command in ("incidents", "export"):
        return _run_store_command(args, data_dir)
    if command == "sync":
        from etc_console.sync import cli as sync_cli

        return sync_cli.run(args, data_dir, SITE_FILE)
    if command == "demo-data":
        from etc_console.patrol import cli as patrol_cli

        return patrol_cli.run_demo(args, data_dir)
    raise AssertionError(command)


def _data_dir_catalog(data_dir: Path):
    """Return the catalog with the catalog file of the data dir's site.toml merged, if there is one."""
    from etc_console.config import load_site

    site_path = data_dir / SITE_FILE
    return _site_catalog(load_site(site_path) if site_path.exists() else None)


def _run_store_command(args, data_dir: Path) -> int:
    from etc_console.config import ConfigError
    from etc_console.incidents import cli as incidents_cli

    try:
        catalog = _data_dir_catalog(data_dir)
    except ConfigError as error:
        _print_config_error(error)
        return EXIT_CONFIG
    if args.command == "incidents":
        return incidents_cli.run_list(args, data_dir, catalog)
    if args.export_kind == "incident":
        return incidents_cli.run_export(args, data_dir, catalog)
    if args.export_kind == "patrol":
        from etc_console.patrol import cli as patrol_cli

        return patrol_cli.run_export(args, data_dir, catalog)
    raise AssertionError(args.export_kind)


def _run_gui(args, data_dir: Path) -> int:
    from etc_console.gui.app import run_gui

    site = getattr(args, "site", None)
    if site is None and not getattr(args, "lab", False) and (data_dir / SITE_FILE).exists():
        site = str(data_dir / SITE_FILE)
    return run_gui(data_dir=data_dir, site_path=site, lang=getattr(args, "lang", None))


def _print_config_error(error: ConfigError) -> None:
    from etc_console.config.errors import print_config_error

    print_config_error(error)


def _site_catalog(site):
    from etc_console.catalog import load_catalog

    if site is None or site.catalog is None:
        return load_catalog()
    path = site.catalog if site.catalog.is_absolute() else site.source.parent / site.catalog
    return load_catalog(path)


def _run_catalog(args) -> int:
    from etc_console.config import ConfigError, load_site

    try:
        site = load_site(args.site) if args.site else None
        catalog = _site_catalog(site)
    except ConfigError as error:
        _print_config_error(error)
        return EXIT_CONFIG
    if args.json:
        print(json.dumps(catalog.to_json(), ensure_ascii=False, indent=2))
        return EXIT_OK
    for category, subsystems in catalog.by_category():
        print(f"{category.name}  [{category.id}]")
        for subsystem in subsystems:
            sla = catalog.sla_class(subsystem.sla_class)
            print(f"  {subsystem.id:<20} {subsystem.name}  响应 {sla.respond_minutes} 分钟 / 处理 {sla.handle_minutes} 分钟")
    return EXIT_OK


def _run_check(args, data_dir: Path) -> int:
    from etc_console.config import ConfigError, load_site

    from etc_console.checkrun import run_check

    if args.fault and not args.lab:
        print("--fault 只能与 --lab 一起使用 (--fault needs --lab)", file=sys.stderr)
        return EXIT_CONFIG
    if args.lab:
        return _check_lab(args, data_dir)

    site_path = args.site or (data_dir / SITE_FILE if (data_dir / SITE_FILE).exists() else None)
    if site_path is None:
        print(f"没有站点配置：请用 --site FILE 指定，或用 --lab 检查培训实验室 (no site file in {data_dir}; pass --site FILE or --lab)", file=sys.stderr)
        return EXIT_CONFIG
    try:
        site = load_site(site_path)
        catalog = _site_catalog(site)
        report = run_check(site, catalog, data_dir)
    except ConfigError as error:
        _print_config_error(error)
        return EXIT_CONFIG
    return _print_report(report, args.json)


def _check_lab(args, data_dir: Path) -> int:
    from etc_console.catalog import load_catalog

    from etc_console.checkrun import run_check
    from etc_console.lab import Lab, parse_fault

    try:
        faults = [parse_fault(text) for text in args.fault]
    except ValueError as error:
        print(f"故障参数无效 (invalid --fault): {error}", file=sys.stderr)
        return EXIT_CONFIG
    catalog = load_catalog()
    with Lab(catalog, data_dir, control=False) as lab:
        for target, fault in faults:
            lab.set_fault(target, fault)
        report = run_check(lab.site_config(), catalog, data_dir)
    return _print_report(report, args.json)


def _print_report(report, as_json: bool) -> int:
    if as_json:
        print(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
        return report.exit_code
    words = {"ok": "正常", "warning": "告警", "down": "故障", "unknown": "未知", "maintenance": "维护"}
    for entry in report.to_json()["subsystems"]:
        print(f"{words[entry['state']]:<4} {entry['id']:<18} {entry['name']}  {entry['detail']}")
    return report.exit_code
