"""`etc-console sync`: one sync round from the command line, or the center's schema upgrade."""

import argparse
import json
import logging
import sys
from pathlib import Path

log = logging.getLogger(__name__)

EXIT_OK, EXIT_FAILED, EXIT_CONFIG = 0, 1, 2

# The Chinese reason of each connection.Problem value, ahead of the English detail.
PROBLEM_WORDS = {
    "unreachable": "无法连接省中心，记录留在本机，下次同步时重试",
    "login": "省中心拒绝登录，请检查 [sync] url 中的用户和密钥环中的密码",
    "no_password": "密钥环中没有省中心的密码，或密钥环不可用",
    "not_initialised": "省中心数据库尚未建好同步表或不存在",
    "schema_mismatch": "省中心同步表的版本与本机不一致，已拒绝同步",
    "failed": "省中心返回错误，记录留在本机",
    "local": "本机处理同步数据时出错，记录留在本机，详见日志",
}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--site", metavar="FILE", help="site file with the [sync] table (default: site.toml in the data dir)")
    parser.add_argument("--json", action="store_true", help="print the round's counts as a JSON object")
    once = parser.add_mutually_exclusive_group()
    once.add_argument("--upgrade-central", action="store_true",
                      help="create or migrate the center's sync tables to this console's schema, then stop")
    once.add_argument("--reset-center-id", action="store_true",
                      help="give the center a new identity after restoring it from a backup, so every console "
                           "sends and fetches everything again; then stop")


def run(args, data_dir: Path, site_file: str) -> int:
    from etc_console.config import ConfigError, load_site, print_config_error
    from etc_console.sync.connection import SyncError

    site_path = args.site or (data_dir / site_file if (data_dir / site_file).exists() else None)
    if site_path is None:
        print(f"没有站点配置：请用 --site FILE 指定含 [sync] 表的站点文件 (no site file in {data_dir}; pass --site FILE)", file=sys.stderr)
        return EXIT_CONFIG
    try:
        site = load_site(site_path)
    except ConfigError as error:
        print_config_error(error)
        return EXIT_CONFIG
    if site.sync is None:
        print(f"{site_path}: 没有 [sync] 表，无法同步。请加入 [sync] url = \"postgresql://用户@主机:5432/库\" 和 credential "
              f"(no [sync] table in {site_path}; add url and credential)", file=sys.stderr)
        return EXIT_CONFIG
    try:
        if args.upgrade_central:
            return _upgrade(site.sync)
        if args.reset_center_id:
            return _reset_identity(site.sync)
        return _round(site.sync, data_dir, args.json)
    except SyncError as error:
        reason = PROBLEM_WORDS.get(error.problem.value, "")
        print(f"同步失败：{reason} (sync failed, {error.problem.value}): {error}", file=sys.stderr)
        return EXIT_FAILED


def _upgrade(settings) -> int:
    from etc_console.sync.connection import target, upgrade_center
    from etc_console.sync.round import SyncClient

    password = SyncClient.password_for(settings)
    revision = upgrade_center(settings, password)
    print(f"中心库 {target(settings)} 的同步表已是版本 {revision} (center sync schema at {revision})")
    return EXIT_OK


def _reset_identity(settings) -> int:
    from etc_console.sync.connection import reset_center_identity, target
    from etc_console.sync.round import SyncClient

    identity = reset_center_identity(settings, SyncClient.password_for(settings))
    print(f"中心库 {target(settings)} 已换用新标识 {identity}；各控制台下次同步时会重新发送并拉取全部记录 "
          f"(center identity reset; every console sends and fetches everything on its next round)")
    return EXIT_OK


def _round(settings, data_dir: Path, as_json: bool) -> int:
    from etc_console.store.db import open_database
    from etc_console.store.writer import DbWriter
    from etc_console.sync.round import SyncClient

    db = open_database(data_dir)
    writer = DbWriter(db.sessions, name="db-writer-sync")
    client = SyncClient(db, writer, settings, data_dir)
    try:
        report = client.run_round()
    finally:
        client.close()
        writer.close()
        db.close()
    if as_json:
        print(json.dumps(report.to_json(), ensure_ascii=False))
        return EXIT_OK
    _print_report(report)
    return EXIT_OK


def _print_report(report) -> None:
    known = report.outcomes.get("duplicate", 0) + report.outcomes.get("unchanged", 0)
    already = f"（其中 {known} 条中心已有）" if known else ""
    print(f"已推送 {report.pushed} 条{already}，已拉取 {report.pulled} 条，新冲突 {report.new_conflicts} 条；"
          f"待处理冲突 {report.open_conflicts} 条，仍待同步 {report.pending} 条")
    print(f"pushed {report.pushed} ({known} already on the center), pulled {report.pulled}, conflicts {report.new_conflicts} "
          f"(open conflicts {report.open_conflicts}, still pending {report.pending})")
    if report.started_over:
        print(f"中心库是新的或已从备份恢复：已重新发送本机全部 {report.started_over} 条记录 "
              f"(new or restored center: all {report.started_over} records sent again)")
    if report.held:
        print(f"{report.held} 条拉取的记录在等待中心补发其上级记录 ({report.held} pulled records wait for their parent records)")
    for path in report.missing_files:
        print(f"附件文件缺失，记录已同步但文件未上传 (file missing, not uploaded): {path}", file=sys.stderr)
