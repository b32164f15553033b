"""Where the console keeps its data and finds its shipped files.

The data dir comes from platformdirs unless `--data-dir` (or the ETC_CONSOLE_DATA_DIR
environment variable, which tests use) overrides it. Shipped files live in the source
tree (`resources/`, `ui/`, `localdb/`) or, in an installed wheel, inside the package as
`_resources`, `_ui` and `_localdb`.
"""

import os
from pathlib import Path

import platformdirs

APP_NAME = "etc-console"
DATA_DIR_ENV = "ETC_CONSOLE_DATA_DIR"

_PACKAGE_DIR = Path(__file__).resolve().parent
_SOURCE_ROOT = _PACKAGE_DIR.parent


def data_dir(override: str | os.PathLike | None = None) -> Path:
    """Return the data dir, creating it when missing."""
    if override is None:
        override = os.environ.get(DATA_DIR_ENV) or None
    path = Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def _shipped_dir(name: str) -> Path:
    installed = _PACKAGE_DIR / f"_{name}"
    if installed.is_dir():
        return installed
    return _SOURCE_ROOT / name


def resources_dir() -> Path:
    """Return the folder of shipped data: catalog, checklists, runbooks, translations."""
    return _shipped_dir("resources")


def ui_dir() -> Path:
    """Return the folder of Qt Designer forms and style sheets."""
    return _shipped_dir("ui")


def localdb_dir() -> Path:
    """Return the folder of the Alembic environments."""
    return _shipped_dir("localdb")
