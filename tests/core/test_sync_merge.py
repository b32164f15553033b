"""The center's three-way decision for one incoming change, case by case."""

import pytest

from etc_console.sync.merge import Outcome, decide

BASE = {"title": "门架离线", "cause": "", "handler": "", "deleted": False}


def change(**fields):
    return {**BASE, **fields}


def test_new_record_is_applied():
    decision = decide(BASE, 1, None, None, None)
    assert decision.outcome is Outcome.APPLIED
    assert decision.revision == 1
    assert decision.data == BASE


def test_only_incoming_changed_is_applied_at_its_revision():
    decision = decide(change(cause="光模块"), 5, BASE, 3, BASE)
    assert decision.outcome is Outcome.APPLIED
    assert decision.revision == 5
    assert decision.data["cause"] == "光模块"


def test_other_fields_merge_at_a_new_revision():
    decision = decide(change(cause="光模块"), 4, change(handler="李工"), 4, BASE)
    assert decision.outcome is Outcome.MERGED
    assert decision.revision == 5
    assert decision.data == change(cause="光模块", handler="李工")


def test_same_value_on_both_sides_is_unchanged():
    decision = decide(change(cause="光模块"), 4, change(cause="光模块"), 4, BASE)
    assert decision.outcome is Outcome.UNCHANGED
    assert decision.revision == 4


def test_one_field_clash_keeps_the_rest():
    decision = decide(change(cause="交换机", handler="李工"), 4, change(cause="光模块"), 4, BASE)
    assert decision.outcome is Outcome.CONFLICT
    assert decision.fields == ("cause",)
    assert decision.data == change(cause="光模块", handler="李工")
    assert decision.revision == 5


def test_pure_clash_writes_nothing():
    decision = decide(change(cause="交换机"), 4, change(cause="光模块"), 4, BASE)
    assert decision.outcome is Outcome.CONFLICT
    assert decision.data is None
    assert decision.revision is None


@pytest.mark.parametrize(("incoming", "current"), [
    (change(deleted=True), change(handler="李工")),
    (change(handler="李工"), change(deleted=True)),
])
def test_delete_against_edit_is_a_conflict(incoming, current):
    decision = decide(incoming, 4, current, 4, BASE)
    assert decision.outcome is Outcome.CONFLICT
    assert "deleted" in decision.fields


def test_unknown_base_makes_differences_conflicts():
    decision = decide(change(cause="交换机"), 2, change(cause="光模块"), 2, None)
    assert decision.outcome is Outcome.CONFLICT
    assert decision.fields == ("cause",)


def test_revisions_decide_not_times():
    # updated_at is not part of the content, so a change stamped earlier still wins by its base.
    decision = decide(change(cause="后改"), 6, change(cause="先改"), 5, change(cause="先改"))
    assert decision.outcome is Outcome.APPLIED
    assert decision.data["cause"] == "后改"
