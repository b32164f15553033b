"""HTTP(S) probes against loopback aiohttp servers: status, keywords, JSON fields, auth, TLS."""

import asyncio
import base64
import time

import keyring
import keyring.backend
import pytest
from aiohttp import web

from etc_console.config.model import JsonRule, KeyringRef
from etc_console.probes.credentials import KeyringSecretProvider
from etc_console.probes.engine import run_probe
from etc_console.probes.model import ErrorClass, State
from probe_pki import case_name
from probe_servers import (
    UNRESOLVABLE_HOST,
    SniRecorder,
    closed_port,
    full_backlog_listener,
    silent_listener,
    stream_server,
    web_server,
)
from probe_specs import http_spec

pytestmark = pytest.mark.timeout(30)

HEALTH = {
    "status": "UP",
    "checks": {"db": "UP", "queue": {"depth": 812}},
    "items": [{"status": "ok"}, {"status": "degraded"}],
    "ready": True,
}
USERNAME = "ops"
PASSWORD = "s3cret-Pa55"


async def health(request: web.Request) -> web.Response:
    return web.json_response(HEALTH)


async def status(request: web.Request) -> web.Response:
    return web.Response(status=int(request.match_info["code"]), text="status page")


async def page(request: web.Request) -> web.Response:
    return web.Response(text="<html>ETC issuance: service normal</html>", content_type="text/html")


async def gbk_page(request: web.Request) -> web.Response:
    # No charset in Content-Type, as older Chinese servers send it.
    return web.Response(body="发行系统运行正常".encode("gbk"), headers={"Content-Type": "text/html"})


async def large_page(request: web.Request) -> web.Response:
    return web.Response(text="x" * (2 * 1024 * 1024) + "END")


async def protected(request: web.Request) -> web.Response:
    expected = "Basic " + base64.b64encode(f"{USERNAME}:{PASSWORD}".encode()).decode()
    if request.headers.get("Authorization") != expected:
        return web.Response(status=401, text="unauthorized")
    return web.Response(text="welcome")


async def echo_host(request: web.Request) -> web.Response:
    return web.Response(text=f"host={request.headers.get('Host')}")


async def redirect(request: web.Request) -> web.Response:
    raise web.HTTPFound("/page")


ROUTES = [
    web.get("/health", health),
    web.get("/status/{code}", status),
    web.get("/page", page),
    web.get("/gbk", gbk_page),
    web.get("/large", large_page),
    web.get("/protected", protected),
    web.get("/host", echo_host),
    web.get("/redirect", redirect),
]


class DictSecrets:
    """SecretProvider backed by a dict, recording which entries were requested."""

    def __init__(self, secrets: dict[tuple[str, str], str]):
        self.secrets = secrets
        self.requests: list[tuple[str, str]] = []

    def get_secret(self, ref: KeyringRef) -> str | None:
        self.requests.append((ref.service, ref.username))
        return self.secrets.get((ref.service, ref.username))


def url(port: int, path: str, scheme: str = "http") -> str:
    return f"{scheme}://127.0.0.1:{port}{path}"


def codes(outcome) -> list[str]:
    return [finding.code for finding in outcome.findings]


# ------------------------------------------------------------------ status


async def test_http_status_ok():
    async with web_server(ROUTES) as port:
        outcome = await run_probe(http_spec(url(port, "/health")))

    assert outcome.state == State.OK
    assert outcome.detail == "HTTP 200 OK"
    assert outcome.error_class is None
    assert outcome.latency_ms is not None


async def test_http_unexpected_status():
    async with web_server(ROUTES) as port:
        outcome = await run_probe(http_spec(url(port, "/status/503")))

    assert outcome.state == State.DOWN
    assert outcome.error_class == ErrorClass.HTTP_STATUS
    assert outcome.detail == f"{url(port, '/status/503')} returned HTTP 503 Service Unavailable, expected 200"
    assert codes(outcome) == ["http_status"]


async def test_http_expected_error_status():
    async with web_server(ROUTES) as port:
        outcome = await run_probe(http_spec(url(port, "/status/503"), expect_status=[200, 503]))

    assert outcome.state == State.OK


