"""The scenario registry: one list that the summary, the text report and snapshots loop over."""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from fwprof.launch.run_kind import AdaptivePlannerFactory, RunKind
from fwprof.outputs.snapshot import save_snapshot
from fwprof.outputs.summary import build_summary
from fwprof.outputs.text import render_summary
from fwprof.results import RunResult, SessionRecord
from fwprof.scenarios import registry
from fwprof.scenarios.base import BaseConfig, Launch, PlannedSession
from fwprof.scenarios.registry import SCENARIOS, lead_scenario, scenario_named, scenarios_in, settings_line
from fwprof.snapshot import load_snapshot

DATA = Path(__file__).parent / "data"
#: Snapshots written by fwprof before runs recorded their scenario (schema 3), and the
#: scenario every run of each must get.
OLD_FILES = {"v3-compare": "compare", "v3-compare-synthetic": "compare", "v3-deploy": "deploy",
             "v3-converge": "converge", "v3-distributed": "distributed",
             "v3-distributed-ddp": "distributed", "v3-profile": "profile"}


@pytest.mark.parametrize(("name", "scenario"), OLD_FILES.items())
def test_old_snapshots_open_and_their_runs_get_their_scenario(name: str, scenario: str) -> None:
    record = load_snapshot(DATA / f"{name}.fwprof")
    assert record.runs and {run.scenario for run in record.runs} == {scenario}
    document = build_summary(record)
    summary = document.to_json()
    owner = scenario_named(scenario)
    assert any(summary[key] for key in owner.summary_keys)  # its section has the runs
    others = [key for s in SCENARIOS if s is not owner for key in s.summary_keys if key != "adaptive"]
    assert not any(summary[key] for key in others)
    assert render_summary(document).count("\n") > 2


def test_a_saved_snapshot_keeps_each_runs_scenario(tmp_path: Path) -> None:
    record = load_snapshot(DATA / "v3-deploy.fwprof")
    record.runs[0].scenario = "compare"  # stored as given, not derived again from the spec
    again = load_snapshot(save_snapshot(record, tmp_path / "again.fwprof"))
    assert [run.scenario for run in again.runs] == [run.scenario for run in record.runs]
    assert again.runs[0].scenario == "compare" and again.runs[1].scenario == "deploy"


def test_scenario_names_and_summary_keys_are_unique() -> None:
    names = [s.name for s in SCENARIOS]
    keys = [key for s in SCENARIOS for key in s.summary_keys]
    assert len(set(names)) == len(names) and len(set(keys)) == len(keys)
    with pytest.raises(KeyError, match="known: compare"):
        scenario_named("nope")


@dataclass(frozen=True)
class EchoSection:
    """The test scenario's section: the ids of its runs."""

    echoes: tuple[str, ...]

    def has_runs(self) -> bool:
        return bool(self.echoes)

    def to_json(self) -> dict[str, Any]:
        return {"echo": list(self.echoes)}


class _Echo:
    """A scenario added by one line: its runs are counted in its own section."""

    name = "echo"
    title = "Echo"
    summary_keys: tuple[str, ...] = ("echo",)
    with_session_notes = False
    runs_other_interpreters = False
    headline = "Echoes on this machine"
    timeline_legend = "scripts"
    with_phases = False

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--echo", action="store_true")

    def selected(self, args: argparse.Namespace) -> bool:
        return bool(args.echo)

    def plan(self, args: argparse.Namespace, base: BaseConfig, launch: Launch) -> PlannedSession:
        raise NotImplementedError

    def run_kind(self) -> RunKind | None:
        return None

    def adaptive(self) -> AdaptivePlannerFactory | None:
        return None

    def summarize(self, record: SessionRecord, runs: list[RunResult]) -> EchoSection:
        return EchoSection(tuple(run.run_id for run in runs))

    def text(self, section: EchoSection) -> list[str]:
        return [f"echo: {', '.join(section.echoes)}"] if section.echoes else []

    def html(self, section: EchoSection, record: SessionRecord) -> list[str]:
        return [f"<section><h2>Echo</h2>{len(section.echoes)}</section>"] if section.echoes else []

    def markdown(self, section: EchoSection) -> list[str]:
        return ["", f"echo: {len(section.echoes)}"] if section.echoes else []

    def settings_line(self, record: SessionRecord) -> str | None:
        return f"{len(record.runs)} echoes"


def test_a_new_scenario_in_the_list_gets_its_summary_section_and_text(
        monkeypatch: pytest.MonkeyPatch) -> None:
    record = load_snapshot(DATA / "v3-profile.fwprof")
    record.runs[0].scenario = "echo"
    extended = (*SCENARIOS, _Echo())
    monkeypatch.setattr(registry, "SCENARIOS", extended)
    document = build_summary(record)
    summary = document.to_json()
    assert summary["echo"] == [record.runs[0].run_id]
    assert len(summary["scripts"]) == len(record.runs) - 1
    assert f"echo: {record.runs[0].run_id}" in render_summary(document)


def test_a_new_scenario_in_the_list_gets_its_html_and_markdown(monkeypatch: pytest.MonkeyPatch) -> None:
    from fwprof.export import html_report, markdown_table

    record = load_snapshot(DATA / "v3-profile.fwprof")
    record.runs[0].scenario = "echo"
    extended = (*SCENARIOS, _Echo())
    monkeypatch.setattr(registry, "SCENARIOS", extended)
    page = html_report.render_html(record)
    assert page.index("<h2>Scripts</h2>") < page.index("<h2>Echo</h2>1</section>") < page.index(
        "<h2>Timelines</h2>")
    assert "\necho: 1\n" in markdown_table.render_markdown(build_summary(record))


@pytest.mark.parametrize(("name", "scenario"), OLD_FILES.items())
def test_the_report_is_titled_keyed_and_described_by_the_scenario_with_runs(name: str, scenario: str) -> None:
    from fwprof.export.html_report import render_html

    record = load_snapshot(DATA / f"{name}.fwprof")
    document = build_summary(record)
    owner = scenario_named(scenario)
    present = document.present()
    assert scenarios_in(document.to_json()) == present == [owner]
    assert lead_scenario(present, record) is owner
    page = render_html(record)
    assert f"<h1>{owner.headline}" in page
    assert ("<h2>Phases</h2>" in page) == ("<h2>Development effort</h2>" in page) == owner.with_phases
    line = settings_line(present, record)
    assert line and line in page.replace("&#x27;", "'")
    if scenario == "distributed":  # the scaling study, not the comparison's ABBA pairs
        assert "ABBA" not in line and "1, 2 workers on 1 node" in line and "compute-only" in line


def test_a_new_scenario_that_leads_titles_the_report(monkeypatch: pytest.MonkeyPatch) -> None:
    from fwprof.export import html_report

    record = load_snapshot(DATA / "v3-profile.fwprof")
    for run in record.runs:
        run.scenario = "echo"
    monkeypatch.setattr(registry, "SCENARIOS", (_Echo(), *SCENARIOS))
    page = html_report.render_html(record)
    assert "<h1>Echoes on this machine" in page and f"{len(record.runs)} echoes" in page
