"""Service catalog: categories, subsystems, SLA classes and the service points."""

from etc_console.catalog.loader import load_catalog
from etc_console.catalog.model import Catalog, Category, ServicePoint, SlaClass, Subsystem

__all__ = ["Catalog", "Category", "ServicePoint", "SlaClass", "Subsystem", "load_catalog"]
