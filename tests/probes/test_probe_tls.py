"""TLS certificate probes against a loopback server that picks a test certificate by SNI."""

import contextlib
import time

import pytest
from aiohttp import web

from etc_console.probes.certchecks import iso_utc
from etc_console.probes.engine import run_probe
from etc_console.probes.model import ErrorClass, State
from etc_console.probes.tls import inspect_certificate
from probe_pki import LabPki, case_name
from probe_servers import SniRecorder, silent_listener, web_server
from probe_specs import tls_spec

pytestmark = pytest.mark.timeout(30)


async def hello(request: web.Request) -> web.Response:
    return web.Response(text="hello")


@contextlib.asynccontextmanager
async def lab_tls_server(pki: LabPki, directory):
    """Serve every certificate case of the lab PKI on one port; yield (port, recorder)."""
    contexts = {case_name(case): served.server_context(directory) for case, served in pki.cases.items()}
    recorder = SniRecorder(contexts[case_name("iss")], contexts)
    async with web_server([web.get("/", hello)], recorder.context) as port:
        yield port, recorder


def codes(outcome) -> list[str]:
    return [finding.code for finding in outcome.findings]


def finding(outcome, code: str):
    return next(item for item in outcome.findings if item.code == code)


async def test_tls_valid_chain_is_ok(lab_pki, tmp_path):
    async with lab_tls_server(lab_pki, tmp_path) as (port, recorder):
        spec = tls_spec(port, server_name=case_name("iss"), ca_file=lab_pki.root_file)
        outcome = await run_probe(spec)

    leaf = lab_pki.cases["iss"].leaf.certificate
    assert outcome.state == State.OK
    assert outcome.findings == ()
    assert outcome.error_class is None
    assert outcome.detail == f"CN=iss.lab.test, notAfter {iso_utc(leaf.not_valid_after_utc)}, 364 days left"
    assert recorder.names == ["iss.lab.test", "iss.lab.test"]


async def test_tls_reads_sent_chain(lab_pki, tmp_path):
    async with lab_tls_server(lab_pki, tmp_path) as (port, recorder):
        report = await inspect_certificate("127.0.0.1", port, server_name="iss.lab.test", ca_file=lab_pki.root_file)

    assert report.leaf == lab_pki.cases["iss"].leaf.certificate
    assert report.sent == (lab_pki.cases["iss"].leaf.certificate, lab_pki.intermediate.certificate)
    assert report.state == State.OK


async def test_tls_ip_host_without_sni(lab_pki, tmp_path):
    async with lab_tls_server(lab_pki, tmp_path) as (port, recorder):
        outcome = await run_probe(tls_spec(port, ca_file=lab_pki.root_file))

    assert outcome.state == State.OK
    assert recorder.names == [None, None]


async def test_tls_expired(lab_pki, tmp_path):
    async with lab_tls_server(lab_pki, tmp_path) as (port, recorder):
        outcome = await run_probe(tls_spec(port, server_name=case_name("expired"), ca_file=lab_pki.root_file))

    leaf = lab_pki.cases["expired"].leaf.certificate
    assert outcome.state == State.DOWN
    assert outcome.error_class == ErrorClass.CERTIFICATE
    assert codes(outcome) == ["expired"]
    assert finding(outcome, "expired").message.endswith("(3 days ago)")
    assert outcome.detail.startswith(
        f"CN=expired.lab.test, notAfter {iso_utc(leaf.not_valid_after_utc)}, expired 3 days ago; "
    )


async def test_tls_expiring_within_warn_days(lab_pki, tmp_path):
    async with lab_tls_server(lab_pki, tmp_path) as (port, recorder):
        outcome = await run_probe(
            tls_spec(port, server_name=case_name("expiring"), ca_file=lab_pki.root_file, warn_days=30)
        )

    assert outcome.state == State.WARNING
    assert outcome.error_class == ErrorClass.CERTIFICATE
    assert codes(outcome) == ["expiring"]
    assert "expires in 5 days" in finding(outcome, "expiring").message
    assert ", 5 days left; " in outcome.detail


async def test_tls_expiring_outside_warn_days(lab_pki, tmp_path):
    async with lab_tls_server(lab_pki, tmp_path) as (port, recorder):
        outcome = await run_probe(
            tls_spec(port, server_name=case_name("expiring"), ca_file=lab_pki.root_file, warn_days=3)
        )

    assert outcome.state == State.OK
    assert outcome.findings == ()


