"""Start the console window: `run_gui` is what `etc-console gui` calls."""

import logging
import sys
from pathlib import Path

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

from etc_console import __version__
from etc_console.gui.gc_guard import GuiThreadGarbageCollector
from etc_console.gui.i18n import DEFAULT_LANGUAGE, LanguageManager
from etc_console.gui.main_window import MainWindow
from etc_console.gui.session import ConsoleSession
from etc_console.paths import ui_dir

log = logging.getLogger(__name__)

APPLICATION_NAME = "etc-console"
ORGANIZATION_NAME = "etc-console"
STYLE_SHEET = "console.qss"

# Qt renders the UI in the first of these fonts that is installed. The CJK fonts keep
# Chinese text from falling back to boxes: Windows has Microsoft YaHei, Debian has
# fonts-noto-cjk.
UI_FONT_FAMILIES = ["Microsoft YaHei UI", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "WenQuanYi Micro Hei"]
UI_FONT_POINT_SIZE = 10


# NOTE: PySide6 6.12.0 on Python 3.11 drops one reference to None on every call of a
# Qt method that returns void (QLabel.setText, QWidget.setGeometry, ...), so the
# process aborts with "none_dealloc" after some thousand calls. 6.11.3 does not, and
# on Python 3.12+ None is immortal; the console needs one of the two.
def create_application(argv: list[str] | None = None) -> QApplication:
    """Return the QApplication, creating it with the console's name, font and style sheet."""
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName(APPLICATION_NAME)
    app.setOrganizationName(ORGANIZATION_NAME)
    app.setApplicationVersion(__version__)

    font = QFont()
    font.setFamilies(UI_FONT_FAMILIES)
    font.setPointSize(UI_FONT_POINT_SIZE)
    app.setFont(font)
    app.setStyleSheet(load_style_sheet())
    return app


def load_style_sheet(path: Path | None = None) -> str:
    """Return the console's Qt style sheet; an empty one, with a log entry, when it is missing."""
    path = path or ui_dir() / STYLE_SHEET
    try:
        return path.read_text(encoding="utf-8")
    except OSError as error:
        log.error("style sheet %s cannot be read (%s); the console uses Qt's default look", path, error)
        return ""


def choose_language(requested: str | None, saved: str | None) -> str:
    """Return the --lang choice, else the saved one, else Chinese."""
    return requested or saved or DEFAULT_LANGUAGE


def run_gui(data_dir: Path, site_path: str | None, lang: str | None) -> int:
    """Run the console window until it is closed; return the exit code.

    Without a site file the training lab starts in this process. An invalid site file
    still opens the window, which shows its problems and runs no probes.
    """
    app = create_application()
    collector = GuiThreadGarbageCollector(app)
    collector.start()
    session = ConsoleSession(Path(data_dir), site_path)
    languages = LanguageManager(parent=app)
    try:
        session.open()
        languages.set_language(choose_language(lang, session.saved_language))

        window = MainWindow(session, languages)
        session.start_monitor()
        window.show()
        exit_code = app.exec()
        log.info("console window closed with exit code %d", exit_code)
        return exit_code
    finally:
        session.stop()
        languages.uninstall()
        collector.stop()
