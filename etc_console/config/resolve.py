"""Turn a validated site file into the list of probes the engine runs."""

from dataclasses import dataclass
from pathlib import Path

from etc_console.catalog.model import Catalog
from etc_console.config.errors import ConfigError, ConfigIssue
from etc_console.config.model import HttpProbe, ProbeBase, RunbookCommand, SftpProbe, SiteConfig, SqlProbe, SshProbe, TcpProbe, TlsProbe


@dataclass(frozen=True)
class ProbeSpec:
    """One probe with every default applied and every path made absolute."""

    id: str
    subsystem: str
    name: str
    kind: str
    params: TcpProbe | HttpProbe | TlsProbe | SshProbe | SqlProbe | SftpProbe
    interval: float
    connect_timeout: float
    timeout: float
    fail_after: int
    recover_after: int
    member: str | None = None
    ca_file: Path | None = None
    depends_on: tuple[str, ...] = ()


def probe_id(subsystem: str, member: str | None, name: str) -> str:
    """Return the stable id of a probe: subsystem[/member]/name."""
    return "/".join(part for part in (subsystem, member, name) if part)


def resolve_probes(site: SiteConfig, catalog: Catalog) -> list[ProbeSpec]:
    """Apply defaults, expand the service-point template and check subsystem ids."""
    base_dir = site.source.parent if site.source else Path.cwd()
    file_name = str(site.source or "<site>")
    known = {subsystem.id for subsystem in catalog.subsystems}
    issues = []
    specs = []

    for index, probe in enumerate(site.probes):
        if probe.subsystem not in known:
            issues.append(ConfigIssue(file_name, f"probe[{index}].subsystem", repr(probe.subsystem), "unknown subsystem", "the id of a subsystem in the catalog (etc-console catalog --json lists them)"))
            continue
        for dependency in probe.depends_on:
            if dependency not in known:
                issues.append(ConfigIssue(file_name, f"probe[{index}].depends_on", repr(dependency), "unknown subsystem", "the id of a subsystem in the catalog"))
        specs.append(_spec(probe, site, base_dir))

    if site.service_points is not None:
        specs.extend(expand_service_points(site, catalog, base_dir))

    if issues:
        raise ConfigError(issues)
    return specs


def resolve_runbook_commands(site: SiteConfig) -> list[RunbookCommand]:
    """Return the site's whitelisted runbook commands with key and known_hosts paths made absolute."""
    base_dir = site.source.parent if site.source else Path.cwd()
    return [_absolute_paths(command, base_dir) for command in site.runbook_commands]


def expand_service_points(site: SiteConfig, catalog: Catalog, base_dir: Path) -> list[ProbeSpec]:
    """Return one probe per service point from the site's template."""
    template = site.service_points
    aggregate = next((s.id for s in catalog.subsystems if s.aggregate), "service-points")
    specs = []
    for point in catalog.service_points:
        host = template.hosts.get(point.code, point.code)
        values = {"code": point.code, "host": host}
        params = _fill(template.probe, values).model_copy(update={"subsystem": aggregate, "member": point.code})
        specs.append(_spec(params, site, base_dir))
    return specs


def _fill(probe: ProbeBase, values: dict[str, str]) -> ProbeBase:
    # Plain replacement, not str.format: a regular expression or a query in the
    # template may contain braces of its own.
    updates = {}
    for key, value in probe:
        if isinstance(value, str) and "{" in value:
            for name, replacement in values.items():
                value = value.replace("{" + name + "}", replacement)
            updates[key] = value
    return probe.model_copy(update=updates)


def _absolute_paths(probe, base_dir: Path):
    """Return the probe (or runbook command) with its file paths (key files, known_hosts) taken from the site folder."""
    updates = {}
    for key in ("private_key", "known_hosts"):
        value = getattr(probe, key, None)
        if isinstance(value, Path) and not value.is_absolute():
            updates[key] = base_dir / value.expanduser()
    return probe.model_copy(update=updates) if updates else probe


def _spec(probe, site: SiteConfig, base_dir: Path) -> ProbeSpec:
    defaults = site.defaults
    probe = _absolute_paths(probe, base_dir)
    ca_file = getattr(probe, "ca_file", None) or site.tls.ca_file
    if ca_file is not None and not ca_file.is_absolute():
        ca_file = base_dir / ca_file
    return ProbeSpec(
        id=probe_id(probe.subsystem, probe.member, probe.name),
        subsystem=probe.subsystem,
        member=probe.member,
        name=probe.name,
        kind=probe.kind,
        params=probe,
        interval=probe.interval or defaults.interval,
        connect_timeout=probe.connect_timeout or defaults.connect_timeout,
        timeout=probe.timeout or defaults.timeout,
        fail_after=probe.fail_after or defaults.fail_after,
        recover_after=probe.recover_after or defaults.recover_after,
        ca_file=ca_file,
        depends_on=tuple(probe.depends_on),
    )
