"""The systemd units in deploy/, checked by `systemd-analyze verify` where that tool exists."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.support import DIGITIZE, REPO

UNITS = sorted((REPO / "deploy").glob("*.service"))


def test_units_name_the_installed_command_and_the_queues():
    names = {unit.name for unit in UNITS}
    assert {"digitize-worker@.service", "digitize-watch.service", "digitize-serve.service"} <= names
    worker = (REPO / "deploy" / "digitize-worker@.service").read_text()
    assert "ExecStart=/opt/digitize/.venv/bin/digitize worker --queues counter,backlog" in worker
    assert "KillSignal=SIGTERM" in worker  # RQ's warm shutdown


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="no systemd-analyze here")
def test_units_verify(tmp_path):
    digitize = Path(DIGITIZE)
    if not digitize.exists():
        pytest.skip("the digitize command is not installed in .venv")
    for unit in UNITS:
        name = unit.name.replace("@.", "@1.")  # a template is verified as one of its instances
        text = unit.read_text().replace("/opt/digitize/.venv/bin/digitize", str(digitize))
        (tmp_path / name).write_text(text)
    done = subprocess.run(
        ["systemd-analyze", "verify", "--man=no", *sorted(str(p) for p in tmp_path.iterdir())],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
