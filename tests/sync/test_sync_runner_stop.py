"""Closing the console while a round waits on the center ends the round at once and loses nothing."""

import threading

from etc_console.sync import local
from etc_console.sync.central import PUSH_LOCK
from etc_console.sync.round import SyncClient
from etc_console.sync.runner import SyncRunner
from tests.servers.syncdb import PasswordSecrets
from tests.sync.test_sync_smoke import NOW, create


def _wait_for_blocked_push(center) -> None:
    """Return once the console's push waits for the advisory lock the test holds."""
    query = ("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'etc-console sync' "
             "AND wait_event_type = 'Lock' AND wait_event = 'advisory'")
    for _attempt in range(100_000):
        if center.query(query)[0][0]:
            return
    raise AssertionError("the console's push never waited for the advisory lock")


def test_stop_breaks_a_waiting_round(make_console, center, catalog):
    laptop = make_console("laptop")
    laptop.write(lambda s: create(s, catalog, NOW))
    runner = SyncRunner(laptop.client, laptop.db, start_delay=0)
    finished = threading.Event()
    runner.add_listener(lambda status: status.rounds and finished.set())

    with center.server.admin(center.name) as holder:
        holder.execute("SELECT pg_advisory_lock(%s)", [PUSH_LOCK])
        runner.start()
        _wait_for_blocked_push(center)
        runner.stop()
        thread_names = {thread.name for thread in threading.enumerate()}

    assert "sync-runner" not in thread_names
    assert finished.is_set()
    with laptop.db.sessions() as session:
        assert local.pending_count(session) == 2
        assert not local.get_setting(session, local.LAST_ERROR_KEY)
    fresh = SyncClient(laptop.db, laptop.writer, laptop.client.settings, laptop.data_dir, PasswordSecrets(center.password))
    try:
        assert fresh.run_round().pushed == 2
    finally:
        fresh.close()
