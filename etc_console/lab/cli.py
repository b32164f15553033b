"""The command `etc-console lab`: serve the training lab in the foreground, or change its faults.

    etc-console lab [--fault ID=KIND ...] [--write-site FILE]
    etc-console lab --set ID=KIND | --clear ID

Exit codes: 0 success, 1 the lab could not start or be reached, 2 invalid arguments.
"""

import argparse
import logging
import signal
import sys
import threading
import time
from pathlib import Path
from typing import NoReturn

from etc_console.catalog import load_catalog
from etc_console.lab.control import LabNotRunningError, fetch_faults, read_state, send_fault, state_path
from etc_console.lab.faults import aggregate_id, fault_syntax, parse_fault, parse_fault_kind, split_fault
from etc_console.lab.lab import Lab

log = logging.getLogger(__name__)

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


class _StopRequested(Exception):
    """Raised in the main thread when SIGINT or SIGTERM arrives."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the options of `etc-console lab` to its subcommand parser."""
    parser.add_argument(
        "--fault", action="append", default=[], metavar="ID=KIND",
        help=f"fault to set when the lab starts, for example iss-auth=slow:300 (repeatable); KIND is one of: {fault_syntax()}",
    )
    parser.add_argument("--write-site", metavar="FILE", help="write a site file for the started lab, for `etc-console check --site FILE`")
    change = parser.add_mutually_exclusive_group()
    change.add_argument("--set", metavar="ID=KIND", help="set a fault on the lab already running for this data dir, then exit")
    change.add_argument("--clear", metavar="ID", help="clear the fault of ID on the lab already running for this data dir, then exit")


def run(args: argparse.Namespace, data_dir: Path) -> int:
    """Run `etc-console lab` with parsed arguments; return the exit code."""
    data_dir = Path(data_dir)
    if args.set is not None or args.clear is not None:
        if args.fault or args.write_site:
            _error("--set 和 --clear 不能与 --fault 或 --write-site 同时使用 (--set/--clear cannot be combined with --fault or --write-site)")
            return EXIT_USAGE
        return _change_running_lab(args, data_dir)
    return _serve(args, data_dir)


