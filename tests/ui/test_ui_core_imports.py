"""Background threads import fwprof's core one at a time (a race once broke opening a file)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Two background calls start together, as the app's machine probe and file loader do, each
# importing a different part of the core; every fwprof module imported after start-up is
# logged with the importing thread's name.
PROGRAM = """
import sys, threading
from PySide6.QtCore import QCoreApplication
from ui.base.threads import BackgroundCall
app = QCoreApplication([])
log = []
class Logger:
    def find_spec(self, name, path=None, target=None):
        if name.startswith("fwprof"):
            log.append((threading.current_thread().name, name))
        return None
sys.meta_path.insert(0, Logger())
barrier = threading.Barrier(2)
def job(module):
    def run():
        barrier.wait()
        __import__(module)
    return run
calls = [BackgroundCall(job("fwprof.snapshot")), BackgroundCall(job("fwprof.launch.session"))]
for call in calls: call.start()
for call in calls: call.wait()
late = [(thread, name) for thread, name in log if thread != "MainThread"]
print(len({thread for thread, _ in late}), len(late))
"""


def test_two_background_calls_import_the_core_from_one_thread() -> None:
    out = subprocess.run([sys.executable, "-c", PROGRAM], cwd=ROOT, capture_output=True,
                         text=True, timeout=120, check=True,
                         env={"QT_QPA_PLATFORM": "offscreen", "PATH": ""})
    threads, modules = (int(v) for v in out.stdout.split())
    assert modules > 20  # the core really was imported in the background, not before
    assert threads == 1
