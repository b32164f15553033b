"""Typed model of a site file.

A site file gives each subsystem of the catalog its probes. Times are in seconds.
Credentials never appear in the file: a probe names a keyring entry instead, and the
secret stays in the operating system's keyring.
"""

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


PROBE_TYPES = (TcpProbe, HttpProbe, TlsProbe)
Probe = Annotated[TcpProbe | HttpProbe | TlsProbe, Field(discriminator="kind")]


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


class TlsDefaults(StrictModel):
    ca_file: Path | None = None


class SiteConfig(StrictModel):
    """A whole site file."""

    site: SiteInfo = SiteInfo()
    defaults: Defaults = Defaults()
    tls: TlsDefaults = TlsDefaults()
    catalog: Path | None = None
    probes: list[Probe] = Field(default=[], alias="probe")
    service_points: ServicePoints | None = None
    maintenance: list[MaintenanceWindow] = []
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
