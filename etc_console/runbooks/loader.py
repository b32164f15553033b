"""Load runbooks from resources/runbooks/ and a site's override folder.

Each runbook is one TOML file; contacts.toml in the same folder contains the escalation
contacts the steps refer to. A runbook or contact in the site folder replaces the
shipped one with the same id. Every problem becomes a ConfigIssue naming the file,
the step and the field.
"""

import hashlib
import logging
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from etc_console.config.errors import ConfigError, ConfigIssue
from etc_console.config.loader import parse_toml
from etc_console.incidents.model import Source
from etc_console.paths import resources_dir
from etc_console.runbooks.graph import check_graph
from etc_console.runbooks.model import Contact, Runbook
from etc_console.runbooks.validation import issues_from_runbook_validation

log = logging.getLogger(__name__)

CONTACTS_FILE = "contacts.toml"
SITE_FOLDER = "runbooks"


class ContactsFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    contact: list[Contact] = []


@dataclass(frozen=True)
class RunbookSet:
    """The loaded runbooks by id, in id order, and the escalation contacts by id."""

    runbooks: dict[str, Runbook]
    contacts: dict[str, Contact]

    def get(self, runbook_id: str) -> Runbook:
        """Return the runbook with this id; raise KeyError when there is none."""
        return self.runbooks[runbook_id]

    def __iter__(self):
        return iter(self.runbooks.values())

    def __len__(self) -> int:
        return len(self.runbooks)


def shipped_runbooks_dir() -> Path:
    return resources_dir() / "runbooks"


def _read(path: Path) -> tuple[bytes, str] | ConfigIssue:
    try:
        raw = path.read_bytes()
        return raw, raw.decode("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        return ConfigIssue(str(path), "", "", f"the runbook file cannot be read ({error})", "a readable UTF-8 TOML file")


def read_contacts(path: Path) -> dict[str, Contact]:
    """Return the contacts of one contacts.toml; raise ConfigError naming the problems."""
    result = _read(path)
    if isinstance(result, ConfigIssue):
        raise ConfigError([result])
    data = parse_toml(result[1], str(path))
    try:
        contacts = ContactsFile.model_validate(data).contact
    except ValidationError as error:
        raise ConfigError(issues_from_runbook_validation(error, str(path), data)) from None
    return {contact.id: contact for contact in contacts}


def read_runbook(path: Path) -> Runbook:
    """Parse and validate one runbook file (its fields and its step graph)."""
    result = _read(path)
    if isinstance(result, ConfigIssue):
        raise ConfigError([result])
    raw, text = result
    data = parse_toml(text, str(path))
    if isinstance(data, dict):
        data = {**data, "source_file": str(path), "digest": hashlib.sha256(raw).hexdigest()}
    try:
        runbook = Runbook.model_validate(data)
    except ValidationError as error:
        raise ConfigError(issues_from_runbook_validation(error, str(path), data)) from None
    issues = check_graph(runbook, str(path)) + _check_sources(runbook, str(path))
    if issues:
        raise ConfigError(issues)
    return runbook


def _check_sources(runbook: Runbook, file_name: str) -> list[ConfigIssue]:
    allowed = {source.value for source in Source}
    return [
        ConfigIssue(file_name, "applies_to.sources", source, "unknown incident source", "one of " + ", ".join(sorted(allowed)))
        for source in runbook.applies_to.sources
        if source not in allowed
    ]


def _load_folder(folder: Path, issues: list[ConfigIssue]) -> tuple[dict[str, Runbook], dict[str, Contact]]:
    runbooks: dict[str, Runbook] = {}
    contacts: dict[str, Contact] = {}
    for path in sorted(folder.glob("*.toml")):
        try:
            if path.name == CONTACTS_FILE:
                contacts.update(read_contacts(path))
                continue
            runbook = read_runbook(path)
        except ConfigError as error:
            issues.extend(error.issues)
            continue
        if runbook.id in runbooks:
            issues.append(ConfigIssue(str(path), "id", runbook.id, "another runbook in this folder has the same id", f"an id not used by {runbooks[runbook.id].source_file}"))
            continue
        runbooks[runbook.id] = runbook
    return runbooks, contacts


def _check_contacts(runbooks: dict[str, Runbook], contacts: dict[str, Contact]) -> list[ConfigIssue]:
    issues = []
    for runbook in runbooks.values():
        for step in runbook.step:
            for contact_id in step.escalate:
                if contact_id not in contacts:
                    issues.append(ConfigIssue(runbook.source_file, f"step '{step.id}'.escalate", contact_id, "unknown escalation contact", f"the id of a contact in {CONTACTS_FILE}"))
    return issues


def load_runbooks(site_dir: Path | None = None, shipped_dir: Path | None = None) -> RunbookSet:
    """Return the shipped runbooks with the site folder's runbooks and contacts merged over them.

    Raise ConfigError listing every problem of every file, so one pass shows them all.
    """
    issues: list[ConfigIssue] = []
    runbooks, contacts = _load_folder(shipped_dir or shipped_runbooks_dir(), issues)
    if site_dir is not None and site_dir.is_dir():
        site_runbooks, site_contacts = _load_folder(site_dir, issues)
        for runbook_id in site_runbooks.keys() & runbooks.keys():
            log.info("site runbook %s replaces the shipped one", runbook_id)
        runbooks.update(site_runbooks)
        contacts.update(site_contacts)
    issues.extend(_check_contacts(runbooks, contacts))
    if issues:
        raise ConfigError(issues)
    log.info("loaded %d runbooks and %d escalation contacts", len(runbooks), len(contacts))
    return RunbookSet(dict(sorted(runbooks.items())), contacts)
