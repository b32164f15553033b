"""Shipped runbooks load and every path ends; malformed files get messages naming file, step and field."""

import shutil
from pathlib import Path

import pytest

from etc_console.config.errors import ConfigError
from etc_console.runbooks.loader import load_runbooks, read_runbook, shipped_runbooks_dir
from etc_console.runbooks.model import StepKind

REQUIRED_TITLES = [
    "发行服务系统宕机/不可用",
    "银行/支付接口故障（签约验证、代扣、请款、回盘）",
    "分对分认证或接口故障",
    "上传部联网中心积压（交易、发票数据、状态名单）",
    "状态名单未生成/未下发/车道未生效",
    "清分结算文件缺失或迟到/核对不一致",
    "数据库故障（实例宕、表空间满、归档满、主从中断）",
    "服务器或存储故障",
    "服务网点网络中断",
    "小程序或APP不可用",
    "网络攻击/弱口令/高危漏洞",
]

GOOD = '''
id = "sample"
title = "示例预案"
start = "first"

[[step]]
id = "first"
title = "第一步"
instruction = "检查。"
question = "正常？"
yes = "done"
no = "fix"

[[step]]
id = "fix"
title = "处理"
instruction = "处理。"
escalate = ["party-a-duty"]
next = "done"

[[step]]
id = "done"
title = "结束"
instruction = "结束。"
end = true
'''


def test_every_scenario_shipped(runbooks):
    titles = [runbook.title for runbook in runbooks]
    for title in REQUIRED_TITLES:
        assert title in titles


def test_shipped_runbooks_marked_inferred(runbooks):
    for runbook in runbooks:
        assert runbook.inferred, runbook.id
        assert runbook.report_items, runbook.id


def _paths_to_end(runbook) -> tuple[set[str], set[str]]:
    """Return (reachable, able to end), computed here independently of the loader's check."""
    steps = {step.id: step for step in runbook.step}
    reachable, frontier = {runbook.start}, [runbook.start]
    while frontier:
        for target in steps[frontier.pop()].branches().values():
            if target not in reachable:
                reachable.add(target)
                frontier.append(target)
    ending = {step_id for step_id, step in steps.items() if step.kind == StepKind.END}
    while True:
        grown = ending | {step_id for step_id, step in steps.items() if set(step.branches().values()) & ending}
        if grown == ending:
            return reachable, ending
        ending = grown


RUNBOOK_FILES = sorted(path for path in shipped_runbooks_dir().glob("*.toml") if path.name != "contacts.toml")


def test_eleven_runbook_files():
    assert len(RUNBOOK_FILES) == 11


@pytest.mark.parametrize("path", RUNBOOK_FILES, ids=lambda path: path.stem)
def test_shipped_file_loads_and_ends(path, runbooks):
    runbook = read_runbook(path)
    steps = {step.id for step in runbook.step}
    reachable, ending = _paths_to_end(runbook)
    assert reachable == steps, f"unreachable: {steps - reachable}"
    assert ending == steps, f"no way to an end from: {steps - ending}"
    for step in runbook.step:
        for target in step.branches().values():
            assert target in steps
        for contact in step.escalate:
            assert contact in runbooks.contacts, f"{step.id} escalates to unknown {contact}"


def test_shipped_steps_have_choices_and_escalation(runbooks):
    for runbook in runbooks:
        kinds = {step.kind for step in runbook.step}
        assert StepKind.YES_NO in kinds or StepKind.CHOICE in kinds, runbook.id
        assert any(step.escalate for step in runbook.step), runbook.id
        assert any(step.recovery_check or "验证" in step.title or "复查" in step.title for step in runbook.step), runbook.id


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def issues_of(path: Path) -> list[str]:
    with pytest.raises(ConfigError) as caught:
        read_runbook(path)
    return [str(issue) for issue in caught.value.issues]


def test_sample_is_valid(tmp_path):
    assert read_runbook(write(tmp_path, "sample.toml", GOOD)).id == "sample"


def test_branch_to_missing_step(tmp_path):
    path = write(tmp_path, "bad.toml", GOOD.replace('no = "fix"', 'no = "repair"'))
    [message] = issues_of(path)
    assert str(path) in message
    assert "step 'first'.no" in message
    assert "repair" in message
    assert "does not exist" in message


def test_missing_field_names_step(tmp_path):
    path = write(tmp_path, "bad.toml", GOOD.replace('instruction = "处理。"\n', ""))
    [message] = issues_of(path)
    assert "step 'fix'.instruction" in message
    assert "missing" in message


def test_unknown_key_names_step(tmp_path):
    path = write(tmp_path, "bad.toml", GOOD.replace('title = "处理"', 'title = "处理"\ntimeout = 5'))
    [message] = issues_of(path)
    assert "step 'fix'.timeout" in message
    assert "unknown key" in message


