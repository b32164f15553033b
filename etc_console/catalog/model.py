"""Typed catalog entries. A site file and every record refer to them by id."""

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

Id = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=64)]


class Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SlaClass(Entry):
    """Response and handling deadlines of a system class in the maintenance contract."""

    id: Id
    name: str
    respond_minutes: Annotated[int, Field(gt=0)] | None = None
    handle_minutes: Annotated[int, Field(gt=0)] | None = None


class Category(Entry):
    id: Id
    name: str
    name_en: str = ""


class Subsystem(Entry):
    """One line of the service list, shown as one status tile when monitored."""

    id: Id
    category: Id
    name: str
    name_en: str = ""
    sla_class: Id
    inferred: bool = False
    aggregate: bool = False
    monitored: bool = True
    depends_on: list[Id] = []


class ServicePoint(Entry):
    code: Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]+$")]
    name: str
    city: str = ""


class Catalog(Entry):
    """The merged catalog: the shipped file plus the site's additions and overrides."""

    sla_classes: list[SlaClass]
    categories: list[Category]
    subsystems: list[Subsystem]
    service_points: list[ServicePoint]

    def subsystem(self, subsystem_id: str) -> Subsystem:
        """Return the subsystem with this id; raise KeyError when there is none."""
        for subsystem in self.subsystems:
            if subsystem.id == subsystem_id:
                return subsystem
        raise KeyError(subsystem_id)

    def category(self, category_id: str) -> Category:
        for category in self.categories:
            if category.id == category_id:
                return category
        raise KeyError(category_id)

    def sla_class(self, class_id: str) -> SlaClass:
        for sla_class in self.sla_classes:
            if sla_class.id == class_id:
                return sla_class
        raise KeyError(class_id)

    def monitored(self) -> list[Subsystem]:
        return [subsystem for subsystem in self.subsystems if subsystem.monitored]

    def by_category(self) -> list[tuple[Category, list[Subsystem]]]:
        """Return the monitored subsystems grouped under their categories, in file order."""
        groups = []
        for category in self.categories:
            members = [s for s in self.monitored() if s.category == category.id]
            if members:
                groups.append((category, members))
        return groups

    def to_json(self) -> dict:
        """Return the catalog as the document `etc-console catalog --json` prints."""
        sla = {item.id: item for item in self.sla_classes}
        return {
            "categories": [
                {
                    "id": category.id,
                    "name": category.name,
                    "name_en": category.name_en,
                    "subsystems": [
                        _subsystem_json(subsystem, sla[subsystem.sla_class], self.service_points)
                        for subsystem in self.subsystems
                        if subsystem.category == category.id
                    ],
                }
                for category in self.categories
            ],
        }


def _subsystem_json(subsystem: Subsystem, sla: SlaClass, points: list[ServicePoint]) -> dict:
    document = {
        "id": subsystem.id,
        "name": subsystem.name,
        "name_en": subsystem.name_en,
        "monitored": subsystem.monitored,
        "inferred": subsystem.inferred,
        "depends_on": subsystem.depends_on,
        "sla_class": {
            "id": sla.id,
            "name": sla.name,
            "respond_minutes": sla.respond_minutes,
            "handle_minutes": sla.handle_minutes,
        },
    }
    if subsystem.aggregate:
        document["members"] = [point.model_dump() for point in points]
    return document
