import logging
import socket
import ssl
import time
from datetime import datetime, timedelta, timezone

import pytest
from cryptography import x509

from etc_console.lab import lab_host_name
from etc_console.lab.faults import subsystem_targets

from labclient import (
    connect_refused, observe_points, observe_subsystem, observe_subsystems, outcomes,
    peer_certificate, read_banner, verification_error,
)


def others_outcomes(lab, catalog, target):
    others = [subsystem_id for subsystem_id in subsystem_targets(catalog) if subsystem_id != target]
    return outcomes(observe_subsystems(lab, others))


def assert_others_healthy(lab, catalog, target):
    seen = others_outcomes(lab, catalog, target)
    assert {subsystem_id: outcome for subsystem_id, outcome in seen.items() if outcome != "ok"} == {}


def test_down_refuses_connections(lab, catalog):
    ports = lab.ports["iss-auth"]

    lab.set_fault("iss-auth", "down")

    assert observe_subsystem(lab, "iss-auth").outcome == "refused"
    assert connect_refused(lab.host, ports["hsm"])
    assert lab.ports["iss-auth"] == ports
    assert_others_healthy(lab, catalog, "iss-auth")


def test_clear_down_reopens_same_ports(lab):
    ports = lab.ports["stl-transfer"]
    lab.set_fault("stl-transfer", "down")

    lab.set_fault("stl-transfer", None)

    assert lab.ports["stl-transfer"] == ports
    assert observe_subsystem(lab, "stl-transfer").outcome == "ok"
    assert read_banner(lab.host, ports["file-exchange"]).startswith(b"220 ")
    assert lab.faults() == {}


def test_slow_delays_only_target(lab, catalog):
    lab.set_fault("iss-bank-api", "slow:600")

    observations = observe_subsystems(lab, subsystem_targets(catalog))

    assert observations["iss-bank-api"][0].outcome == "ok"
    assert observations["iss-bank-api"][0].elapsed >= 0.6
    slow_others = {key: items[0].elapsed for key, items in observations.items() if key != "iss-bank-api" and items[0].elapsed >= 0.6}
    assert slow_others == {}
    assert {key: items[0].outcome for key, items in observations.items() if items[0].outcome != "ok"} == {}


def test_http500_returns_error_document(lab, catalog):
    lab.set_fault("web-hall", "http500")

    observation = observe_subsystem(lab, "web-hall")

    assert observation.status == 500
    assert observation.body["status"] == "DOWN"
    assert observation.body["service"] == "陕西ETC网上营业厅"
    assert_others_healthy(lab, catalog, "web-hall")


def test_http500_fails_banner_port(lab):
    lab.set_fault("stl-transfer", "http500")

    assert read_banner(lab.host, lab.ports["stl-transfer"]["file-exchange"]).startswith(b"421 ")


def test_clear_restores_healthy(lab):
    lab.set_fault("web-hall", "http500")

    lab.set_fault("web-hall", "clear")

    assert observe_subsystem(lab, "web-hall").outcome == "ok"
    assert lab.faults() == {}


def test_flapping_alternates(lab, catalog):
    lab.set_fault("ord-lane", "flapping")

    observations = observe_subsystems(lab, ["ord-lane"], repeat=6)["ord-lane"]

    assert [item.status for item in observations] == [503, 200, 503, 200, 503, 200]
    assert_others_healthy(lab, catalog, "ord-lane")


def test_flapping_alternates_banner_port(lab):
    lab.set_fault("stl-transfer", "flapping")
    port = lab.ports["stl-transfer"]["file-exchange"]

    banners = [read_banner(lab.host, port)[:3] for _ in range(4)]

    assert banners == [b"421", b"220", b"421", b"220"]


def test_cert_expiring_serves_five_day_leaf(lab, catalog):
    lab.set_fault("app", "cert-expiring")

    certificate = peer_certificate(lab, "app")
    left = certificate.not_valid_after_utc - datetime.now(timezone.utc)

    assert timedelta(days=5) < left <= timedelta(days=5, hours=1)
    assert verification_error(lab, "app") is None
    assert observe_subsystem(lab, "app").outcome == "ok"
    assert_others_healthy(lab, catalog, "app")
    assert peer_certificate(lab, "iss-public").not_valid_after_utc - datetime.now(timezone.utc) > timedelta(days=60)


def test_cert_expired_fails_verification(lab, catalog):
    lab.set_fault("wx-miniprogram", "cert-expired")

    certificate = peer_certificate(lab, "wx-miniprogram")
    error = verification_error(lab, "wx-miniprogram")

    assert certificate.not_valid_after_utc < datetime.now(timezone.utc)
    assert error is not None
    assert "expired" in error.verify_message
    assert observe_subsystem(lab, "wx-miniprogram").outcome == "certificate"
    assert_others_healthy(lab, catalog, "wx-miniprogram")


