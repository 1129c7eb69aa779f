"""Every recommendation rule fires on constructed sessions with realistic numbers, and stays
quiet where its condition does not hold (rules that fire on real runs: test_advice_real.py)."""

from __future__ import annotations

import numpy as np
from advice_records import findings, long_first_step, noisy_steps, session, set_column
from converge_records import converge_record

from fwprof.advice.base import AdviceContext, Finding
from fwprof.advice.registry import RULES, recommend
from fwprof.advice.render import render_recommendations
from fwprof.outputs.summary import build_summary
from fwprof.outputs.text import render_summary


def test_every_rule_has_a_unique_name_and_findings_say_what_to_try() -> None:
    names = [rule.name for rule in RULES]
    assert len(names) == len(set(names)) >= 12
    document = build_summary(session(modes=("eager", "graph"), repeats=1))
    summary = document.to_json()
    assert summary["recommendations"], "one repeat and a slow TF eager should give findings"
    for finding in summary["recommendations"]:
        assert finding["title"] and finding["evidence"] and finding["advice"]
        assert finding["severity"] in ("warning", "tip")
    severities = [f["severity"] for f in summary["recommendations"]]
    assert severities == sorted(severities, key=("warning", "tip").index)
    text = render_summary(document)
    assert text.index("Verdict") < text.index("Recommendations:")
    assert render_recommendations([]) == []


def test_a_quiet_well_configured_session_has_no_findings() -> None:
    assert build_summary(session()).to_json()["recommendations"] == []


def test_eager_slower_fires_when_tf_function_is_faster() -> None:
    (finding,) = findings(session(modes=("eager", "graph")), "eager-slower")
    assert finding["title"].startswith("TensorFlow eager is 4.") and "tf.function" in finding["title"]
    assert "samples/s" in finding["evidence"] and "@tf.function" in finding["advice"]
    equal = {("tensorflow", "eager"): 0.002, ("tensorflow", "graph"): 0.002}
    assert findings(session(modes=("eager", "graph"), step_s=equal), "eager-slower") == []


def test_compile_slower_fires_when_torch_compile_loses_to_eager() -> None:
    slower = findings(session(modes=("eager", "compiled"), step_s={("torch", "compiled"): 0.002}),
                      "compile-slower")
    assert [f["scope"] for f in slower] == ["mlp train compiled (cpu), PyTorch"]
    assert "torch.compile (Inductor) is 1.6" in slower[0]["title"]
    faster = {("torch", "compiled"): 0.0008, ("tensorflow", "compiled"): 0.0015}
    assert findings(session(modes=("eager", "graph", "compiled"), step_s=faster), "compile-slower") == []


def test_compile_time_exceeding_the_measured_time_fires() -> None:
    record = session(modes=("eager", "compiled"), frameworks=("torch",),
                     step_s={("torch", "compiled"): 0.001})
    for run in record.runs:
        if run.run_spec.mode == "compiled":
            long_first_step(run, 14.0)
            run.info["compile_cache"] = "cold"
    (finding,) = findings(record, "compile-exceeds-measure")
    assert "14" in finding["evidence"] and "cold cache" in finding["evidence"]
    assert "repays that after about" in finding["evidence"] and "pays for itself" in finding["advice"]
    quick = session(modes=("eager", "compiled"), frameworks=("torch",))
    assert findings(quick, "compile-exceeds-measure") == []


def test_retracing_and_graph_breaks_fire_on_their_counters() -> None:
    record = session(modes=("graph", "compiled"))
    for run in record.runs:
        if run.run_spec.framework == "tensorflow" and run.run_spec.mode == "graph":
            run.counters = {"traces": 4, "retraces": 3}
        if run.run_spec.framework == "torch" and run.run_spec.mode == "compiled":
            run.counters = {"frames_compiled": 2, "graph_breaks": 1, "unique_graphs": 2, "unsupported": 0}
    titles = sorted(f["title"] for f in findings(record, "retracing"))
    assert titles == ["tf.function retraced 3 time(s)", "torch.compile broke the graph 1 time(s)"]
    clean = session(modes=("graph",))
    for run in clean.runs:
        run.counters = {"traces": 1, "retraces": 0} if run.run_spec.framework == "tensorflow" else {}
    assert findings(clean, "retracing") == []


def test_oversubscribed_threads_fire_for_too_many_threads_or_too_much_cpu() -> None:
    (too_many, *_) = findings(session(threads=4, cores=2), "threads-oversubscribed")
    assert too_many["title"] == "4 threads on 2 cores: oversubscribed"
    busy = session(threads=1, cores=4)
    for run in busy.runs:
        set_column(run, "cpu_percent", lambda own: own * 2.6)  # ~250 % with one thread
        set_column(run, "sys_cpu_percent", lambda own: (own + 10) / 4)
    busier = findings(busy, "threads-oversubscribed")
    assert busier and "cores with 1 thread(s) set" in busier[0]["title"]
    assert findings(session(threads=2, cores=2), "threads-oversubscribed") == []


