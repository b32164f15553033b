"""Typed model of a site file.

A site file gives each subsystem of the catalog its probes. Times are in seconds.
Credentials never appear in the file: a probe names a keyring entry instead, and the
secret stays in the operating system's keyring.
"""

import re
from pathlib import Path
from typing import Annotated, Any, Literal, get_args

from pydantic import ConfigDict, Field, field_validator, model_validator

from etc_console.config.base import FORBIDDEN_SECRET_KEYS, StrictModel  # noqa: F401  (re-exported)
from etc_console.config.schedule import MaintenanceWindow

Seconds = Annotated[float, Field(gt=0, le=3600)]
Port = Annotated[int, Field(ge=1, le=65535)]

class KeyringRef(StrictModel):
    """A secret kept in the OS keyring under (service, username)."""

    service: str = "etc-console"
    username: str = Field(min_length=1)


class SiteInfo(StrictModel):
    name: str = "未命名站点"
    timezone: str = "Asia/Shanghai"


class Defaults(StrictModel):
    """Values every probe takes unless it sets its own."""

    interval: Seconds = 30
    connect_timeout: Seconds = 3
    timeout: Seconds = 10
    fail_after: Annotated[int, Field(ge=1, le=20)] = 2
    recover_after: Annotated[int, Field(ge=1, le=20)] = 1
    concurrency: Annotated[int, Field(ge=1, le=1000)] = 50


class ProbeBase(StrictModel):
    subsystem: str = Field(min_length=1)
    name: str = Field(min_length=1)
    member: str | None = None
    interval: Seconds | None = None
    connect_timeout: Seconds | None = None
    timeout: Seconds | None = None
    fail_after: Annotated[int, Field(ge=1, le=20)] | None = None
    recover_after: Annotated[int, Field(ge=1, le=20)] | None = None
    slow_ms: Annotated[float, Field(gt=0)] | None = None
    depends_on: list[str] = []  # subsystem ids whose outage explains this probe's failure


class TcpProbe(ProbeBase):
    """Connect to host:port; optionally read a banner that must contain `expect_banner`."""

    kind: Literal["tcp"]
    host: str = Field(min_length=1)
    port: Port
    expect_banner: str | None = None


class JsonRule(StrictModel):
    """A rule on one field of a JSON body, addressed by a dotted path ("checks.db")."""

    path: str = Field(min_length=1)
    equals: str | int | float | bool | None = None
    one_of: list[str | int | float | bool] | None = None
    min: float | None = None
    max: float | None = None
    level: Literal["down", "warning"] = "down"

    @model_validator(mode="after")
    def _one_condition(self) -> "JsonRule":
        if self.equals is None and self.one_of is None and self.min is None and self.max is None:
            raise ValueError("a JSON rule needs one of equals, one_of, min or max")
        return self