def _error(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# ---------------------------------------------------------------- --set / --clear

def _change_running_lab(args: argparse.Namespace, data_dir: Path) -> int:
    try:
        if args.set is not None:
            target, kind = split_fault(args.set)
            fault = str(parse_fault_kind(kind) or "clear")
        else:
            target, fault = args.clear.strip(), "clear"
    except ValueError as error:
        _error(f"故障参数无效 (invalid fault): {error}")
        return EXIT_USAGE

    # The running lab checks the target against its own catalog.
    try:
        faults = send_fault(data_dir, target, None if fault == "clear" else fault)
    except (LabNotRunningError, PermissionError, ValueError) as error:
        log.info("setting lab fault %s=%s failed: %s", target, fault, error)  # the user sees the message below
        if isinstance(error, ValueError):
            _error(f"故障参数无效 (invalid fault): {error}")
            return EXIT_USAGE
        if isinstance(error, PermissionError):
            _error(f"培训实验室拒绝了请求 (request rejected): {error}")
        else:
            _error(f"没有正在运行的培训实验室 (no running lab): {error}")
        return EXIT_FAILED

    print(f"已{'清除' if fault == 'clear' else '设置'} {target} 的故障 ({target}: {fault})")
    _print_faults(faults)
    return EXIT_OK


def _print_faults(faults: dict[str, str]) -> None:
    if not faults:
        print("当前没有故障 (no active faults)")
        return
    print("当前故障 (active faults):")
    for target, fault in faults.items():
        print(f"  {target}={fault}")


# ---------------------------------------------------------------- foreground lab

def _serve(args: argparse.Namespace, data_dir: Path) -> int:
    catalog = load_catalog()
    try:
        faults = [parse_fault(text, catalog) for text in args.fault]
    except ValueError as error:
        _error(f"故障参数无效 (invalid --fault): {error}")
        return EXIT_USAGE

    running_pid = _running_lab_pid(data_dir)
    if running_pid is not None:
        _error(f"此数据目录已有培训实验室在运行 (a lab is already running for {data_dir}, pid {running_pid}); "
               "use --set/--clear to change its faults")
        return EXIT_FAILED

    lab = Lab(catalog, data_dir)
    for target, fault in faults:
        lab.set_fault(target, fault)  # kept until start() applies it

    previous_handlers = {}
    try:
        previous_handlers = _install_stop_handlers()
        return _run_lab(lab, args.write_site)
    except (KeyboardInterrupt, _StopRequested):
        print("正在停止培训实验室… (stopping the lab)", flush=True)
        return EXIT_OK
    finally:
        _ignore_stop_signals()
        lab.stop()
        _restore_handlers(previous_handlers)


def _run_lab(lab: Lab, site_file: str | None) -> int:
    """Start the lab, write its site file if requested, then serve until a signal arrives."""
    try:
        lab.start()
    except OSError as error:
        log.error("the lab failed to start: %s", error)
        _error(f"培训实验室启动失败 (the lab failed to start): {error}")
        return EXIT_FAILED

    if site_file:
        try:
            lab.write_site(site_file)
        except OSError as error:
            log.error("writing the lab site file %s failed: %s", site_file, error)
            _error(f"站点文件写入失败 (cannot write the site file {site_file}): {error}")
            return EXIT_FAILED

    _print_lab(lab, site_file)
    _idle_until_signal()


def _running_lab_pid(data_dir: Path) -> int | None:
    """Return the pid of a lab that responds on the control port recorded for `data_dir`."""
    if not state_path(data_dir).exists():
        return None
    try:
        state = read_state(data_dir)
        fetch_faults(data_dir, timeout=2.0)
    except LabNotRunningError:
        return None  # a stale state file of a lab that ended without removing it
    except PermissionError:
        pass  # a lab responded, even though it did not accept this token
    return state.get("pid", 0)


def _idle_until_signal() -> NoReturn:
    """Wait until SIGINT or SIGTERM raises in the main thread.

    time.sleep() is used because a signal interrupts it on every platform, which is not
    true of Event.wait() on Windows.
    """
    while True:
        time.sleep(3600)


def _raise_stop(signum, frame) -> None:
    _ignore_stop_signals()
    raise _StopRequested(signal.Signals(signum).name)


def _stop_signals() -> list[signal.Signals]:
    return [signal.SIGINT] + ([signal.SIGTERM] if hasattr(signal, "SIGTERM") else [])


def _install_stop_handlers() -> dict:
    """Make SIGINT and SIGTERM raise in the main thread; return the handlers they replace."""
    if threading.current_thread() is not threading.main_thread():
        return {}
    previous = {}
    for signum in _stop_signals():
        previous[signum] = signal.signal(signum, _raise_stop)
    return previous


def _ignore_stop_signals() -> None:
    """Ignore further SIGINT and SIGTERM so a second Ctrl-C cannot interrupt the shutdown."""
    if threading.current_thread() is threading.main_thread():
        for signum in _stop_signals():
            signal.signal(signum, signal.SIG_IGN)


def _restore_handlers(previous: dict) -> None:
    for signum, handler in previous.items():
        signal.signal(signum, handler)


def _print_lab(lab: Lab, site_file: str | None) -> None:
    print(f"培训实验室已启动 (training lab running on {lab.host})")
    ports = lab.ports
    for subsystem in lab.catalog.monitored():
        if subsystem.id not in ports:
            continue
        listed = "  ".join(f"{name} {port}" for name, port in ports[subsystem.id].items())
        print(f"  {subsystem.id:<18} {listed:<28} {subsystem.name}")

    heartbeat_port = ports[aggregate_id(lab.catalog)]["http"]
    print(f"服务网点心跳 (heartbeat URL): http://{lab.host}:{heartbeat_port}/sp/{{code}}/heartbeat")
    deep = lab.deep_targets
    print(f"应用服务器 SSH/SFTP (SSH port): {lab.ssh_port}，登录名 (logins): {', '.join(deep.logins)}，"
          f"私钥 (client key): {deep.keys.client_key_file}")
    print(f"业务数据库 (business database): {deep.database.path}，文件目录 (drop folder): {deep.drops.root}")
    print(f"根证书 (root CA): {lab.ca_file}")
    print(f"控制端口 (control port): {lab.control_port}，状态文件 (state file): {state_path(lab.data_dir)}")
    if site_file:
        print(f"站点文件 (site file): {site_file}，检查 (check): etc-console check --site {site_file}")
    active = lab.faults()
    if active:
        _print_faults(active)
    print("按 Ctrl-C 停止 (Ctrl-C to stop)", flush=True)
