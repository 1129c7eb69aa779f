"""Steps from every process of a script run: workers started with multiprocessing (spawn, fork,
forkserver) report their steps, labelled by pid, and they add up; DataLoader workers do not."""

from __future__ import annotations

import textwrap
from functools import partial
from pathlib import Path

import pytest
from cli_runner import fwprof as run_fwprof

from fwprof.results import RunResult
from fwprof.snapshot import load_snapshot

fwprof = partial(run_fwprof, timeout=300)

MANUAL_WORKERS = """
    import multiprocessing, sys, fwprof

    def work(steps):
        for _ in range(steps):
            fwprof.step()

    if __name__ == "__main__":
        context = multiprocessing.get_context(sys.argv[1])
        workers = [context.Process(target=work, args=(steps,)) for steps in (13, 29)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        assert [worker.exitcode for worker in workers] == [0, 0]
        print("pids", *[worker.pid for worker in workers])
"""

HOGWILD = """
    import torch, torch.multiprocessing as mp

    def train(model, steps):
        torch.set_num_threads(1)
        optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
        data, target = torch.randn(8, 4), torch.randn(8, 1)
        for _ in range(steps):
            optimizer.zero_grad()
            torch.nn.functional.mse_loss(model(data), target).backward()
            optimizer.step()

    if __name__ == "__main__":
        mp.set_start_method("spawn")
        model = torch.nn.Linear(4, 1)
        model.share_memory()
        workers = [mp.Process(target=train, args=(model, 20)) for _ in range(2)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        print("pids", *[worker.pid for worker in workers])
"""

KERAS_WORKERS = """
    import multiprocessing

    def fit(epochs):
        import numpy as np, keras
        model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])
        model.compile("sgd", "mse")
        model.fit(np.zeros((32, 4)), np.zeros((32, 1)), batch_size=8, epochs=epochs, verbose=0)

    if __name__ == "__main__":
        workers = [multiprocessing.get_context("spawn").Process(target=fit, args=(epochs,))
                   for epochs in (1, 2)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        print("pids", *[worker.pid for worker in workers])
"""

DATALOADER = """
    import torch, fwprof

    class Data(torch.utils.data.Dataset):
        def __len__(self):
            return 16

        def __getitem__(self, index):
            fwprof.step()  # in a DataLoader worker: not a step of the run
            return torch.randn(4), torch.randn(1)

    if __name__ == "__main__":
        model = torch.nn.Linear(4, 1)
        optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
        for data, target in torch.utils.data.DataLoader(Data(), batch_size=4, num_workers=2):
            optimizer.zero_grad()
            torch.nn.functional.mse_loss(model(data), target).backward()
            optimizer.step()
"""


def _profile(tmp_path: Path, body: str, *args: str) -> tuple[RunResult, list[str], str]:
    script = tmp_path / "train.py"
    script.write_text(textwrap.dedent(body))
    out = tmp_path / "run.fwprof"
    result = fwprof("profile", "--quiet", "-o", str(out), str(script), *args)
    assert result.returncode == 0, result.stderr
    pids = next((line.split()[1:] for line in result.stdout.splitlines() if line.startswith("pids")), [])
    (run,) = load_snapshot(out).runs
    return run, pids, result.stdout


@pytest.mark.parametrize("method", ["spawn", "fork", "forkserver"])
def test_steps_of_two_workers_add_up_to_the_exact_total(tmp_path: Path, method: str) -> None:
    run, pids, report = _profile(tmp_path, MANUAL_WORKERS, method)
    assert len(run.steps) == 13 + 29
    by_process = run.info["steps_by_process"]
    assert sorted(counts["train"] for counts in by_process.values()) == [13, 29]
    assert sorted(by_process) == sorted(pids)  # labelled with the workers' own pids
    ends = run.steps.ends
    assert (ends[1:] >= ends[:-1]).all()  # in time order, whatever process made them
    shown = "; ".join(f"pid {pid}: {by_process[pid]['train']} train" for pid in sorted(pids, key=int))
    assert f"processes  {shown}" in report


def test_optimizer_steps_in_spawned_torch_workers_are_counted(tmp_path: Path) -> None:
    run, pids, _ = _profile(tmp_path, HOGWILD)
    assert len(run.steps) == 2 * 20
    by_process = run.info["steps_by_process"]
    assert by_process == {pid: {"train": 20} for pid in pids}
    assert run.info["step_source"] == "auto"


def test_dataloader_workers_report_no_steps(tmp_path: Path) -> None:
    run, _, _ = _profile(tmp_path, DATALOADER)
    assert len(run.steps) == 4  # the 4 optimizer steps; no item the workers loaded
    assert run.info["step_source"] == "auto"
    assert len(run.info["steps_by_process"]) == 1


def test_keras_batches_in_spawned_workers_are_counted(tmp_path: Path) -> None:
    run, pids, _ = _profile(tmp_path, KERAS_WORKERS)
    assert len(run.steps) == 4 * 1 + 4 * 2  # 4 batches an epoch, 1 and 2 epochs
    assert run.info["steps_by_process"] == {pids[0]: {"train": 4}, pids[1]: {"train": 8}}
    assert "keras" in run.info["frameworks"]  # the workers' imports are the run's frameworks


def test_steps_of_a_python_subprocess_count(tmp_path: Path) -> None:
    run, _, _ = _profile(tmp_path, """
        import subprocess, sys
        subprocess.run([sys.executable, "-c", "import fwprof\\nfor _ in range(7): fwprof.step()"],
                       check=True)
    """)
    assert len(run.steps) == 7 and len(run.info["steps_by_process"]) == 1