def test_clear_cert_fault_restores_leaf(lab):
    lab.set_fault("iss-public", "cert-expired")

    lab.set_fault("iss-public", None)

    certificate = peer_certificate(lab, "iss-public")
    assert certificate.subject.rfc4514_string().startswith("CN=iss-public.lab.etc-console.test")
    assert verification_error(lab, "iss-public") is None


def test_cert_fault_leaf_names_own_host(lab):
    lab.set_fault("iss-vat", "cert-expiring")

    names = peer_certificate(lab, "iss-vat").extensions.get_extension_for_class(x509.SubjectAlternativeName).value

    assert names.get_values_for_type(x509.DNSName) == [lab_host_name("iss-vat")]
    assert verification_error(lab, "iss-vat") is None


def test_point_down_drops_connection(lab, catalog):
    codes = [point.code for point in catalog.service_points]
    lab.set_fault("SP017", "down")

    seen = outcomes(observe_points(lab, codes))

    assert seen["SP017"] == "disconnected"
    assert {code: outcome for code, outcome in seen.items() if outcome != "ok"} == {"SP017": "disconnected"}
    assert_others_healthy(lab, catalog, "none")


@pytest.mark.parametrize(("fault", "expected"), [("http500", "http 500"), ("slow:300", "ok")])
def test_point_fault_affects_only_point(lab, catalog, fault, expected):
    codes = [point.code for point in catalog.service_points]
    lab.set_fault("SP100", fault)

    observations = observe_points(lab, codes)

    assert observations["SP100"][0].outcome == expected
    assert {code: items[0].outcome for code, items in observations.items() if code != "SP100" and items[0].outcome != "ok"} == {}
    if fault.startswith("slow"):
        assert observations["SP100"][0].elapsed >= 0.3


def test_point_flapping_alternates(lab):
    lab.set_fault("SP005", "flapping")

    statuses = [item.status for item in observe_points(lab, ["SP005"], repeat=4)["SP005"]]

    assert statuses == [503, 200, 503, 200]


def test_aggregate_down_closes_heartbeat_port(lab, catalog):
    port = lab.ports["service-points"]["http"]

    lab.set_fault("service-points", "down")
    refused = connect_refused(lab.host, port)
    lab.set_fault("service-points", None)

    assert refused
    assert outcomes(observe_points(lab, ["SP001", "SP163"])) == {"SP001": "ok", "SP163": "ok"}
    assert_others_healthy(lab, catalog, "none")


def test_point_fault_wins_over_aggregate(lab):
    lab.set_fault("service-points", "http500")
    lab.set_fault("SP002", "flapping")

    observations = observe_points(lab, ["SP001", "SP002"], repeat=2)

    assert [item.status for item in observations["SP001"]] == [500, 500]
    assert [item.status for item in observations["SP002"]] == [503, 200]


def test_faults_lists_active_faults(lab):
    lab.set_fault("iss-auth", "slow:250")
    lab.set_fault("SP017", "down")

    assert lab.faults() == {"SP017": "down", "iss-auth": "slow:250"}


@pytest.mark.parametrize(("target", "fault", "message"), [
    ("no-such-system", "down", "no-such-system"),
    ("training", "down", "training"),
    ("SP017", "cert-expired", "plain HTTP"),
    ("service-points", "cert-expiring", "plain HTTP"),
    ("iss-auth", "explode", "explode"),
])
def test_set_fault_rejects_invalid(lab, target, fault, message):
    with pytest.raises(ValueError, match=message):
        lab.set_fault(target, fault)
    assert lab.faults() == {}


def test_clear_faults_clears_every_target(lab):
    lab.set_fault("iss-auth", "down")
    lab.set_fault("SP001", "http500")

    lab.clear_faults()

    assert lab.faults() == {}
    assert observe_subsystem(lab, "iss-auth").outcome == "ok"
    assert outcomes(observe_points(lab, ["SP001"])) == {"SP001": "ok"}


def test_down_closes_open_side_connections(lab, caplog):
    caplog.set_level(logging.WARNING)
    port = lab.ports["stl-transfer"]["file-exchange"]

    with socket.create_connection((lab.host, port), timeout=5) as connection:
        banner = connection.recv(1024)
        lab.set_fault("stl-transfer", "down")
        after_down = connection.recv(1024)

    assert banner.startswith(b"220 ")
    assert after_down == b""
    assert [record.getMessage() for record in caplog.records if record.levelno >= logging.ERROR] == []


def test_down_cuts_request_held_by_slow(lab):
    lab.set_fault("iss-custsvc", "slow:60000")
    context = ssl.create_default_context(cafile=str(lab.ca_file))
    request = b"GET /health HTTP/1.1\r\nHost: iss-custsvc.lab.etc-console.test\r\n\r\n"

    with socket.create_connection((lab.host, lab.ports["iss-custsvc"]["https"]), timeout=5) as raw:
        with context.wrap_socket(raw, server_hostname=lab_host_name("iss-custsvc")) as connection:
            connection.sendall(request)
            started = time.monotonic()
            lab.set_fault("iss-custsvc", "down")
            took = time.monotonic() - started
            received = connection.recv(1024)

    assert received == b""
    assert took < 3.0
