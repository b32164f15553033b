"""The core runs headless: only etc_console.gui may import Qt."""

import ast
import pkgutil
import tomllib
from pathlib import Path

import etc_console

ROOT = Path(etc_console.__file__).parent
QT_MODULES = ("PySide6", "shiboken6", "pyqtgraph")
ENTRY_POINTS = {"etc_console.cli", "etc_console.__main__"}


def top_level_modules() -> set[str]:
    return {f"etc_console.{info.name}" for info in pkgutil.iter_modules([str(ROOT)])}


def test_import_contract_lists_every_core_module():
    config = tomllib.loads((ROOT.parent / "pyproject.toml").read_text(encoding="utf-8"))
    contract = config["tool"]["importlinter"]["contracts"][0]
    expected = top_level_modules() - {"etc_console.gui"} - ENTRY_POINTS
    assert set(contract["source_modules"]) == expected


def imported_names(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_no_core_file_imports_qt():
    offenders = []
    for path in ROOT.rglob("*.py"):
        if "gui" in path.relative_to(ROOT).parts:
            continue
        for name in imported_names(path):
            if name.split(".")[0] in QT_MODULES:
                offenders.append(f"{path.relative_to(ROOT.parent)} imports {name}")
    assert offenders == []
