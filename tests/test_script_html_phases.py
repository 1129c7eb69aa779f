"""The HTML export of a script run shows its phases: a time line and a table per phase."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

from cli_runner import fwprof
from export_records import check_html

from fwprof.export import export
from fwprof.snapshot import load_snapshot

SCRIPT = """
    import time, fwprof
    for epoch in range(3):
        with fwprof.phase("train"):
            time.sleep(0.05)
            fwprof.step()
        with fwprof.phase("<b>eval</b>"):
            time.sleep(0.02)
"""


def test_html_export_of_a_script_run_shows_its_phases(tmp_path: Path) -> None:
    script, out = tmp_path / "phases.py", tmp_path / "run.fwprof"
    script.write_text(textwrap.dedent(SCRIPT))
    result = fwprof("profile", "--quiet", "-o", str(out), str(script), timeout=120)
    assert result.returncode == 0, result.stderr
    (html_path,) = export(load_snapshot(out), "html", tmp_path / "report.html")
    text = html_path.read_text(encoding="utf-8")
    check_html(text)
    section = text[text.index("<h2>Script phases</h2>"):]
    section = section[:section.index("</section>")]
    assert "<b>" not in section and "&lt;b&gt;eval&lt;/b&gt;" in section
    bars = re.findall(r"<rect [^>]*><title>([^<]*):", section)
    assert bars.count("r001 train") == 3 and bars.count("r001 &lt;b&gt;eval&lt;/b&gt;") == 3
    rows = re.findall(r"<tr><td>r001</td><td>([^<]*)</td><td[^>]*>(\d+)</td>", section)
    assert rows == [("train", "3"), ("&lt;b&gt;eval&lt;/b&gt;", "3")]
