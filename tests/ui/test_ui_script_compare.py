"""Profile Script… compares scripts as ``fwprof profile --compare`` does: alternating rounds of
fresh processes of two real scripts, the queue showing every round, the Results tab the verdict."""

from __future__ import annotations

import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from ui.app.main_window import MainWindow
from ui.views.profile.profile_dialog import ProfileDialog
from ui.views.profile.script_entries import ScriptEntry, plan_of

#: WORK units of about 1 ms of pure Python per step.
SCRIPT = """\
    import fwprof

    def work(units):
        total = 0
        for i in range(15000 * units):
            total += i * i
        return total

    for _ in range(120):
        work({work})
        fwprof.step()
"""


def write_script(path: Path, work: int) -> Path:
    path.write_text(textwrap.dedent(SCRIPT.format(work=work)))
    return path


def fill(dialog: ProfileDialog, target: Path) -> None:
    dialog.target.setText(str(target))


@pytest.fixture
def dialog(qtbot: Any, tmp_path: Path) -> ProfileDialog:
    made = ProfileDialog(sys.executable, [], str(tmp_path))
    qtbot.addWidget(made)
    return made


def test_the_option_needs_two_scripts_and_gives_the_clis_policy(dialog: ProfileDialog,
                                                                tmp_path: Path) -> None:
    fill(dialog, write_script(tmp_path / "a.py", 1))
    assert not dialog.compare.enabled.isEnabled() and dialog.compare.policy() is None
    dialog.add_entry()
    fill(dialog, write_script(tmp_path / "b.py", 2))
    assert dialog.compare.enabled.isEnabled() and not dialog.compare.repeats.isEnabled()
    dialog.compare.enabled.setChecked(True)
    assert dialog.compare.repeats.isEnabled() and dialog.profile_button.text() == "Com&pare"
    assert dialog.list_label.text() == "<b>Scripts</b> (each against the first)"
    dialog.compare.repeats.setValue(4)
    dialog.compare.max_repeats.setValue(2)  # never fewer than the runs of each, as the CLI
    dialog.compare.margin.setValue(10)
    assert dialog.validate(), dialog.message.text()
    plan = dialog.plan()
    assert plan is not None and plan.policy is not None
    assert (plan.policy.min_pairs, plan.policy.max_pairs, plan.policy.margin) == (4, 4, 0.10)
    dialog.remove_entry()
    assert not dialog.compare.enabled.isChecked() and not dialog.compare.enabled.isEnabled()
    assert dialog.validate() and dialog.plan() is not None and dialog.plan().policy is None  # type: ignore[union-attr]
    assert dialog.profile_button.text() == "&Profile"


def test_compared_scripts_of_one_name_are_told_apart(tmp_path: Path) -> None:
    from fwprof.stats.pair_policy import PairPolicy

    script = str(write_script(tmp_path / "a.py", 1))
    entries = [ScriptEntry(target=script, args="1"), ScriptEntry(target=script, args="2")]
    plan = plan_of(entries, 10.0, PairPolicy())
    assert [spec.label for spec in plan.specs] == ["a.py 1", "a.py 2"]
    assert [spec.label for spec in plan_of(entries, 10.0).specs] == ["a.py", "a.py"]


