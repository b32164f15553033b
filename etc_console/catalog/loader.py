"""Load the shipped catalog and merge a site's catalog file over it."""

import logging
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from etc_console.catalog.model import Catalog, Category, ServicePoint, SlaClass, Subsystem
from etc_console.config.errors import ConfigError, ConfigIssue
from etc_console.config.loader import issues_from_validation, parse_toml
from etc_console.paths import resources_dir

log = logging.getLogger(__name__)


class CatalogFile(BaseModel):
    """The layout shared by the shipped catalog and a site's catalog file."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    sla_class: list[SlaClass] = []
    category: list[Category] = []
    subsystem: list[Subsystem] = []
    point: list[ServicePoint] = []
    replace_points: bool = False


def read_catalog_file(path: Path) -> CatalogFile:
    """Parse one catalog file; raise ConfigError naming the file and key path."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise ConfigError([ConfigIssue(str(path), "", "", f"the catalog file cannot be read ({error})", "a readable TOML file")]) from None
    data = parse_toml(text, str(path))
    try:
        return CatalogFile.model_validate(data)
    except ValidationError as error:
        raise ConfigError(issues_from_validation(error, str(path), text)) from None


def _merge(base: list, extra: list, key: str) -> list:
    """Replace entries of `base` that `extra` names by the same key; append the rest."""
    merged = {getattr(item, key): item for item in base}
    for item in extra:
        merged[getattr(item, key)] = item
    return list(merged.values())


def load_catalog(site_catalog: Path | None = None) -> Catalog:
    """Return the shipped catalog with the site's catalog file, if any, merged over it.

    A site entry with the id of a shipped one replaces it; a new id adds an entry.
    Service points merge by code unless the site file sets replace_points = true.
    """
    shipped = read_catalog_file(resources_dir() / "catalog.toml")
    points = read_catalog_file(resources_dir() / "service_points.toml").point
    parts = [shipped]
    if site_catalog is not None:
        log.info("merging site catalog %s", site_catalog)
        site = read_catalog_file(site_catalog)
        parts.append(site)
        points = site.point if site.replace_points else _merge(points, site.point, "code")

    sla_classes, categories, subsystems = [], [], []
    for part in parts:
        sla_classes = _merge(sla_classes, part.sla_class, "id")
        categories = _merge(categories, part.category, "id")
        subsystems = _merge(subsystems, part.subsystem, "id")

    catalog = Catalog(sla_classes=sla_classes, categories=categories, subsystems=subsystems, service_points=points)
    check_references(catalog, str(site_catalog or resources_dir() / "catalog.toml"))
    return catalog


def check_references(catalog: Catalog, file_name: str) -> None:
    """Raise ConfigError when a subsystem names a category, class or dependency that does not exist."""
    categories = {c.id for c in catalog.categories}
    classes = {c.id for c in catalog.sla_classes}
    subsystems = {s.id for s in catalog.subsystems}
    issues = []
    for subsystem in catalog.subsystems:
        where = f"subsystem '{subsystem.id}'"
        if subsystem.category not in categories:
            issues.append(ConfigIssue(file_name, where + ".category", subsystem.category, "unknown category", "one of " + ", ".join(sorted(categories))))
        if subsystem.sla_class not in classes:
            issues.append(ConfigIssue(file_name, where + ".sla_class", subsystem.sla_class, "unknown SLA class", "one of " + ", ".join(sorted(classes))))
        for dependency in subsystem.depends_on:
            if dependency not in subsystems:
                issues.append(ConfigIssue(file_name, where + ".depends_on", dependency, "unknown subsystem", "the id of a subsystem in the catalog"))
    if issues:
        raise ConfigError(issues)
