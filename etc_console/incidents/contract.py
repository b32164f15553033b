"""Contract terms for the incident clocks: deadlines, fines, warning margin and period.

The shipped resources/contract.toml contains the defaults. A site's contract.toml in the
data dir overrides the keys it sets, table by table.
"""

import logging
from datetime import date
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from etc_console.config.errors import ConfigError, ConfigIssue
from etc_console.config.loader import issues_from_validation, parse_toml
from etc_console.paths import resources_dir

log = logging.getLogger(__name__)

CONTRACT_FILE = "contract.toml"

Minutes = Annotated[int, Field(gt=0)]
Yuan = Annotated[int, Field(ge=0)]


class _Table(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ContractPeriod(_Table):
    name: str = ""
    start: date
    end: date
    inferred: bool = False

    @model_validator(mode="after")
    def _end_after_start(self):
        if self.end < self.start:
            raise ValueError(f"the contract end {self.end} is before its start {self.start}")
        return self


class Deadlines(_Table):
    discover_minutes: Minutes = 60
    restore_affected_minutes: Minutes = 240
    restore_unaffected_minutes: Minutes = 1440


class Fines(_Table):
    """Yuan charged for one missed clock of each kind."""

    discover_yuan: Yuan = 500
    restore_yuan: Yuan = 1000
    respond_yuan: Yuan = 0
    handle_yuan: Yuan = 0


class WarningMargin(_Table):
    """A running clock warns when less than `share` of its limit or fewer than `minutes` are left."""

    share: Annotated[float, Field(gt=0, lt=1)] = 0.25
    minutes: Annotated[int, Field(ge=0)] = 15


class ContractSettings(_Table):
    contract: ContractPeriod
    deadlines: Deadlines = Deadlines()
    fines: Fines = Fines()
    warning: WarningMargin = WarningMargin()


def _merge(base: dict, override: dict) -> dict:
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _read(path: Path) -> tuple[dict, str]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError([ConfigIssue(str(path), "", "", f"the contract file cannot be read ({error})", "a readable UTF-8 TOML file")]) from None
    return parse_toml(text, str(path)), text


def load_contract(data_dir: Path | None = None) -> ContractSettings:
    """Return the shipped contract terms with the data dir's contract.toml merged over them.

    Raise ConfigError naming the file and key when a value is invalid.
    """
    data, text = _read(resources_dir() / CONTRACT_FILE)
    file_name = str(resources_dir() / CONTRACT_FILE)
    site_path = data_dir / CONTRACT_FILE if data_dir is not None else None
    if site_path is not None and site_path.exists():
        log.info("merging site contract terms %s", site_path)
        site_data, text = _read(site_path)
        data, file_name = _merge(data, site_data), str(site_path)
    try:
        return ContractSettings.model_validate(data)
    except ValidationError as error:
        raise ConfigError(issues_from_validation(error, file_name, text)) from None