def test_comparing_two_scripts_names_the_slower_one(qtbot: Any, tmp_path: Path,
                                                    make_window: Callable[..., MainWindow]) -> None:
    """slow.py does twice the work per step of fast.py: the verdict says slow.py is slower."""
    fast, slow = write_script(tmp_path / "fast.py", 1), write_script(tmp_path / "slow.py", 2)
    window = make_window()
    controller = window.script_runs
    controller.action.trigger()
    dialog = controller.dialog
    assert dialog is not None
    fill(dialog, fast)
    dialog.add_entry()
    fill(dialog, slow)
    dialog.compare.enabled.setChecked(True)
    dialog.compare.repeats.setValue(3)
    dialog.compare.max_repeats.setValue(5)
    assert dialog.validate(), dialog.message.text()
    with qtbot.waitSignal(window.worker.stopped_running, timeout=90_000):
        qtbot.mouseClick(dialog.profile_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.document is not None, timeout=30_000)
    record = window.document.record
    labels = [run.spec.label for run in record.runs]
    assert labels[:6] == ["fast.py", "slow.py", "slow.py", "fast.py", "fast.py", "slow.py"]  # ABBA
    assert all(run.status == "ok" for run in record.runs), [(r.status, r.error) for r in record.runs]
    assert window.queue.model.rowCount() == len(record.runs)  # added rounds are queued too
    [entry] = window.document.summary.to_json()["script_comparison"]
    assert entry["slower"] == "slow.py" and entry["decision"] == "faster", entry["verdict"]
    assert entry["verdict"].startswith("slow.py ") and " slower than fast.py (95% CI " in entry["verdict"]
    assert record.adaptive["policy"]["min_pairs"] == 3 and record.adaptive["policy"]["max_pairs"] == 5
    assert window.results.scripts.heading.text().endswith(", compared in alternating rounds")
    verdict = window.results.scripts.verdict
    assert verdict.isVisibleTo(window.results)
    assert verdict.text() == f"slow.py vs fast.py: {entry['verdict']}"
    console = controller.console.toPlainText()
    assert console.count("▶ fast.py:") == console.count("▶ slow.py:") == len(record.runs) // 2


def test_an_undecided_comparison_adds_a_round_to_the_queue(qtbot: Any, tmp_path: Path,
                                                           make_window: Callable[..., MainWindow]) -> None:
    """One pair cannot decide: with at most 2, a second round (b.py, a.py) joins the queue."""
    window = make_window()
    window.script_runs.action.trigger()
    dialog = window.script_runs.dialog
    assert dialog is not None
    fill(dialog, write_script(tmp_path / "a.py", 1))
    dialog.add_entry()
    fill(dialog, write_script(tmp_path / "b.py", 1))
    dialog.compare.enabled.setChecked(True)
    dialog.compare.repeats.setValue(1)
    dialog.compare.max_repeats.setValue(2)
    assert dialog.validate(), dialog.message.text()
    queued: list[list[str]] = []
    model = window.queue.model
    window.worker.runs_added.connect(  # after the window's own handler has updated the queue
        lambda _runs: queued.append([model.row(f"r{n:03d}").label for n in range(1, model.rowCount() + 1)]))
    with qtbot.waitSignal(window.worker.stopped_running, timeout=90_000):
        qtbot.mouseClick(dialog.profile_button, Qt.MouseButton.LeftButton)
    assert queued == [["a.py", "b.py", "b.py", "a.py"]]
    qtbot.waitUntil(lambda: window.document is not None, timeout=30_000)
    [entry] = window.document.summary.to_json()["script_comparison"]
    assert entry["pairs"] == 2 and entry["stopped_by"] == "max-repeats"
    assert entry["verdict"].startswith("not decided: too few fresh processes (2 usable pair(s), 3 needed")


def test_stop_ends_the_rounds_and_the_verdict_says_so(qtbot: Any, tmp_path: Path,
                                                      make_window: Callable[..., MainWindow]) -> None:
    slow = tmp_path / "long.py"
    slow.write_text("import sys, time, fwprof\nopen(sys.argv[1], 'w').write('started')\n"
                    "for _ in range(6000):\n    time.sleep(0.01)\n    fwprof.step()\n")
    started = tmp_path / "started"
    window = make_window()
    window.script_runs.action.trigger()
    dialog = window.script_runs.dialog
    assert dialog is not None
    fill(dialog, slow)
    dialog.args.setText(str(started))
    dialog.add_entry()
    fill(dialog, write_script(tmp_path / "b.py", 1))
    dialog.compare.enabled.setChecked(True)
    assert dialog.validate(), dialog.message.text()
    qtbot.mouseClick(dialog.profile_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(started.exists, timeout=60_000)
    with qtbot.waitSignal(window.worker.stopped_running, timeout=60_000):
        window.commands.stop.trigger()
    qtbot.waitUntil(lambda: window.document is not None, timeout=30_000)
    record = window.document.record
    assert record.status == "stopped" and [r.status for r in record.runs] == ["stopped"] * 6
    [entry] = window.document.summary.to_json()["script_comparison"]
    assert entry["stopped_by"] == "stopped" and entry["pairs_run"] == 0