def test_check_with_two_targets(tmp_path):
    path = write(tmp_path, "bad.toml", GOOD.replace('title = "处理"', 'title = "处理"\ncheck = { probe = "a/b", command = "disk-usage" }'))
    [message] = issues_of(path)
    assert "step 'fix'.check" in message
    assert "exactly one of probe" in message


def test_step_with_two_branch_forms(tmp_path):
    path = write(tmp_path, "bad.toml", GOOD.replace('next = "done"', 'next = "done"\nend = true'))
    [message] = issues_of(path)
    assert "step 'fix'" in message
    assert "exactly one of" in message


def test_step_without_id_named_by_position(tmp_path):
    path = write(tmp_path, "bad.toml", GOOD.replace('id = "fix"\n', ""))
    messages = issues_of(path)
    assert any("step #2.id" in message for message in messages)


def test_unreachable_step(tmp_path):
    text = GOOD + '\n[[step]]\nid = "orphan"\ntitle = "孤立"\ninstruction = "无人到达。"\nnext = "done"\n'
    [message] = issues_of(write(tmp_path, "bad.toml", text))
    assert "step 'orphan'" in message
    assert "cannot be reached" in message


def test_loop_without_exit(tmp_path):
    text = GOOD.replace('yes = "done"', 'yes = "loop-a"') + (
        '\n[[step]]\nid = "loop-a"\ntitle = "甲"\ninstruction = "甲。"\nnext = "loop-b"\n'
        '\n[[step]]\nid = "loop-b"\ntitle = "乙"\ninstruction = "乙。"\nnext = "loop-a"\n'
    )
    messages = issues_of(write(tmp_path, "bad.toml", text))
    assert len(messages) == 2
    assert any("step 'loop-a'" in message and "loop without an exit" in message for message in messages)
    assert any("step 'loop-b'" in message for message in messages)


def test_loop_with_exit_accepted(tmp_path):
    text = GOOD.replace('next = "done"', 'next = "first"')
    assert read_runbook(write(tmp_path, "loop.toml", text)).get_step("fix").next == "first"


def test_missing_start_step(tmp_path):
    [message] = issues_of(write(tmp_path, "bad.toml", GOOD.replace('start = "first"', 'start = "begin"')))
    assert ": start:" in message
    assert "begin" in message


def test_toml_syntax_error_has_line(tmp_path):
    [message] = issues_of(write(tmp_path, "bad.toml", GOOD.replace('title = "处理"', 'title = "处理')))
    assert "invalid TOML" in message
    assert "line 16" in message


def test_unknown_source(tmp_path):
    text = GOOD.replace('start = "first"', 'start = "first"\n[applies_to]\nsources = ["fax"]')
    [message] = issues_of(write(tmp_path, "bad.toml", text))
    assert "applies_to.sources" in message
    assert "fax" in message


def test_unknown_contact(tmp_path):
    shipped = tmp_path / "shipped"
    shutil.copytree(shipped_runbooks_dir(), shipped)
    write(shipped, "sample.toml", GOOD.replace('escalate = ["party-a-duty"]', 'escalate = ["mayor"]'))
    with pytest.raises(ConfigError) as caught:
        load_runbooks(shipped_dir=shipped)
    [issue] = caught.value.issues
    assert issue.location == "step 'fix'.escalate"
    assert issue.value == "mayor"
    assert issue.file.endswith("sample.toml")


def test_duplicate_id_in_folder(tmp_path):
    shipped = tmp_path / "shipped"
    shutil.copytree(shipped_runbooks_dir(), shipped)
    write(shipped, "copy.toml", (shipped / "database.toml").read_text(encoding="utf-8"))
    with pytest.raises(ConfigError) as caught:
        load_runbooks(shipped_dir=shipped)
    assert "same id" in str(caught.value)


def test_site_folder_replaces_same_id(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    write(site, "my-database.toml", GOOD.replace('id = "sample"', 'id = "database"').replace("示例预案", "本站数据库预案"))
    write(site, "contacts.toml", '[[contact]]\nid = "party-a-duty"\nrole = "甲方值班负责人"\nname = "王主任"\nphone = "029-00000000"\n')
    runbooks = load_runbooks(site_dir=site)
    assert runbooks.get("database").title == "本站数据库预案"
    assert runbooks.contacts["party-a-duty"].name == "王主任"
    assert runbooks.contacts["dba"].role == "数据库管理员（DBA）"
    assert len(runbooks) == 11


def test_site_folder_errors_reported(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    path = write(site, "broken.toml", GOOD.replace('no = "fix"', 'no = "nowhere"'))
    with pytest.raises(ConfigError) as caught:
        load_runbooks(site_dir=site)
    assert str(path) in str(caught.value)