async def test_http_redirect_not_followed():
    async with web_server(ROUTES) as port:
        followed = await run_probe(http_spec(url(port, "/redirect")))
        accepted = await run_probe(http_spec(url(port, "/redirect"), expect_status=[302]))

    assert followed.error_class == ErrorClass.HTTP_STATUS
    assert "HTTP 302 Found" in followed.detail
    assert accepted.state == State.OK


async def test_http_head_skips_body():
    async with web_server(ROUTES) as port:
        outcome = await run_probe(http_spec(url(port, "/page"), method="HEAD"))

    assert outcome.state == State.OK


# ------------------------------------------------------------------ keywords


async def test_http_keyword_present():
    async with web_server(ROUTES) as port:
        outcome = await run_probe(http_spec(url(port, "/page"), keyword="service normal"))

    assert outcome.state == State.OK


async def test_http_keyword_missing():
    async with web_server(ROUTES) as port:
        outcome = await run_probe(http_spec(url(port, "/page"), keyword="all systems go"))

    assert outcome.state == State.DOWN
    assert outcome.error_class == ErrorClass.CONTENT
    assert codes(outcome) == ["keyword"]
    assert outcome.detail == "HTTP 200 OK; the body does not contain 'all systems go'"


async def test_http_keyword_absent_present():
    async with web_server(ROUTES) as port:
        outcome = await run_probe(http_spec(url(port, "/page"), keyword_absent="issuance"))

    assert outcome.state == State.DOWN
    assert outcome.error_class == ErrorClass.CONTENT
    assert codes(outcome) == ["keyword_absent"]
    assert "contains 'issuance', which must be absent" in outcome.detail


async def test_http_gbk_body_without_charset():
    async with web_server(ROUTES) as port:
        outcome = await run_probe(http_spec(url(port, "/gbk"), keyword="运行正常"))

    assert outcome.state == State.OK


async def test_http_body_read_limit():
    async with web_server(ROUTES) as port:
        outcome = await run_probe(http_spec(url(port, "/large"), keyword="END"))

    assert outcome.state == State.DOWN
    assert "the first 1 MiB of the body does not contain 'END'" in outcome.detail


# ------------------------------------------------------------------ JSON rules


async def run_json_rules(*rules: JsonRule):
    async with web_server(ROUTES) as port:
        return await run_probe(http_spec(url(port, "/health"), json_rules=list(rules)))


async def test_json_rules_pass():
    outcome = await run_json_rules(
        JsonRule(path="status", equals="UP"),
        JsonRule(path="checks.db", one_of=["UP", "DEGRADED"]),
        JsonRule(path="checks.queue.depth", min=0, max=1000),
        JsonRule(path="items.0.status", equals="ok"),
        JsonRule(path="ready", equals=True),
    )

    assert outcome.state == State.OK
    assert outcome.findings == ()


async def test_json_rule_equals_fails():
    outcome = await run_json_rules(JsonRule(path="items.1.status", equals="ok"))

    assert outcome.state == State.DOWN
    assert outcome.error_class == ErrorClass.CONTENT
    assert outcome.detail == 'HTTP 200 OK; items.1.status is "degraded", expected "ok"'


async def test_json_rule_max_fails():
    outcome = await run_json_rules(JsonRule(path="checks.queue.depth", max=500))

    assert outcome.state == State.DOWN
    assert "checks.queue.depth is 812, above the maximum 500" in outcome.detail


async def test_json_rule_min_fails():
    outcome = await run_json_rules(JsonRule(path="checks.queue.depth", min=1000))

    assert outcome.state == State.DOWN
    assert "checks.queue.depth is 812, below the minimum 1000" in outcome.detail


async def test_json_rule_warning_level():
    outcome = await run_json_rules(JsonRule(path="checks.queue.depth", max=500, level="warning"))

    assert outcome.state == State.WARNING
    assert outcome.error_class == ErrorClass.CONTENT
    assert [finding.state for finding in outcome.findings] == [State.WARNING]


async def test_json_rule_bool_is_not_number():
    outcome = await run_json_rules(JsonRule(path="ready", equals=1))

    assert outcome.state == State.DOWN
    assert "ready is true, expected 1" in outcome.detail


async def test_json_rule_missing_field():
    outcome = await run_json_rules(JsonRule(path="checks.cache.state", equals="UP"))

    assert outcome.state == State.DOWN
    assert outcome.error_class == ErrorClass.CONTENT
    assert "checks.cache is missing from the JSON body" in outcome.detail


