"""The review station in a real headless browser (Debian's chromium through Selenium) against
`digitize serve` on a free port, over records the CLI made from the sample set plus one
document whose ID disagrees with its gender: a reviewer logs in, opens the queue and the
flagged document, sees the doubtful value's box over its words, corrects it with the keyboard
only, saves, and the next document opens; the API then serves the corrected record.

Set REVIEW_SCREENSHOT=path.png to keep the document view's screenshot (the README's picture)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import httpx
import pdfplumber
import pytest

from tests.browser import headless_chromium
from tests.services import digitize_serve
from tests.support import DIGITIZE, REPO, cli_env
from tests.test_review_station import FLAGGED_LINES, PASSWORD

SAMPLES = [
    REPO / "samples" / "set" / "birth_certificate-clean-150dpi.png",
    REPO / "samples" / "set" / "application_form-digital.pdf",
]
pytestmark = pytest.mark.tesseract


def _run(env: dict, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    done = subprocess.run([DIGITIZE, *args], env=env, input=stdin, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return done


@pytest.fixture
def station(tmp_path):
    """Records in a fresh home, a reviewer, a read key, and `digitize serve` on a free port."""
    from tests import fixtures_pdf as fx

    env = cli_env(tmp_path / "home")
    env["DIGITIZE_WEBHOOKS"] = "off"
    flagged = fx.born_digital_pdf(tmp_path / "giay-khai-sinh.pdf", FLAGGED_LINES)
    out = _run(env, "process", str(flagged), *map(str, SAMPLES), "--json").stdout
    records = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    _run(env, "user", "create", "lan", "--role", "reviewer", stdin=f"{PASSWORD}\n{PASSWORD}\n")
    key = _run(env, "apikey", "create", "--name", "dossier-system", "--scope", "read").stdout.splitlines()[0]
    with digitize_serve(env) as base:
        yield {"base": base, "env": env, "records": records, "flagged": flagged, "key": key}


def _browser():
    return headless_chromium("1440,900", "--lang=vi")


def _wait(driver, condition, what: str, timeout: float = 20):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout).until(lambda d: condition(d), message=what)


# The box drawn for a field, as fractions of its page image, and what is drawn at its centre.
BOX = """
const box = document.getElementById('box-' + arguments[0]);
if (!box) return null;
const img = box.parentElement.querySelector('img');
const b = box.getBoundingClientRect(), i = img.getBoundingClientRect();
const hit = document.elementFromPoint(b.left + b.width / 2, b.top + b.height / 2);
return {active: box.classList.contains('active'), loaded: img.complete && img.naturalWidth > 0,
        x0: (b.left - i.left) / i.width, x1: (b.right - i.left) / i.width,
        top: (b.top - i.top) / i.height, bottom: (b.bottom - i.top) / i.height,
        on_top: hit === box};
"""


def _words_fraction(pdf: Path, text: str) -> dict:
    """Where `text`'s words are on the first page, as fractions of the page (top-left origin)."""
    with pdfplumber.open(pdf) as doc:
        page = doc.pages[0]
        [word] = [w for w in page.extract_words() if w["text"] == text]
        return {
            "x0": word["x0"] / page.width,
            "x1": word["x1"] / page.width,
            "top": word["top"] / page.height,
            "bottom": word["bottom"] / page.height,
        }


