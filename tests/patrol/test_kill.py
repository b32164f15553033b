"""A patrol process killed with SIGKILL mid-way reopens with every answer it confirmed."""

import os
import signal
import subprocess
import sys
from datetime import date
from pathlib import Path

from etc_console.patrol import records
from etc_console.patrol.template import Shift
from etc_console.patrol.view import load_patrol
from etc_console.store.db import open_database

ROOT = Path(__file__).resolve().parents[2]

# Saves answers one by one through the service and prints each item id after its
# write committed; it never stops by itself, so the test has to kill it.
CHILD = r"""
import itertools, sys
from datetime import date
from pathlib import Path
from etc_console.patrol import AnswerInput, PatrolService, Result, Shift, load_checklists
from etc_console.store.db import open_database
from etc_console.store.writer import DbWriter

data_dir = Path(sys.argv[1])
db = open_database(data_dir)
service = PatrolService(db.sessions, DbWriter(db.sessions), data_dir)
template = load_checklists().get("daily-platform")
patrol_id = service.start(template, date(2026, 12, 4), Shift.NIGHT, "李娜").result()
print("started", patrol_id, flush=True)
for round_number in itertools.count():
    for item in template.items:
        if item.type == "number":
            entry = AnswerInput(value=str(round_number), note=f"第{round_number}轮")
        elif item.type == "choice":
            entry = AnswerInput(value=item.choices[0], note=f"第{round_number}轮")
        else:
            entry = AnswerInput(result=Result.NORMAL, note=f"第{round_number}轮")
        service.save_answer(patrol_id, item.id, entry, "李娜").result()
        print("saved", round_number, item.id, flush=True)
"""

KILL_AFTER = 20  # fewer than the 37 items of the template, so the kill lands mid-patrol


def test_killed_patrol_reopens_with_answers(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(tmp_path)], stdout=subprocess.PIPE, text=True, env=env, cwd=ROOT)
    confirmed: dict[str, str] = {}
    try:
        assert child.stdout.readline().startswith("started")
        for _ in range(KILL_AFTER):
            _, round_number, item_id = child.stdout.readline().split()
            confirmed[item_id] = round_number
        child.send_signal(signal.SIGKILL)
    finally:
        child.kill()
        remaining = child.stdout.read()
        child.stdout.close()
        child.wait(timeout=10)
    for line in remaining.splitlines():
        _, round_number, item_id = line.split()
        confirmed[item_id] = round_number
    assert child.returncode == -signal.SIGKILL

    db = open_database(tmp_path)
    try:
        with db.sessions() as session:
            patrol = records.find_patrol(session, "daily-platform", date(2026, 12, 4), Shift.NIGHT)
            view = load_patrol(session, patrol.id)
    finally:
        db.close()

    assert view.submitted_at is None
    for item_id, round_number in confirmed.items():
        answer = view.answer(item_id)
        assert answer is not None, f"answer to {item_id} was lost"
        assert answer.note in (f"第{round_number}轮", f"第{int(round_number) + 1}轮"), item_id
    if len(confirmed) < len(view.template.items):
        assert view.next_item_id() not in confirmed