async def test_tls_self_signed(lab_pki, tmp_path):
    async with lab_tls_server(lab_pki, tmp_path) as (port, recorder):
        outcome = await run_probe(tls_spec(port, server_name=case_name("self"), ca_file=lab_pki.root_file))

    assert outcome.state == State.DOWN
    assert codes(outcome) == ["self_signed"]
    assert outcome.detail.startswith("CN=self.lab.test, notAfter ")


async def test_tls_leaf_only_with_root_trusted(lab_pki, tmp_path):
    async with lab_tls_server(lab_pki, tmp_path) as (port, recorder):
        outcome = await run_probe(tls_spec(port, server_name=case_name("leafonly"), ca_file=lab_pki.root_file))

    assert outcome.state == State.DOWN
    assert codes(outcome) == ["incomplete_chain", "untrusted"]
    assert finding(outcome, "incomplete_chain").state == State.WARNING
    assert "'CN=ETC Lab Intermediate CA'" in finding(outcome, "incomplete_chain").message
    assert "'CN=ETC Lab Intermediate CA'" in finding(outcome, "untrusted").message


async def test_tls_leaf_only_with_bundle_trusted(lab_pki, tmp_path):
    async with lab_tls_server(lab_pki, tmp_path) as (port, recorder):
        outcome = await run_probe(tls_spec(port, server_name=case_name("leafonly"), ca_file=lab_pki.bundle_file))

    assert outcome.state == State.WARNING
    assert outcome.error_class == ErrorClass.CERTIFICATE
    assert codes(outcome) == ["incomplete_chain"]
    assert "'CN=ETC Lab Intermediate CA'" in finding(outcome, "incomplete_chain").message


async def test_tls_untrusted_root(lab_pki, tmp_path):
    async with lab_tls_server(lab_pki, tmp_path) as (port, recorder):
        outcome = await run_probe(tls_spec(port, server_name=case_name("untrusted"), ca_file=lab_pki.root_file))

    assert outcome.state == State.DOWN
    assert codes(outcome) == ["untrusted"]
    assert "the root 'CN=Unknown Root CA'" in finding(outcome, "untrusted").message
    assert outcome.detail.startswith("CN=untrusted.lab.test, notAfter ")


async def test_tls_lab_root_missing_from_trust_store(lab_pki, tmp_path):
    async with lab_tls_server(lab_pki, tmp_path) as (port, recorder):
        outcome = await run_probe(tls_spec(port, server_name=case_name("iss")))

    assert outcome.state == State.DOWN
    assert codes(outcome) == ["untrusted"]
    assert "the issuer 'CN=ETC Lab Root CA' of 'CN=ETC Lab Intermediate CA'" in outcome.detail


async def test_tls_hostname_mismatch(lab_pki, tmp_path):
    async with lab_tls_server(lab_pki, tmp_path) as (port, recorder):
        outcome = await run_probe(tls_spec(port, server_name="wrong.lab.test", ca_file=lab_pki.root_file))

    assert recorder.names == ["wrong.lab.test", "wrong.lab.test"]
    assert outcome.state == State.DOWN
    assert codes(outcome) == ["hostname_mismatch"]
    assert "not valid for 'wrong.lab.test'" in outcome.detail
    assert "iss.lab.test, 127.0.0.1" in outcome.detail


async def test_tls_plain_server_is_tls_error():
    async with web_server([web.get("/", hello)]) as port:
        outcome = await run_probe(tls_spec(port))

    assert outcome.state == State.DOWN
    assert outcome.error_class == ErrorClass.TLS
    assert outcome.detail.startswith(f"the TLS handshake with 127.0.0.1:{port} failed")


async def test_tls_silent_server_times_out():
    with silent_listener() as port:
        started = time.perf_counter()
        outcome = await run_probe(tls_spec(port, timeout=0.5))
        elapsed = time.perf_counter() - started

    assert outcome.error_class == ErrorClass.TIMEOUT
    assert "the TLS handshake did not complete within the 0.5 s timeout" in outcome.detail
    assert elapsed < 1.5


async def test_tls_missing_ca_file_is_config(lab_pki, tmp_path):
    async with lab_tls_server(lab_pki, tmp_path) as (port, recorder):
        outcome = await run_probe(tls_spec(port, ca_file=tmp_path / "missing.pem"))

    assert outcome.state == State.UNKNOWN
    assert outcome.error_class == ErrorClass.CONFIG
    assert "missing.pem" in outcome.detail
