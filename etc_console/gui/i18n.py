"""UI language: Qt translators for the console and for Qt's own dialogs, switched live.

The console's source strings are English; `resources/translations/etc_console_zh_CN.ts`
carries the Chinese. Installing or removing a translator makes Qt send
QEvent.LanguageChange to every widget, and each widget's `retranslate()` runs then.
"""

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QLibraryInfo, QLocale, QObject, QTranslator, Signal

from etc_console.paths import resources_dir

log = logging.getLogger(__name__)

CHINESE = "zh_CN"
ENGLISH = "en"
LANGUAGES = (CHINESE, ENGLISH)
DEFAULT_LANGUAGE = CHINESE
SETTING_KEY = "ui.language"

# Each language is named in itself, so a user who cannot read the current one finds it.
LANGUAGE_NAMES = {CHINESE: "中文", ENGLISH: "English"}

_current = DEFAULT_LANGUAGE


def current_language() -> str:
    """Return the language code of the UI as last set by a LanguageManager."""
    return _current


def display_name(entry) -> str:
    """Return the name of a catalog entry in the UI language.

    Catalog entries carry a Chinese `name` and an optional English `name_en`; an
    entry without `name_en` shows its Chinese name in English too.
    """
    if _current == ENGLISH and getattr(entry, "name_en", ""):
        return entry.name_en
    return entry.name


def default_translations_dir() -> Path:
    return resources_dir() / "translations"


class LanguageManager(QObject):
    """Install the translators of one language on the application and swap them live."""

    language_changed = Signal(str)

    def __init__(self, translations_dir: Path | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self._translations_dir = translations_dir or default_translations_dir()
        self._installed: list[QTranslator] = []
        self._language = ""

    @property
    def language(self) -> str:
        return self._language

    def set_language(self, language: str) -> None:
        """Switch the UI to `language` (zh_CN or en); raise ValueError for any other code."""
        global _current
        if language not in LANGUAGES:
            raise ValueError(f"unknown UI language {language!r}; expected one of {', '.join(LANGUAGES)}")
        if language == self._language:
            return

        app = QCoreApplication.instance()
        removed = bool(self._installed)
        for translator in self._installed:
            app.removeTranslator(translator)
        self._installed = []

        # The module-level language is set before the translators change, so the
        # LanguageChange events that Qt posts for them already see the new value.
        _current = language
        self._language = language
        QLocale.setDefault(_locale(language))
        if language == CHINESE:
            self._install(app, self._qt_translator())
            self._install(app, self._console_translator())
        if not removed and not self._installed:
            # No translator changed, so Qt posts no event; names from the catalog
            # (name / name_en) still have to follow the language.
            QCoreApplication.postEvent(app, QEvent(QEvent.Type.LanguageChange))

        log.info("UI language set to %s", language)
        self.language_changed.emit(language)

    def uninstall(self) -> None:
        """Remove this manager's translators from the application."""
        app = QCoreApplication.instance()
        for translator in self._installed:
            app.removeTranslator(translator)
        self._installed = []
        self._language = ""

    def _install(self, app, translator: QTranslator | None) -> None:
        if translator is not None:
            app.installTranslator(translator)
            self._installed.append(translator)

    def _qt_translator(self) -> QTranslator | None:
        translator = QTranslator(self)
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if translator.load("qtbase_zh_CN", qt_dir):
            return translator
        log.warning("Qt's own Chinese translation qtbase_zh_CN.qm was not found in %s", qt_dir)
        return None

    def _console_translator(self) -> QTranslator | None:
        translator = QTranslator(self)
        if translator.load("etc_console_zh_CN", str(self._translations_dir)):
            return translator
        log.warning(
            "the console's Chinese translation etc_console_zh_CN.qm was not found in %s; "
            "run `make translations` to build it from the .ts file", self._translations_dir,
        )
        return None


def _locale(language: str) -> QLocale:
    if language == CHINESE:
        return QLocale(QLocale.Language.Chinese, QLocale.Country.China)
    return QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)
