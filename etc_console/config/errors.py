"""Errors in configuration files, each naming the file, the place and the fix."""

import sys
from dataclasses import dataclass


@dataclass(frozen=True)
class ConfigIssue:
    """One problem in a configuration file.

    `location` is a line ("line 12, column 5") for a syntax error and a key path
    ("probe[3].timeout") for a value that parsed but is invalid.
    """

    file: str
    location: str
    value: str
    problem: str
    expected: str

    def __str__(self) -> str:
        where = f"{self.file}: {self.location}" if self.location else self.file
        value = f" (value: {self.value})" if self.value else ""
        return f"{where}: {self.problem}{value}; expected {self.expected}"


class ConfigError(Exception):
    """A configuration file that cannot be used; carries every issue found in it."""

    def __init__(self, issues: list[ConfigIssue]):
        self.issues = list(issues)
        super().__init__("\n".join(str(issue) for issue in self.issues))


def print_config_error(error: ConfigError) -> None:
    """Print every issue of `error` on standard error, under a bilingual heading."""
    print("配置无效 (invalid configuration):", file=sys.stderr)
    for issue in error.issues:
        print(f"  {issue}", file=sys.stderr)