class HttpProbe(ProbeBase):
    """Request a URL and check its status, body keywords and JSON fields.

    For HTTPS, `server_name` sets the TLS SNI name and the Host header when the URL names
    an address rather than the host name the certificate was issued for.
    """

    kind: Literal["http"]
    url: str
    method: Literal["GET", "HEAD", "POST"] = "GET"
    expect_status: list[Annotated[int, Field(ge=100, le=599)]] = [200]
    keyword: str | None = None
    keyword_absent: str | None = None
    json_rules: list[JsonRule] = []
    server_name: str | None = None
    verify_tls: bool = True
    ca_file: Path | None = None
    headers: dict[str, str] = {}
    credential: KeyringRef | None = None

    @field_validator("url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("the URL must start with http:// or https://")
        return value


class TlsProbe(ProbeBase):
    """Check the certificate a TLS server presents: expiry, trust and chain."""

    kind: Literal["tls"]
    host: str = Field(min_length=1)
    port: Port = 443
    server_name: str | None = None
    warn_days: Annotated[int, Field(ge=0, le=3650)] = 30
    ca_file: Path | None = None


def _check_regex(value: str | None, key: str, groups: int | None = None) -> str | None:
    if value is None:
        return None
    try:
        pattern = re.compile(value)
    except re.error as error:
        raise ValueError(f"{key} is not a valid regular expression: {error}") from None
    if groups is not None and pattern.groups != groups:
        raise ValueError(f"{key} must have exactly {groups} capture group, found {pattern.groups}")
    return value


class Thresholds(StrictModel):
    """Limits on a number: above `warn_above` is WARNING, above `down_above` is DOWN.

    "Above" and "below" are strict, so a value equal to a limit passes it.
    """

    warn_above: float | None = None
    down_above: float | None = None
    warn_below: float | None = None
    down_below: float | None = None

    @model_validator(mode="after")
    def _limits_in_order(self):
        if self.warn_above is not None and self.down_above is not None and self.warn_above > self.down_above:
            raise ValueError("warn_above must not be greater than down_above")
        if self.warn_below is not None and self.down_below is not None and self.warn_below < self.down_below:
            raise ValueError("warn_below must not be less than down_below")
        return self

    def has_limits(self) -> bool:
        return any(v is not None for v in (self.warn_above, self.down_above, self.warn_below, self.down_below))


class SshLogin(StrictModel):
    """Where an SSH or SFTP probe logs in, and how.

    `credential` names the keyring entry of the key's passphrase when `private_key` is
    set, and of the account's password otherwise. The host key must be in the
    console's known_hosts file (`<data dir>/known_hosts`), in `known_hosts`, or, with
    `user_known_hosts`, in ~/.ssh/known_hosts; an unknown key is never trusted
    automatically. Timeouts left unset take what remains of the probe's `timeout`.
    """

    host: str = Field(min_length=1)
    port: Port = 22
    username: str = Field(min_length=1)
    private_key: Path | None = None
    credential: KeyringRef | None = None
    known_hosts: Path | None = None
    user_known_hosts: bool = True
    banner_timeout: Seconds | None = None
    auth_timeout: Seconds | None = None

    @model_validator(mode="after")
    def _has_login(self):
        if self.private_key is None and self.credential is None:
            raise ValueError(
                "set private_key (an OpenSSH private key file), credential (the keyring entry "
                "of the password), or both (credential is then the key's passphrase)"
            )
        return self


class SshProbe(ProbeBase, SshLogin, Thresholds):
    """Run a command over SSH and check its exit status and output.

    `value_regex` takes a number from the output (its one capture group, e.g.
    r"(\\d+)%") and compares it with the thresholds. The rules apply to standard
    output; standard error is only shown as evidence.
    """

    kind: Literal["ssh"]
    command: str = Field(min_length=1)
    expect_exit: list[int] = [0]
    output_regex: str | None = None
    output_absent_regex: str | None = None
    value_regex: str | None = None
    command_timeout: Seconds | None = None

    @field_validator("output_regex", "output_absent_regex")
    @classmethod
    def _valid_regex(cls, value: str | None, info) -> str | None:
        return _check_regex(value, info.field_name)

    @field_validator("value_regex")
    @classmethod
    def _one_group(cls, value: str | None) -> str | None:
        return _check_regex(value, "value_regex", groups=1)

    @model_validator(mode="after")
    def _limits_need_value(self):
        if self.has_limits() and self.value_regex is None:
            raise ValueError("warn_/down_ limits need value_regex to take the number from the output")
        return self


SQL_BACKENDS = ("postgresql", "sqlite")


class SqlProbe(ProbeBase, Thresholds):
    """Run a query that returns one value, in a read-only transaction, and compare it.

    `url` is a SQLAlchemy URL without a password (postgresql://probe@10.0.0.5/etc
    or sqlite:////var/lib/x.db); the password comes from the keyring entry named by
    `credential`. `statement_timeout` (seconds) defaults to the probe's timeout.
    """

    # The URL may be typed with a password by mistake, so errors must not echo input.
    model_config = ConfigDict(hide_input_in_errors=True)

    kind: Literal["sql"]
    url: str = Field(min_length=1)
    credential: KeyringRef | None = None
    query: str = Field(min_length=1)
    statement_timeout: Seconds | None = None

    @model_validator(mode="before")
    @classmethod
    def _url_without_password(cls, data: Any) -> Any:
        # A model-level check, so a rejected URL never appears as the "input" of an error.
        if isinstance(data, dict) and isinstance(data.get("url"), str):
            _check_sql_url(data["url"])
        return data


def _check_sql_url(text: str, allowed: tuple[str, ...] = SQL_BACKENDS, what: str = "the sql probe") -> None:
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        url = make_url(text)
    except ArgumentError:
        raise ValueError("url is not a valid SQLAlchemy URL (dialect://user@host:port/database)") from None
    if url.password is not None or any(key.lower() == "password" for key in url.query):
        raise ValueError(
            "url contains a password; remove it from the URL and set credential = "
            '{ service = "etc-console", username = "..." } to read it from the keyring'
        )
    if url.get_backend_name() not in allowed:
        # TODO: MySQL and Oracle need their drivers and their own read-only setup.
        raise ValueError(
            f"url uses the {url.get_backend_name()} dialect; {what} supports "
            + " and ".join(allowed)
        )


class SftpProbe(ProbeBase, SshLogin):
    """Check that the newest file matching `pattern` in `directory` is recent and not tiny.

    Ages are minutes between the file's modification time and the console's clock.
    """

    kind: Literal["sftp"]
    directory: str = Field(min_length=1)
    pattern: str = Field(default="*", min_length=1)
    warn_age_minutes: Annotated[float, Field(gt=0)] | None = None
    down_age_minutes: Annotated[float, Field(gt=0)] | None = None
    min_size_bytes: Annotated[int, Field(ge=0)] | None = None

    @model_validator(mode="after")
    def _ages_in_order(self):
        warn, down = self.warn_age_minutes, self.down_age_minutes
        if warn is not None and down is not None and warn > down:
            raise ValueError("warn_age_minutes must not be greater than down_age_minutes")
        return self


PROBE_TYPES = (TcpProbe, HttpProbe, TlsProbe, SshProbe, SqlProbe, SftpProbe)
Probe = Annotated[
    TcpProbe | HttpProbe | TlsProbe | SshProbe | SqlProbe | SftpProbe, Field(discriminator="kind")
]


def probe_kinds() -> list[str]:
    """Return the `kind` values a site file may use."""
    return [get_args(probe_type.model_fields["kind"].annotation)[0] for probe_type in PROBE_TYPES]


class ServicePoints(StrictModel):
    """One probe template applied to every service point of the catalog.

    `{code}` and `{host}` in the template's strings are replaced per point; `hosts` maps
    a point's code to its address, and points missing from it use `{code}` alone.
    """

    probe: Probe
    hosts: dict[str, str] = {}
    warn_offline: Annotated[int, Field(ge=1)] = 1
    down_offline_ratio: Annotated[float, Field(gt=0, le=1)] = 0.3

    @model_validator(mode="before")
    @classmethod
    def _template_defaults(cls, data: Any) -> Any:
        # The template belongs to the aggregated subsystem, so it need not say so.
        if isinstance(data, dict) and isinstance(data.get("probe"), dict):
            probe = dict(data["probe"])
            probe.setdefault("subsystem", "service-points")
            probe.setdefault("name", "heartbeat")
            data = {**data, "probe": probe}
        return data


# The id pattern of runbook command checks (etc_console.runbooks.model.Id).
COMMAND_ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"


class RunbookCommand(SshLogin):
    """A whitelisted command that a runbook's command check runs, once the engineer confirms it.

    A runbook step names only `id`. The command line, host and login are the site's,
    so a runbook can never run anything that is not listed here. `timeout` limits the
    whole run: connecting, logging in and the command.
    """

    id: str = Field(pattern=COMMAND_ID_PATTERN, max_length=64)
    command: str = Field(min_length=1)
    timeout: Seconds = 30


class SyncSettings(StrictModel):
    """The `[sync]` table: where the province center's PostgreSQL is and how often to sync.

    `url` has no password (postgresql://etc_sync@10.10.1.20:5432/etc_center); the
    password is in the keyring entry named by `credential`.
    """

    url: str = Field(min_length=1)
    credential: KeyringRef | None = None
    interval: Annotated[float, Field(ge=10, le=86400)] = 120
    connect_timeout: Seconds = 5
    timeout: Seconds = 60
    batch_size: Annotated[int, Field(ge=1, le=10000)] = 1000
    device_name: str | None = Field(default=None, min_length=1, max_length=100)

    @model_validator(mode="before")
    @classmethod
    def _url_is_postgres(cls, data: Any) -> Any:
        if isinstance(data, dict) and isinstance(data.get("url"), str):
            _check_sql_url(data["url"], allowed=("postgresql",), what="sync")
        return data


class TlsDefaults(StrictModel):
    ca_file: Path | None = None


class SiteConfig(StrictModel):
    """A whole site file."""

    site: SiteInfo = SiteInfo()
    defaults: Defaults = Defaults()
    tls: TlsDefaults = TlsDefaults()
    catalog: Path | None = None
    checklists: Path | None = None  # folder of the site's checklist templates
    probes: list[Probe] = Field(default=[], alias="probe")
    service_points: ServicePoints | None = None
    maintenance: list[MaintenanceWindow] = []
    runbook_commands: list[RunbookCommand] = Field(default=[], alias="runbook_command")
    sync: SyncSettings | None = None
    source: Path | None = Field(default=None, exclude=True)

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @model_validator(mode="after")
    def _unique_probe_names(self) -> "SiteConfig":
        seen: set[tuple[str, str | None, str]] = set()
        for probe in self.probes:
            key = (probe.subsystem, probe.member, probe.name)
            if key in seen:
                raise ValueError(
                    f"two probes of subsystem '{probe.subsystem}' are both named '{probe.name}'"
                )
            seen.add(key)
        return self

    @model_validator(mode="after")
    def _unique_command_ids(self) -> "SiteConfig":
        seen: set[str] = set()
        for command in self.runbook_commands:
            if command.id in seen:
                raise ValueError(f"two [[runbook_command]] tables both have id '{command.id}'; give each command id one table")
            seen.add(command.id)
        return self
