import pytest

from etc_console.lab import FAULT_KINDS, parse_fault


@pytest.mark.parametrize(("text", "expected"), [
    ("iss-auth=slow:300", ("iss-auth", "slow:300")),
    ("iss-auth=down", ("iss-auth", "down")),
    ("SP017=clear", ("SP017", None)),
    ("service-points=down", ("service-points", "down")),
    (" web-hall = cert-expiring ", ("web-hall", "cert-expiring")),
    ("ord-lane=flapping", ("ord-lane", "flapping")),
    ("app=http500", ("app", "http500")),
    ("app=cert-expired", ("app", "cert-expired")),
    ("stl-transfer=backlog", ("stl-transfer", "backlog")),
    ("ord-lane=stale-status-list", ("ord-lane", "stale-status-list")),
    ("stl-clearing=missing-settlement-file", ("stl-clearing", "missing-settlement-file")),
    ("iss-outlet-api=disk-full", ("iss-outlet-api", "disk-full")),
    ("stl-clearing=disk-full", ("stl-clearing", "disk-full")),
    ("ssh=hostkey-changed", ("ssh", "hostkey-changed")),
    ("ssh=clear", ("ssh", None)),
])
def test_parse_fault_accepts(catalog, text, expected):
    assert parse_fault(text, catalog) == expected


@pytest.mark.parametrize(("text", "named", "listed"), [
    ("iss-auth", "'iss-auth'", "TARGET=KIND"),
    ("=down", "'=down'", "TARGET=KIND"),
    ("iss-auth=", "'iss-auth='", "TARGET=KIND"),
    ("nosuch=down", "'nosuch'", "iss-auth"),
    ("training=down", "'training'", "service-points"),
    ("SP999=down", "'SP999'", "SP001..SP163"),
    ("iss-auth=explode", "'explode'", "flapping"),
    ("iss-auth=down:5", "'down:5'", "cert-expired"),
    ("iss-auth=slow", "'slow'", "slow:300"),
    ("iss-auth=slow:abc", "'slow:abc'", "whole number"),
    ("iss-auth=slow:0", "'slow:0'", "between 1 and"),
    ("SP017=cert-expired", "'SP017'", "subsystem ids"),
    ("iss-auth=backlog", "'iss-auth'", "valid targets: stl-transfer"),
    ("stl-transfer=stale-status-list", "'stl-transfer'", "valid targets: ord-lane"),
    ("stl-exchange=missing-settlement-file", "'stl-exchange'", "valid targets: stl-clearing"),
    ("iss-auth=disk-full", "'iss-auth'", "valid targets: iss-outlet-api, stl-clearing"),
    ("stl-clearing=hostkey-changed", "'stl-clearing'", "valid targets: ssh"),
    ("SP017=backlog", "'SP017'", "valid targets: stl-transfer"),
    ("ssh=down", "'ssh'", "accepts only hostkey-changed"),
    ("ssh=slow:300", "'ssh'", "accepts only hostkey-changed"),
    ("iss-auth=backlog:5", "'backlog:5'", "backlog (on stl-transfer)"),
])
def test_parse_fault_rejects(catalog, text, named, listed):
    with pytest.raises(ValueError) as caught:
        parse_fault(text, catalog)

    assert named in str(caught.value)
    assert listed in str(caught.value)


def test_parse_fault_loads_shipped_catalog():
    assert parse_fault("iss-auth=down") == ("iss-auth", "down")


def test_fault_kinds_listed():
    assert FAULT_KINDS == (
        "down", "slow", "http500", "cert-expiring", "cert-expired", "flapping",
        "backlog", "stale-status-list", "missing-settlement-file", "disk-full", "hostkey-changed",
    )
