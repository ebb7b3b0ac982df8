"""bench.quality's real scans: the loader finds the pages of ../shared/realscans with their
truth, and the rule they are held to (raw on each page, at most 60% of raw's word errors)."""

from __future__ import annotations

import pytest

from bench.metrics import score_page
from bench.quality import REALSCANS, real_jobs, real_verdict


def test_the_real_pages_are_read_with_their_truth():
    if not REALSCANS.is_dir():
        pytest.skip(
            f"no real scans here: {REALSCANS} is not there (it sits beside the repository on the team's machines)"
        )
    jobs = real_jobs(REALSCANS)
    assert jobs, f"no <name>.png with <name>.truth.txt in {REALSCANS}"
    for job in jobs:
        assert job.profile == "real" and job.rotation == 0 and job.truth.strip()
        assert score_page(job.truth, job.truth).f1 == 1.0
        assert score_page("", job.truth).f1 == 0.0


def test_no_folder_no_pages(tmp_path):
    assert real_jobs(tmp_path / "absent") == [] and real_jobs(None) == []
    (tmp_path / "a.png").write_bytes(b"")  # an image without its truth is not a test page
    (tmp_path / "b.png").write_bytes(b"")
    (tmp_path / "b.truth.txt").write_text("Điều 1.", encoding="utf-8")
    assert [j.file for j in real_jobs(tmp_path)] == [str(tmp_path / "b.png")]


def test_the_rule_for_real_pages():
    raw = [0.960, 0.915, 0.863, 0.918]  # the four shared pages, raw `tesseract -l vie`
    _, raw_mean, needed, holds = real_verdict(raw, raw)
    assert round(raw_mean, 3) == 0.914 and round(needed, 3) == 0.948 and not holds
    assert real_verdict([0.975, 0.935, 0.936, 0.969], raw)[3]
    assert not real_verdict([0.999, 0.999, 0.999, 0.917], raw)[3]  # below raw on one page