def test_a_reviewer_corrects_a_flagged_document_by_keyboard(station, tmp_path, monkeypatch):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    base, records = station["base"], station["records"]
    flagged = next(r for r in records if r["source"].endswith("giay-khai-sinh.pdf"))
    assert {"invalid:personal_id", "invalid:gender"} <= set(flagged["review_reasons"])
    others = {r["id"] for r in records if r["needs_review"] and r["id"] != flagged["id"]}
    assert others, "the sample documents are flagged too (no dossier code)"

    driver = _browser()
    keys = lambda *k: ActionChains(driver).send_keys(*k).perform()  # noqa: E731  (to whatever has focus)
    chord = lambda mod, key: ActionChains(driver).key_down(mod).send_keys(key).key_up(mod).perform()  # noqa: E731
    try:
        # log in, keyboard only
        driver.get(f"{base}/review/queue")
        _wait(driver, lambda d: d.switch_to.active_element.get_attribute("id") == "username", "login form focused")
        keys("lan", Keys.TAB, PASSWORD, Keys.ENTER)
        _wait(driver, lambda d: d.current_url.endswith("/review/queue"), "the queue after login")

        # the queue: every flagged record, oldest first (the CLI made the flagged one first)
        rows = [tr.get_attribute("data-doc") for tr in driver.find_elements(By.CSS_SELECTOR, "tr[data-doc]")]
        assert rows[0] == flagged["id"] and set(rows) == {flagged["id"], *others}
        driver.find_element(By.CSS_SELECTOR, f'tr[data-doc="{flagged["id"]}"] a').click()
        _wait(driver, lambda d: f"/review/doc/{flagged['id']}" in d.current_url, "the document view")

        # the first doubtful field has the focus and its box is lit over its words
        _wait(driver, lambda d: (d.execute_script(BOX, "gender") or {}).get("loaded"), "page image and boxes")
        assert driver.switch_to.active_element.get_attribute("id") == "f-gender"
        assert driver.execute_script(BOX, "gender")["active"]

        keys(Keys.ENTER)  # the gender read is right: accept it, move on
        _wait(driver, lambda d: d.switch_to.active_element.get_attribute("id") == "f-personal_id", "next field")
        shown = driver.execute_script(BOX, "personal_id")
        assert shown["active"] and shown["on_top"], shown
        words = _words_fraction(station["flagged"], "077219001234")
        for edge in ("x0", "x1", "top", "bottom"):
            assert abs(shown[edge] - words[edge]) < 0.02, (edge, shown, words)

        # typed values are checked as they are typed, with the pipeline's validators
        keys("077219001235")
        problem = _wait(driver, lambda d: d.find_element(By.ID, "check-personal_id").text, "a live check")
        assert "male" in problem
        chord(Keys.CONTROL, "a")
        keys("077 319 001234")
        _wait(driver, lambda d: "good" in d.find_element(By.ID, "check-personal_id").get_attribute("class"), "valid")
        assert "077319001234" in driver.find_element(By.ID, "check-personal_id").text

        chord(Keys.ALT, "r")  # settle "no dossier yet" / "type is right" with one key
        ticked = driver.find_elements(By.CSS_SELECTOR, "input.one-key")
        assert ticked and all(box.is_selected() for box in ticked)

        shot = tmp_path / "review-station.png"
        driver.save_screenshot(str(shot))
        if os.environ.get("REVIEW_SCREENSHOT"):
            shutil.copy(shot, os.environ["REVIEW_SCREENSHOT"])

        chord(Keys.CONTROL, Keys.ENTER)  # save, and the next document
        _wait(driver, lambda d: "/review/doc/" in d.current_url and flagged["id"] not in d.current_url, "next doc")
        assert driver.current_url.split("/review/doc/")[1].split("?")[0] in others

        # the page zooms (the boxes are placed in percentages of it, so they follow)
        width = driver.execute_script("return document.getElementById('page-1').getBoundingClientRect().width")
        driver.find_element(By.ID, "zoom-in").click()
        zoomed = driver.execute_script("return document.getElementById('page-1').getBoundingClientRect().width")
        assert zoomed > 1.2 * width, (width, zoomed)
    finally:
        driver.quit()

    # what the dossier system now reads
    auth = {"Authorization": f"Bearer {station['key']}"}
    record = httpx.get(f"{base}/api/v1/documents/{flagged['id']}", headers=auth, timeout=30).json()
    assert record["fields"]["personal_id"]["value"] == "077319001234"
    assert record["fields"]["gender"]["value"] == "female"
    assert record["needs_review"] is False and record["review_reasons"] == []
    assert record["reviewed_by"] == "lan"

    from digitize.config import load_settings
    from storage.index import Index

    for name in ("DATABASE_URL", "DIGITIZE_STORAGE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DIGITIZE_HOME", station["env"]["DIGITIZE_HOME"])
    index = Index(load_settings().database_url)
    [entry] = index.audit_trail(flagged["id"])
    index.close()
    assert entry["actor"] == "lan" and entry["action"] == "review"
    assert entry["changes"]["personal_id"] == ["077219001234", "077319001234"]
