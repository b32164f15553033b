"""The zh_CN translation covers every UI string of the code and the Designer forms."""

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TS_FILE = ROOT / "resources" / "translations" / "etc_console_zh_CN.ts"


def messages(path: Path) -> dict[tuple[str, str], ET.Element]:
    found = {}
    for context in ET.parse(path).getroot().iter("context"):
        for message in context.iter("message"):
            found[(context.findtext("name"), message.findtext("source"))] = message
    return found


def test_every_message_has_chinese():
    missing = []
    for key, message in messages(TS_FILE).items():
        translation = message.find("translation")
        forms = [form.text for form in translation.findall("numerusform")]
        text = "".join(filter(None, forms)) if forms else (translation.text or "")
        if translation.get("type") in ("unfinished", "vanished", "obsolete") or not text.strip():
            missing.append(key)
    assert missing == []


def test_ts_file_lists_every_string_in_the_code(tmp_path):
    lupdate = shutil.which("pyside6-lupdate", path=str(Path(sys.executable).parent))
    if lupdate is None:
        pytest.fail("pyside6-lupdate is missing from the venv; reinstall PySide6-Essentials")
    fresh = tmp_path / "fresh.ts"
    shutil.copy(TS_FILE, fresh)
    sources = [str(p) for p in (ROOT / "etc_console" / "gui").rglob("*.py")] + [str(p) for p in (ROOT / "ui").glob("*.ui")]
    subprocess.run([lupdate, "-no-obsolete", "-locations", "none", *sources, "-ts", str(fresh)], check=True, capture_output=True)
    new = set(messages(fresh)) - set(messages(TS_FILE))
    assert new == set(), "run `make update-translations` and translate the new strings"