def test_unequal_threads_fire_when_the_frameworks_read_back_different_counts() -> None:
    record = session()
    for run in record.runs:
        if run.run_spec.framework == "tensorflow":
            run.info["threads"] = 1
    (finding,) = findings(record, "threads-unequal")
    assert "PyTorch 2 intra-op" in finding["evidence"] and "TensorFlow 1 intra-op" in finding["evidence"]
    assert findings(session(), "threads-unequal") == []


def test_gpu_busy_below_half_fires() -> None:
    record = session(device="cuda")
    for run in record.runs:
        set_column(run, "gpu_busy_percent", lambda t: np.full(t.size, 31.0))
    results = findings(record, "gpu-underused")
    assert len(results) == 2 and "31 %" in results[0]["title"]
    busy = session(device="cuda")
    for run in busy.runs:
        set_column(run, "gpu_busy_percent", lambda t: np.full(t.size, 93.0))
    assert findings(busy, "gpu-underused") == []


def test_memory_growing_through_the_measure_phase_fires() -> None:
    record = session()
    leaking = record.runs[0]
    set_column(leaking, "rss_bytes", lambda t: 3e8 + 40e6 * (t - t[0]))  # 40 MB/s
    (finding,) = findings(record, "memory-growth")
    assert finding["scope"] == "mlp train eager (cpu), PyTorch" and "MiB/s" in finding["evidence"]
    steady = session()
    rng = np.random.default_rng(1)
    for run in steady.runs:
        set_column(run, "rss_bytes", lambda t: 3e8 + 2e6 * rng.standard_normal(t.size))
    assert findings(steady, "memory-growth") == []


def test_noise_with_outside_load_fires_and_names_the_load() -> None:
    record = session()
    rng = np.random.default_rng(2)
    for run in record.runs:
        noisy_steps(run, rng)
        set_column(run, "sys_cpu_percent", lambda own: np.full(own.size, 98.0))  # both cores busy
    (finding,) = findings(record, "noisy-interference")
    assert finding["title"] == "noisy measurements while other processes were busy"
    assert finding["evidence"].count("other processes used up to 1.0 cores") == 2
    assert finding["scope"] == "2 configurations"
    quiet_but_noisy = session()
    for run in quiet_but_noisy.runs:
        noisy_steps(run, rng)
    assert findings(quiet_but_noisy, "noisy-interference")[0]["title"] == "noisy measurements"
    assert findings(session(), "noisy-interference") == []


def test_few_repeats_fires_below_three_processes() -> None:
    (finding,) = findings(session(repeats=1), "few-repeats")
    assert finding["title"] == "only 1 fresh process(es) per configuration"
    assert findings(session(repeats=3), "few-repeats") == []


def test_convergence_rules_fire_on_divergence_and_missed_targets() -> None:
    diverged = converge_record(finals={"torch": 0.975, "tensorflow": 0.92})
    (parity,) = findings(diverged, "converge-parity")
    assert "do not train alike" in parity["title"] and "final accuracy differs" in parity["evidence"]
    (target,) = findings(diverged, "converge-target")
    assert target["title"] == "TensorFlow reached 95% in 0 of 3 seed(s)"
    assert findings(converge_record(), "converge-parity") == []
    assert findings(converge_record(), "converge-target") == []
    (few,) = findings(converge_record(seeds=2), "converge-parity")
    assert "cannot be judged" in few["title"]


def test_a_custom_rule_list_runs_alone() -> None:
    class Always:
        name = "always"

        def check(self, context: AdviceContext) -> list[Finding]:
            return [Finding(self.name, "tip", "t", "e", "a")]

    assert [f.rule for f in recommend(AdviceContext(), [Always()])] == ["always"]


def test_html_and_markdown_carry_the_recommendations_and_startup_cost() -> None:
    from export_records import check_html

    from fwprof.export.html_report import render_html
    from fwprof.export.markdown_table import render_markdown

    record = session(modes=("eager", "graph"), repeats=3)
    page = render_html(record, "s")
    check_html(page)
    assert page.index("<h2>Verdict</h2>") < page.index("<h2>Recommendations</h2>")
    assert "TensorFlow eager is 4." in page and "<h2>Start-up cost</h2>" in page
    assert "<h2>Development effort</h2>" in page
    text = render_markdown(build_summary(record))
    assert "**Recommendations**" in text and "`eager-slower`" in text
