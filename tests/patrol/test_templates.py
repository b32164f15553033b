"""Shipped templates load, and malformed templates are reported by file, item and field."""

from pathlib import Path

import pytest

from etc_console.config.errors import ConfigError
from etc_console.patrol.loader import load_checklists, read_template_file
from etc_console.patrol.snapshot import canonical_text, content_hash
from etc_console.patrol.template import AnswerType, Schedule

HEADER = """
[template]
id = "site-check"
name = "站点检查"
version = "1"
schedule = "daily"
shifts = ["day"]
"""

GOOD_ITEM = """
[[item]]
id = "disk"
subsystem = "iss-auth"
area = "主机"
check = "磁盘"
method = "df -h"
normal = "< 80%"
type = "number"
unit = "%"
warning = { at_least = 80 }
"""


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def issue_text(error: ConfigError) -> str:
    return "\n".join(str(issue) for issue in error.issues)


def test_shipped_templates_cover_the_schedules(checklists):
    schedules = {template.template.schedule for template in checklists.templates.values()}
    assert schedules == set(Schedule)
    assert len(checklists.get("daily-application").items) >= 50
    assert len(checklists.get("daily-platform").items) >= 30


def test_shipped_items_are_complete(checklists):
    for template in checklists.templates.values():
        for item in template.items:
            assert item.check, f"{template.id}/{item.id}"
            assert item.method, f"{template.id}/{item.id}"
            assert item.normal, f"{template.id}/{item.id}"
            if item.type == AnswerType.NUMBER:
                assert item.warning or item.abnormal, f"{template.id}/{item.id} has no threshold"


def test_daily_templates_have_shift_deadlines(checklists):
    for template_id in ("daily-application", "daily-platform"):
        deadlines = checklists.get(template_id).template.deadlines
        assert deadlines["day"] == "10:00"
        assert deadlines["night"] == "22:00"


def test_unknown_field_names_file_item_and_field(tmp_path, catalog):
    path = write(tmp_path, "bad.toml", HEADER + GOOD_ITEM.replace('unit = "%"', 'unit = "%"\nthreshhold = 3'))
    with pytest.raises(ConfigError) as caught:
        read_template_file(path, {s.id for s in catalog.subsystems})
    text = issue_text(caught.value)
    assert str(path) in text
    assert 'item "disk"' in text
    assert "threshhold" in text
    assert "unknown field" in text


def test_wrong_type_names_item_line_and_field(tmp_path):
    path = write(tmp_path, "bad.toml", HEADER + GOOD_ITEM.replace('type = "number"', 'type = "numbr"'))
    with pytest.raises(ConfigError) as caught:
        read_template_file(path)
    [issue] = caught.value.issues
    assert issue.file == str(path)
    assert issue.location == 'item "disk" (line 10), field type'
    assert "'numbr'" in issue.value


def test_threshold_on_status_item_is_reported(tmp_path):
    text = HEADER + GOOD_ITEM.replace('type = "number"', 'type = "status"')
    path = write(tmp_path, "bad.toml", text)
    with pytest.raises(ConfigError) as caught:
        read_template_file(path)
    locations = {issue.location for issue in caught.value.issues}
    assert 'item "disk" (line 10), field warning' in locations
    assert 'item "disk" (line 10), field unit' in locations


def test_unknown_subsystem_is_reported(tmp_path, catalog):
    path = write(tmp_path, "bad.toml", HEADER + GOOD_ITEM.replace('"iss-auth"', '"iss-nope"'))
    with pytest.raises(ConfigError) as caught:
        read_template_file(path, {s.id for s in catalog.subsystems})
    [issue] = caught.value.issues
    assert issue.location.endswith("field subsystem")
    assert issue.value == "iss-nope"


def test_choice_lists_are_checked(tmp_path):
    item = GOOD_ITEM.replace('type = "number"\nunit = "%"\nwarning = { at_least = 80 }', 'type = "choice"\nchoices = ["一致", "不一致"]\nabnormal_choices = ["不同"]')
    path = write(tmp_path, "bad.toml", HEADER + item)
    with pytest.raises(ConfigError) as caught:
        read_template_file(path)
    [issue] = caught.value.issues
    assert issue.location.endswith("field abnormal_choices")
    assert issue.value == "不同"


def test_toml_syntax_error_names_line(tmp_path):
    path = write(tmp_path, "bad.toml", HEADER + "[[item]\n")
    with pytest.raises(ConfigError) as caught:
        read_template_file(path)
    assert "line" in caught.value.issues[0].location


def test_weekly_template_needs_due_weekday(tmp_path):
    path = write(tmp_path, "bad.toml", HEADER.replace('"daily"', '"weekly"') + GOOD_ITEM)
    with pytest.raises(ConfigError) as caught:
        read_template_file(path)
    [issue] = caught.value.issues
    assert issue.location == "template.due_weekday"


def test_site_file_replaces_and_adds(tmp_path):
    site = tmp_path / "checklists"
    write(site, "own.toml", HEADER + GOOD_ITEM)
    replaced = HEADER.replace('"site-check"', '"weekly-backup-restore"') + GOOD_ITEM
    write(site, "replace.toml", replaced)
    loaded = load_checklists([site])
    assert loaded.issues == []
    assert [item.id for item in loaded.get("weekly-backup-restore").items] == ["disk"]
    assert loaded.sources["site-check"] == site / "own.toml"


def test_site_extends_overrides_one_threshold(tmp_path, checklists):
    site = tmp_path / "checklists"
    write(site, "platform.toml", """
remove_items = ["room-fire"]

[template]
extends = "daily-platform"
id = "daily-platform"
version = "2026.12-1+site1"

[[item]]
id = "db-tablespace"
warning = { at_least = 80 }
""")
    loaded = load_checklists([site])
    assert loaded.issues == []
    template = loaded.get("daily-platform")
    assert template.version == "2026.12-1+site1"
    assert template.item("db-tablespace").warning.at_least == "80"
    assert template.item("db-tablespace").abnormal.at_least == "95"
    assert "room-fire" not in {item.id for item in template.items}
    assert len(template.items) == len(checklists.get("daily-platform").items) - 1


def test_bad_site_file_is_skipped_with_issue(tmp_path, checklists):
    site = tmp_path / "checklists"
    write(site, "broken.toml", HEADER + GOOD_ITEM.replace('area = "主机"\n', ""))
    loaded = load_checklists([site])
    assert "site-check" not in loaded.templates
    assert set(loaded.templates) == set(checklists.templates)
    [issue] = loaded.issues
    assert issue.location == 'item "disk" (line 10), field area'
    assert "missing" in issue.problem


def test_snapshot_hash_ignores_formatting(tmp_path):
    first = read_template_file(write(tmp_path, "a.toml", HEADER + GOOD_ITEM))
    second = read_template_file(write(tmp_path, "b.toml", "# comment\n" + HEADER + GOOD_ITEM.replace("at_least = 80", "at_least = 80.0")))
    assert content_hash(canonical_text(first)) == content_hash(canonical_text(second))


def test_site_file_names_checklist_folder(tmp_path):
    from etc_console.config import load_site
    from etc_console.patrol.loader import site_checklist_dirs

    write(tmp_path / "site" / "my-checklists", "own.toml", HEADER + GOOD_ITEM)
    site_file = write(tmp_path / "site", "site.toml", 'checklists = "my-checklists"\n')
    folders = site_checklist_dirs(tmp_path / "data", load_site(site_file))
    assert folders == [tmp_path / "data" / "checklists", tmp_path / "site" / "my-checklists"]
    assert "site-check" in load_checklists(folders).templates
