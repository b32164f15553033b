"""Load Qt Designer forms from ui/ at run time and translate them again on a language change.

QUiLoader translates a form's strings once, when it builds the widgets, using the
form's class name as the translation context (the context lupdate writes for .ui
files). A form loaded this way has no retranslateUi(), so FormTranslator reads the
source strings from the .ui file and applies their translations again on demand.
"""

import logging
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QFile, QIODevice
from PySide6.QtUiTools import QUiLoader
from PySide6.QtWidgets import QTabWidget, QWidget

from etc_console.paths import ui_dir

log = logging.getLogger(__name__)

# Widget properties that carry user-visible text, mapped to their setter.
_TEXT_SETTERS = {
    "text": "setText",
    "title": "setTitle",
    "windowTitle": "setWindowTitle",
    "toolTip": "setToolTip",
    "placeholderText": "setPlaceholderText",
}


@dataclass(frozen=True)
class FormString:
    widget: str
    prop: str
    source: str


class FormTranslator:
    """The translatable strings of one loaded form and how to apply them again."""

    def __init__(self, context: str, root: QWidget, strings: list[FormString]):
        self._context = context
        self._root = root
        self._strings = strings

    def retranslate(self) -> None:
        for entry in self._strings:
            widget = self._find(entry.widget)
            if widget is None:
                continue
            text = QCoreApplication.translate(self._context, entry.source)
            if entry.prop == "tabTitle":
                self._set_tab_title(widget, text)
            else:
                getattr(widget, _TEXT_SETTERS[entry.prop])(text)

    def _find(self, name: str) -> QWidget | None:
        if self._root.objectName() == name:
            return self._root
        return self._root.findChild(QWidget, name)

    @staticmethod
    def _set_tab_title(page: QWidget, text: str) -> None:
        tabs = page.parent().parent() if page.parent() is not None else None
        if isinstance(tabs, QTabWidget):
            tabs.setTabText(tabs.indexOf(page), text)


def read_form_strings(path: Path) -> tuple[str, list[FormString]]:
    """Return the form's class name and every string of it that is marked for translation."""
    tree = ElementTree.parse(path)
    context = tree.getroot().findtext("class", default="")
    strings = []
    for widget in tree.iter("widget"):
        name = widget.get("name", "")
        for child in widget:
            if child.tag not in ("property", "attribute"):
                continue
            text_node = child.find("string")
            if text_node is None or text_node.get("notr") == "true" or not text_node.text:
                continue
            prop = child.get("name", "")
            if child.tag == "attribute" and prop == "title":
                strings.append(FormString(name, "tabTitle", text_node.text))
            elif child.tag == "property" and prop in _TEXT_SETTERS:
                strings.append(FormString(name, prop, text_node.text))
    return context, strings


def load_form(file_name: str, parent: QWidget | None = None) -> tuple[QWidget, FormTranslator]:
    """Build the widgets of ui/<file_name>; raise OSError when the file cannot be read."""
    path = ui_dir() / file_name
    device = QFile(str(path))
    if not device.open(QIODevice.OpenModeFlag.ReadOnly):
        raise OSError(f"cannot open the Designer form {path}: {device.errorString()}")
    try:
        widget = QUiLoader().load(device, parent)
    finally:
        device.close()
    if widget is None:
        raise OSError(f"the Designer form {path} could not be built; check that it is a valid .ui file")

    context, strings = read_form_strings(path)
    log.debug("loaded form %s (%d translatable strings)", path, len(strings))
    return widget, FormTranslator(context, widget, strings)
