"""Running a step's check and keeping what it printed.

The runner does not run checks itself: an executor does. CommandCheck runs the site's
whitelisted SSH commands, ProbeCheck the configured probes, and ManualCheck records
output that the engineer pasted or typed. A command check runs on
production hosts, so it needs the engineer's confirmation before it starts.
"""

import logging
from dataclasses import dataclass
from typing import Protocol

from etc_console.runbooks.model import CheckSpec

log = logging.getLogger(__name__)

# Captured output longer than this is cut, keeping the head and the tail.
MAX_OUTPUT_CHARS = 20_000


@dataclass(frozen=True)
class CheckOutput:
    """Output of a check and whether it passed (None when the executor cannot tell)."""

    text: str
    passed: bool | None = None


class CheckExecutor(Protocol):
    def run(self, spec: CheckSpec) -> CheckOutput:
        """Run the check and return its output; raise an exception when it cannot run."""
        ...


@dataclass(frozen=True)
class ManualCheck:
    """An executor that returns output the engineer entered by hand."""

    text: str
    passed: bool | None = None

    def run(self, spec: CheckSpec) -> CheckOutput:
        return CheckOutput(f"（人工录入）{self.text}", self.passed)


class CheckNotConfirmedError(PermissionError):
    """A command check was requested without the engineer's confirmation."""


def storable(text: str) -> str:
    """Return the text with lone surrogates (from undecodable bytes) replaced by "?", so UTF-8 storage accepts it."""
    return text.encode("utf-8", "replace").decode("utf-8")


def clip_output(text: str, limit: int = MAX_OUTPUT_CHARS) -> str:
    """Return the storable text cut to `limit` characters, keeping the head and the tail."""
    text = storable(text)
    if len(text) <= limit:
        return text
    half = limit // 2
    return f"{text[:half]}\n…（已截去 {len(text) - limit} 个字符）…\n{text[-half:]}"


def run_check(executor: CheckExecutor, spec: CheckSpec, confirmed_by: str | None) -> CheckOutput:
    """Run a check through the executor; a command check needs `confirmed_by`.

    An executor error is returned as failed output, so the attempt is still recorded.
    """
    if spec.command is not None and not (confirmed_by and confirmed_by.strip()):
        raise CheckNotConfirmedError(f"command check '{spec.command}' runs on a production host; the engineer must confirm it first")
    try:
        output = executor.run(spec)
    except Exception as error:  # any executor failure is part of the record
        log.warning("check %s %s failed to run: %s", spec.kind, spec.target, error)
        return CheckOutput(f"检查未能执行：{type(error).__name__}: {error}", False)
    return CheckOutput(clip_output(output.text), output.passed)
