"""ProbeSpec builders with short test timeouts."""

import inspect
from pathlib import Path

from etc_console.config.model import HttpProbe, TcpProbe, TlsProbe
from etc_console.config.resolve import ProbeSpec, probe_id


def make_spec(
    params: TcpProbe | HttpProbe | TlsProbe,
    *,
    connect_timeout: float = 1.0,
    timeout: float = 2.0,
    fail_after: int = 2,
    recover_after: int = 1,
    interval: float = 1.0,
    ca_file: Path | None = None,
) -> ProbeSpec:
    """Return a ProbeSpec for `params` with short test timeouts."""
    return ProbeSpec(
        id=probe_id(params.subsystem, params.member, params.name),
        subsystem=params.subsystem,
        name=params.name,
        kind=params.kind,
        params=params,
        interval=interval,
        connect_timeout=connect_timeout,
        timeout=timeout,
        fail_after=fail_after,
        recover_after=recover_after,
        member=params.member,
        ca_file=ca_file,
    )


def tcp_spec(port: int, host: str = "127.0.0.1", name: str = "tcp", **options) -> ProbeSpec:
    spec_options = _split_spec_options(options)
    params = TcpProbe(kind="tcp", subsystem="issuance", name=name, host=host, port=port, **options)
    return make_spec(params, **spec_options)


def http_spec(url: str, name: str = "http", **options) -> ProbeSpec:
    spec_options = _split_spec_options(options)
    params = HttpProbe(kind="http", subsystem="issuance", name=name, url=url, **options)
    return make_spec(params, **spec_options)


def tls_spec(port: int, host: str = "127.0.0.1", name: str = "tls", **options) -> ProbeSpec:
    spec_options = _split_spec_options(options)
    params = TlsProbe(kind="tls", subsystem="issuance", name=name, host=host, port=port, **options)
    return make_spec(params, **spec_options)


_SPEC_OPTIONS = set(inspect.signature(make_spec).parameters) - {"params"}


def _split_spec_options(options: dict) -> dict:
    """Move the ProbeSpec options out of `options`, leaving the probe's own fields."""
    return {name: options.pop(name) for name in list(options) if name in _SPEC_OPTIONS}