async def test_json_rule_index_out_of_range():
    outcome = await run_json_rules(JsonRule(path="items.5.status", equals="ok"))

    assert "items.5 is missing from the JSON body" in outcome.detail


async def test_json_rules_on_html_body():
    async with web_server(ROUTES) as port:
        rules = [JsonRule(path="status", equals="UP", level="warning")]
        outcome = await run_probe(http_spec(url(port, "/page"), json_rules=rules))

    assert outcome.state == State.WARNING
    assert outcome.error_class == ErrorClass.CONTENT
    assert codes(outcome) == ["json_invalid"]
    assert "the body is not valid JSON" in outcome.detail


# ------------------------------------------------------------------ slow_ms


async def test_http_slow_is_warning():
    async with web_server(ROUTES) as port:
        outcome = await run_probe(http_spec(url(port, "/health"), slow_ms=0.001))

    assert outcome.state == State.WARNING
    assert outcome.error_class is None
    assert codes(outcome) == ["slow"]
    assert f"slow: {outcome.latency_ms:.0f} ms > 0.001 ms" in outcome.detail


async def test_http_fast_is_ok():
    async with web_server(ROUTES) as port:
        outcome = await run_probe(http_spec(url(port, "/health"), slow_ms=60_000))

    assert outcome.state == State.OK


# ------------------------------------------------------------------ credentials


async def test_http_basic_auth_from_provider():
    secrets = DictSecrets({("etc-console", USERNAME): PASSWORD})
    credential = KeyringRef(username=USERNAME)
    async with web_server(ROUTES) as port:
        outcome = await run_probe(http_spec(url(port, "/protected"), credential=credential), secrets=secrets)

    assert outcome.state == State.OK
    assert secrets.requests == [("etc-console", USERNAME)]


async def test_http_missing_secret_is_config():
    secrets = DictSecrets({})
    credential = KeyringRef(service="etc-gateway", username=USERNAME)
    async with web_server(ROUTES) as port:
        outcome = await run_probe(http_spec(url(port, "/protected"), credential=credential), secrets=secrets)

    assert outcome.state == State.UNKNOWN
    assert outcome.error_class == ErrorClass.CONFIG
    assert "service 'etc-gateway', username 'ops'" in outcome.detail
    assert "keyring set etc-gateway ops" in outcome.detail


async def test_http_no_provider_is_config():
    credential = KeyringRef(username=USERNAME)
    outcome = await run_probe(http_spec(url(closed_port(), "/protected"), credential=credential))

    assert outcome.error_class == ErrorClass.CONFIG


async def test_http_wrong_secret_is_status():
    secrets = DictSecrets({("etc-console", USERNAME): "wrong"})
    credential = KeyringRef(username=USERNAME)
    async with web_server(ROUTES) as port:
        outcome = await run_probe(http_spec(url(port, "/protected"), credential=credential), secrets=secrets)

    assert outcome.error_class == ErrorClass.HTTP_STATUS
    assert "HTTP 401" in outcome.detail
    assert "wrong" not in outcome.detail


# ------------------------------------------------------------------ HTTPS


async def https_server(lab_pki, directory):
    contexts = {case_name(case): served.server_context(directory) for case, served in lab_pki.cases.items()}
    recorder = SniRecorder(contexts[case_name("iss")], contexts)
    return recorder, web_server(ROUTES, recorder.context)


async def test_https_server_name_sets_sni_and_host(lab_pki, tmp_path):
    recorder, server = await https_server(lab_pki, tmp_path)
    async with server as port:
        spec = http_spec(
            url(port, "/host", "https"), server_name="iss.lab.test", keyword=f"host=iss.lab.test:{port}",
            ca_file=lab_pki.root_file,
        )
        outcome = await run_probe(spec)

    assert outcome.state == State.OK, outcome.detail
    assert recorder.names == ["iss.lab.test"]


async def test_https_self_signed_is_tls(lab_pki, tmp_path):
    recorder, server = await https_server(lab_pki, tmp_path)
    async with server as port:
        spec = http_spec(url(port, "/health", "https"), server_name="self.lab.test", ca_file=lab_pki.root_file)
        outcome = await run_probe(spec)

    assert outcome.state == State.DOWN
    assert outcome.error_class == ErrorClass.TLS
    assert "failed verification: self-signed certificate" in outcome.detail


