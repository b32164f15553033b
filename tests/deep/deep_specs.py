"""ProbeSpec builders and helpers for the deep probe tests."""

from etc_console.config.model import KeyringRef, SftpProbe, SqlProbe, SshProbe
from etc_console.config.resolve import ProbeSpec, probe_id
from etc_console.probes.engine import run_probe
from etc_console.probes.model import Outcome


def make_spec(params, *, connect_timeout: float = 2.0, timeout: float = 5.0) -> ProbeSpec:
    """Return a ProbeSpec for `params` with short test timeouts."""
    return ProbeSpec(
        id=probe_id(params.subsystem, params.member, params.name),
        subsystem=params.subsystem,
        name=params.name,
        kind=params.kind,
        params=params,
        interval=10.0,
        connect_timeout=connect_timeout,
        timeout=timeout,
        fail_after=2,
        recover_after=1,
        member=params.member,
    )


def ssh_spec(server, command: str, name: str = "ssh", timeout: float = 5.0, **options) -> ProbeSpec:
    """Return an SSH probe of `server` (an SshdServer) logging in with its unencrypted key."""
    options.setdefault("private_key", server.key_path)
    options.setdefault("user_known_hosts", False)
    params = SshProbe(
        kind="ssh", subsystem="settlement", name=name, host=server.host, port=server.port,
        username=server.user, command=command, **options,
    )
    return make_spec(params, timeout=timeout)


def sftp_spec(server, directory, name: str = "sftp", timeout: float = 5.0, **options) -> ProbeSpec:
    options.setdefault("private_key", server.key_path)
    options.setdefault("user_known_hosts", False)
    params = SftpProbe(
        kind="sftp", subsystem="settlement", name=name, host=server.host, port=server.port,
        username=server.user, directory=str(directory), **options,
    )
    return make_spec(params, timeout=timeout)


def sql_spec(url: str, query: str, name: str = "sql", timeout: float = 5.0, credential: str | None = "etc_probe", **options) -> ProbeSpec:
    ref = KeyringRef(username=credential) if credential else None
    params = SqlProbe(kind="sql", subsystem="settlement", name=name, url=url, query=query, credential=ref, **options)
    return make_spec(params, timeout=timeout)


async def run(spec: ProbeSpec, deep=None, secrets=None) -> Outcome:
    """Run one attempt through the engine, within `deep` (a DeepRound) when given."""
    return await run_probe(spec, secrets=secrets, deep=deep)
