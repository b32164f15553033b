"""Site configuration: which probes watch which subsystem, read from a TOML file."""

from etc_console.config.errors import ConfigError, ConfigIssue
from etc_console.config.loader import load_site, parse_site
from etc_console.config.model import SiteConfig

__all__ = ["ConfigError", "ConfigIssue", "SiteConfig", "load_site", "parse_site"]
