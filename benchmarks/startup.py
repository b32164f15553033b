"""startup: process start to the first painted main window, against a bare QMainWindow.

Both processes start the same way (a fresh Python with QT_QPA_PLATFORM=offscreen) and
print the monotonic time at the first Paint event of their main window; the parent
takes the time before starting them. The console runs its real command line path,
`etc-console --data-dir DIR gui`, on the training lab with a data dir that a warm-up
run has already created (migrated store, lab certificates). Median of 7 runs each;
target ratio 3 or less.
"""

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import emit

RUNS = 7

FIRST_PAINT = """
import time
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication


class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            print(f"PAINTED {time.monotonic()}", flush=True)
            QApplication.instance().quit()
        return False
"""

BARE = FIRST_PAINT + """
from PySide6.QtWidgets import QMainWindow
app = QApplication([])
window = QMainWindow()
window.resize(1360, 900)
watcher = FirstPaint()
window.installEventFilter(watcher)
window.show()
app.exec()
"""

CONSOLE = FIRST_PAINT + """
import sys
import etc_console.gui.main_window as main_window

original_init = main_window.MainWindow.__init__
watcher = FirstPaint()

def watched_init(self, *args, **kwargs):
    original_init(self, *args, **kwargs)
    self.installEventFilter(watcher)

main_window.MainWindow.__init__ = watched_init
from etc_console.cli import main
sys.exit(main(["--data-dir", sys.argv[1], "gui"]))
"""


def time_to_paint(script: str, *args: str) -> float:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    started = time.monotonic()
    output = subprocess.run(
        [sys.executable, "-c", script, *args], env=env, capture_output=True, text=True, timeout=120, check=True,
    ).stdout
    painted = next(line for line in output.splitlines() if line.startswith("PAINTED "))
    return float(painted.split()[1]) - started


def main() -> None:
    data_dir = tempfile.mkdtemp(prefix="bench-startup-")
    time_to_paint(CONSOLE, data_dir)  # warm-up: creates the store and the lab certificates
    time_to_paint(BARE)

    bare, console = [], []
    for _ in range(RUNS):
        bare.append(time_to_paint(BARE))
        console.append(time_to_paint(CONSOLE, data_dir))

    bare_s, console_s = statistics.median(bare), statistics.median(console)
    print(f"bare QMainWindow {bare_s:.3f} s, console {console_s:.3f} s")
    emit({
        "benchmark": "startup",
        "bare_window_s": round(bare_s, 3),
        "console_s": round(console_s, 3),
        "ratio": round(console_s / bare_s, 2),
        "target_ratio": 3,
        "pass": console_s / bare_s <= 3,
    })


if __name__ == "__main__":
    main()