async def test_https_hostname_mismatch_is_tls(lab_pki, tmp_path):
    recorder, server = await https_server(lab_pki, tmp_path)
    async with server as port:
        spec = http_spec(url(port, "/health", "https"), server_name="wrong.lab.test", ca_file=lab_pki.root_file)
        outcome = await run_probe(spec)

    assert outcome.error_class == ErrorClass.TLS
    assert "Hostname mismatch" in outcome.detail


async def test_https_without_verification(lab_pki, tmp_path):
    recorder, server = await https_server(lab_pki, tmp_path)
    async with server as port:
        spec = http_spec(url(port, "/health", "https"), server_name="self.lab.test", verify_tls=False)
        outcome = await run_probe(spec)

    assert outcome.state == State.OK


# ------------------------------------------------------------------ failures


async def test_http_refused():
    target = url(closed_port(), "/health")
    outcome = await run_probe(http_spec(target))

    assert outcome.error_class == ErrorClass.REFUSED
    assert outcome.detail == f"connection to {target} refused"


async def test_http_unresolvable_name_is_dns():
    outcome = await run_probe(http_spec(f"http://{UNRESOLVABLE_HOST}/health"))

    assert outcome.error_class == ErrorClass.DNS
    assert "does not resolve" in outcome.detail


async def test_http_full_backlog_is_connect_timeout():
    with full_backlog_listener() as port:
        outcome = await run_probe(http_spec(url(port, "/health"), connect_timeout=0.3, timeout=2.0))

    assert outcome.error_class == ErrorClass.CONNECT_TIMEOUT
    assert outcome.detail == f"connecting to {url(port, '/health')} timed out after 0.3 s"


async def test_http_silent_server_times_out():
    with silent_listener() as port:
        started = time.perf_counter()
        outcome = await run_probe(http_spec(url(port, "/health"), timeout=0.5))
        elapsed = time.perf_counter() - started

    assert outcome.error_class == ErrorClass.TIMEOUT
    assert outcome.detail == f"connected to {url(port, '/health')}, but no response arrived within the 0.5 s timeout"
    assert elapsed < 1.5


async def test_http_body_hangs_midway():
    release = asyncio.Event()

    async def partial_body(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.readuntil(b"\r\n\r\n")
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\nContent-Type: text/plain\r\n\r\npartial")
        await writer.drain()
        await release.wait()

    async with stream_server(partial_body) as port:
        started = time.perf_counter()
        outcome = await run_probe(http_spec(url(port, "/health"), timeout=0.5))
        elapsed = time.perf_counter() - started
        release.set()

    assert outcome.error_class == ErrorClass.TIMEOUT
    assert "the response body did not complete within the 0.5 s timeout" in outcome.detail
    assert elapsed < 1.5


async def test_http_garbage_response_is_protocol():
    async def garbage(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.readuntil(b"\r\n\r\n")
        writer.write(b"SSH-2.0-OpenSSH_9.6\r\n\r\n")
        await writer.drain()
        writer.close()

    async with stream_server(garbage) as port:
        outcome = await run_probe(http_spec(url(port, "/health")))

    assert outcome.state == State.DOWN
    assert outcome.error_class == ErrorClass.PROTOCOL


async def test_http_missing_ca_file_is_config(tmp_path):
    outcome = await run_probe(http_spec("https://127.0.0.1:1/health", ca_file=tmp_path / "missing.pem"))

    assert outcome.state == State.UNKNOWN
    assert outcome.error_class == ErrorClass.CONFIG


class MemoryKeyring(keyring.backend.KeyringBackend):
    """In-memory keyring backend, so the test never touches the OS credential store."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()
        self.passwords: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.passwords.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.passwords[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.passwords.pop((service, username), None)


async def test_keyring_provider_reads_backend():
    backend = MemoryKeyring()
    backend.set_password("etc-console", USERNAME, PASSWORD)
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    try:
        async with web_server(ROUTES) as port:
            spec = http_spec(url(port, "/protected"), credential=KeyringRef(username=USERNAME))
            outcome = await run_probe(spec, secrets=KeyringSecretProvider())
    finally:
        keyring.set_keyring(previous)

    assert outcome.state == State.OK
