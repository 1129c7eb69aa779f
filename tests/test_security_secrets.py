"""Secrets stay out of snapshots: environment variables whose names look secret are redacted
from the saved file and from the autosave, wherever they appear (``--env``, fwprof's own
environment, what the script prints or raises)."""

from __future__ import annotations

import gzip
import textwrap
from pathlib import Path

import pytest
from test_fault_tools import fwprof, start_fwprof, wait_for

from fwprof.snapshot import load_snapshot
from fwprof.snapshot.redact import REDACTED, Redactor, is_secret_name

SECRETS = {  # in fwprof's environment
    "AWS_SECRET_ACCESS_KEY": "wJalrXUtnFEMI-K7MDENG-EXAMPLEKEY",
    "GITHUB_TOKEN": "ghp_16C7e42F292c6912E7710c838347Ae178B4a",
}
SCRIPT_SECRETS = {  # given to the script with --env
    "HF_TOKEN": "hf_abcdefghijklmnopqrstuvwx",
    "DB_PASSWORD": "correct-horse-battery",
}
SCRIPT = """
    import os, sys, time, fwprof
    time.sleep(float(sys.argv[-1]))  # long enough for the test to read the autosave
    token = os.environ["HF_TOKEN"]
    print("using", token, os.environ["GITHUB_TOKEN"])
    fwprof.step()
    raise RuntimeError(f"login failed for {token} with {os.environ['DB_PASSWORD']}")
"""


def _secrets_in(path: Path) -> list[str]:
    text = gzip.decompress(path.read_bytes()).decode()
    return [value for value in (*SECRETS.values(), *SCRIPT_SECRETS.values()) if value in text]


def test_secrets_are_redacted_from_the_snapshot_and_the_autosave(tmp_path: Path) -> None:
    script = tmp_path / "leaky.py"
    script.write_text(textwrap.dedent(SCRIPT))
    out, recovery = tmp_path / "out.fwprof", tmp_path / "recovery"
    env_args = [arg for name, value in SCRIPT_SECRETS.items() for arg in ("--env", f"{name}={value}")]
    args = ["profile", "-o", str(out), *env_args, str(script), "--token", SCRIPT_SECRETS["HF_TOKEN"]]
    proc = start_fwprof(*args, "1.5", recovery=recovery, OMP_NUM_THREADS="3", **SECRETS)
    autosave = wait_for(lambda: list(recovery.glob("*.fwprof")), what="the autosave")[0]
    assert _secrets_in(autosave) == []
    proc.communicate(timeout=60)
    assert proc.returncode == 1
    assert _secrets_in(out) == []
    (run,) = load_snapshot(out).runs
    assert dict(run.script_spec.env) == {"HF_TOKEN": REDACTED, "DB_PASSWORD": REDACTED}
    assert run.script_spec.args == ("--token", REDACTED, "1.5")
    assert f"using {REDACTED} {REDACTED}" in run.stdout_tail
    assert run.error == f"RuntimeError: login failed for {REDACTED} with {REDACTED}"
    assert load_snapshot(out).environment["env"]["OMP_NUM_THREADS"] == "3"  # not a secret: kept

    shown = fwprof("show", str(out), recovery=recovery)
    assert not [value for value in SCRIPT_SECRETS.values() if value in shown.stdout]


@pytest.mark.parametrize("name", [
    "HF_TOKEN", "GITHUB_TOKEN", "OPENAI_API_KEY", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
    "DB_PASSWORD", "MYSQL_PWD_PASSWORD", "GOOGLE_APPLICATION_CREDENTIALS", "SSH_AUTH_SOCK",
    "PRIVATE_KEY_PATH", "api_key", "Session_Cookie", "KEY", "SIGNING_KEYS", "WANDB_APIKEY",
])
def test_secret_looking_names(name: str) -> None:
    assert is_secret_name(name)


@pytest.mark.parametrize("name", [
    "OMP_NUM_THREADS", "CUDA_VISIBLE_DEVICES", "KMP_AFFINITY", "TF_XLA_FLAGS", "MONKEY_MODE", "HOME",
    "PATH", "KEYBOARD_LAYOUT", "TORCHINDUCTOR_CACHE_DIR", "PYTHONPATH",
])
def test_ordinary_names(name: str) -> None:
    assert not is_secret_name(name)


def test_the_redactor_copies_and_never_changes_its_input() -> None:
    data = {"env": {"HF_TOKEN": "abc", "N": "1"}, "pairs": [["API_KEY", "k"], ["X", "y"]],
            "log": "token=s3cr3t-value!", "series": {"t": [1.0], "HF_TOKEN": ["stays: numbers only"]}}
    redacted = Redactor({"s3cr3t-value"})(data)
    assert redacted == {"env": {"HF_TOKEN": REDACTED, "N": "1"}, "pairs": [["API_KEY", REDACTED], ["X", "y"]],
                        "log": f"token={REDACTED}!", "series": data["series"]}
    assert data["env"]["HF_TOKEN"] == "abc" and data["pairs"][0][1] == "k"
