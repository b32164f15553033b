"""Offline certificate checks: host name matching and validity wording."""

from datetime import timedelta

import pytest

from etc_console.probes.certchecks import date_findings, hostname_finding, validity_phrase
from etc_console.probes.model import State
from etc_console.timeutil import utc_now
from probe_pki import make_leaf


@pytest.fixture(scope="module")
def wildcard_leaf():
    return make_leaf("gateway.lab.test", None, extra_dns_names=("*.lane.lab.test", "*.test")).certificate


@pytest.mark.parametrize(
    ("name", "matches"),
    [
        ("gateway.lab.test", True),
        ("GATEWAY.Lab.Test", True),
        ("gateway.lab.test.", True),
        ("127.0.0.1", True),
        ("lane01.lane.lab.test", True),
        ("lane.lab.test", False),  # the wildcard needs a label of its own
        ("a.lane01.lane.lab.test", False),  # and stands for exactly one label
        ("other.test", False),  # "*.test" covers too little of the name to count
        ("127.0.0.2", False),
        ("other.lab.test", False),
    ],
)
def test_hostname_matching(wildcard_leaf, name, matches):
    finding = hostname_finding(wildcard_leaf, name)

    assert (finding is None) == matches


def test_hostname_mismatch_lists_names(wildcard_leaf):
    finding = hostname_finding(wildcard_leaf, "other.lab.test")

    assert finding.code == "hostname_mismatch"
    assert finding.state == State.DOWN
    assert "gateway.lab.test, *.lane.lab.test, *.test, 127.0.0.1" in finding.message


def test_validity_phrase_counts_days():
    now = utc_now()
    leaf = make_leaf("x.lab.test", None, now - timedelta(days=10), now + timedelta(days=1, hours=2)).certificate

    assert validity_phrase(leaf, now) == "1 day left"
    assert validity_phrase(leaf, now + timedelta(hours=20)) == "less than a day left"
    assert validity_phrase(leaf, now + timedelta(days=4)) == "expired 2 days ago"


def test_not_yet_valid_finding():
    now = utc_now()
    leaf = make_leaf("x.lab.test", None, now + timedelta(days=1), now + timedelta(days=30)).certificate

    findings = date_findings((leaf,), now, warn_days=7)

    assert [finding.code for finding in findings] == ["not_yet_valid"]
    assert findings[0].state == State.DOWN
