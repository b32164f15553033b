"""The "refresh checks" action: run the probes that answer a template's items, now."""

import logging
from collections.abc import Sequence
from datetime import datetime

from etc_console.config.resolve import ProbeSpec
from etc_console.patrol.prefill import Prefill, build_prefills, evidence_from_outcomes, matches
from etc_console.patrol.template import Template
from etc_console.probes.engine import run_round_blocking
from etc_console.timeutil import utc_now

log = logging.getLogger(__name__)


def specs_for_template(template: Template, specs: Sequence[ProbeSpec]) -> list[ProbeSpec]:
    """Return the resolved probes that answer at least one item of the template."""
    return [spec for spec in specs if any(matches(item, spec.subsystem, spec.name, spec.kind) for item in template.items)]


def refresh_checks(
    template: Template, specs: Sequence[ProbeSpec], concurrency: int = 50, secrets=None, now: datetime | None = None,
) -> list[Prefill]:
    """Run the template's probes once (failures retried until confirmed) and return pre-fills.

    Blocks until the round ends, so call it off the GUI thread. The results are not
    written to the probe history; the pre-fills carry them as evidence.
    """
    chosen = specs_for_template(template, specs)
    if not chosen:
        log.info("no configured probe matches an item of %s; nothing to refresh", template.id)
        return []
    log.info("refreshing %d probes for %s", len(chosen), template.id)
    outcomes = run_round_blocking(chosen, concurrency=concurrency, confirm=True, secrets=secrets)
    evidence = evidence_from_outcomes(list(zip(chosen, outcomes)))
    return build_prefills(template, evidence, now or utc_now())
