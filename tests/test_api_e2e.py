"""The API as the counter scanner and the dossier system use it: `digitize serve` (a real
uvicorn on a free port) over a real Redis and the S3 test server, `digitize worker` doing the
work, `digitize verify` accepting the PDF that came back."""

from __future__ import annotations

import json
import subprocess

import httpx
import pytest

from tests import fixtures_pdf as fx
from tests.services import digitize_serve, moto_auth_off
from tests.support import DIGITIZE, cli_env

DOSSIER = "000.00.12.H02-230818-0077"


def _run(env: dict, *args: str) -> subprocess.CompletedProcess:
    done = subprocess.run([DIGITIZE, *args], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done


@pytest.fixture
def served(tmp_path, redis_url, conn, s3_env):
    """`digitize serve` on a free port; yields (base URL, environment)."""
    env = cli_env(tmp_path / "home", REDIS_URL=redis_url, DIGITIZE_STORAGE="s3://e2e/archive", **s3_env)
    env["DIGITIZE_WEBHOOKS"] = "off"
    _run(env, "keys", "init")
    with digitize_serve(env) as base:
        yield base, env


def test_upload_work_fetch_and_verify_over_http(served, tmp_path):
    base, env = served
    key = _run(env, "apikey", "create", "--name", "counter", "--scope", "submit,read").stdout.splitlines()[0]
    auth = {"Authorization": f"Bearer {key}"}
    scan = fx.born_digital_pdf(tmp_path / "đơn đề nghị.pdf")

    with httpx.Client(base_url=f"{base}/api/v1", headers=auth, timeout=30) as api:
        answer = api.post("/scans", files={"files": (scan.name, scan.read_bytes())}, data={"dossier_id": DOSSIER})
        assert answer.status_code == 202, answer.text
        (job,) = answer.json()["jobs"]
        assert job["file"] == scan.name
        assert api.get(f"/jobs/{job['id']}").json()["status"] == "queued"

        _run(env, "worker", "--burst")

        state = api.get(f"/jobs/{job['id']}").json()
        assert state["status"] == "archived", state
        dossier = api.get(f"/dossiers/{DOSSIER}").json()
        assert [d["id"] for d in dossier["documents"]] == state["document_ids"]

        pdf = api.get(f"/documents/{state['document_ids'][0]}/pdf")
        assert pdf.status_code in (302, 307), pdf.text  # on S3: a short-lived presigned URL
        with moto_auth_off(env["S3_ENDPOINT"]):
            signed = httpx.get(pdf.headers["location"], timeout=30)
        assert signed.status_code == 200 and signed.content.startswith(b"%PDF")

    (tmp_path / "fetched.pdf").write_bytes(signed.content)
    (report,) = [
        json.loads(line) for line in _run(env, "verify", "--json", str(tmp_path / "fetched.pdf")).stdout.splitlines()
    ]
    assert report["ok"] and report["file"].endswith("fetched.pdf"), report
