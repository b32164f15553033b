"""Site configuration: which probes watch which subsystem, read from a TOML file."""

from etc_console.config.errors import ConfigError, ConfigIssue, print_config_error
from etc_console.config.loader import load_site, parse_site
from etc_console.config.model import SiteConfig

__all__ = ["ConfigError", "ConfigIssue", "SiteConfig", "load_site", "parse_site", "print_config_error"]
