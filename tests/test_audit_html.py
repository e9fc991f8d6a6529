"""The HTML audit page in headless Chromium: renders cleanly, charts present, spans match."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from test_audit import RECORDS

import disclosure_check as dc
import disclosure_check.audits.html as report_html
from disclosure_check.audits import audit
from disclosure_check.audits.html import render_html

ARTIFACTS = Path(__file__).parent / "artifacts"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run"]


class Marks(HTMLParser):
    """(post id, data-span, text) of every <mark> inside an evidence <article>."""

    def __init__(self) -> None:
        super().__init__()
        self.post: str | None = None
        self.open: str | None = None
        self.found: list[tuple[str, str, str]] = []
        self.svgs = 0
        self.bars = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "article":
            self.post = a.get("data-post")
        elif tag == "mark" and self.post:
            self.open = a.get("data-span")
            self.found.append((self.post, self.open or "", ""))
        elif tag == "svg" and "chart" in (a.get("class") or ""):
            self.svgs += 1
        elif tag == "rect" and "bar" in (a.get("class") or ""):
            self.bars += 1

    def handle_endtag(self, tag):
        if tag == "mark":
            self.open = None
        elif tag == "article":
            self.post = None

    def handle_data(self, data):
        if self.open is not None:
            post, span, text = self.found[-1]
            self.found[-1] = (post, span, text + data)


@pytest.fixture(scope="module")
def page():
    result = audit(RECORDS, jurisdiction="FR", language="fr")
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / "audit-report.html"
    path.write_text(render_html(result), encoding="utf-8")
    return result, path


def test_page_is_one_file_that_loads_nothing(page):
    _, path = page
    html = path.read_text(encoding="utf-8")
    assert not re.search(r"""(?:src|href)\s*=|url\(|@import|<script""", html, re.I)


def test_each_evidence_post_shows_its_fit(page):
    result, path = page
    html = path.read_text(encoding="utf-8")
    for example in result["lea"].examples:
        article = html.split(f'data-post="{example.id}"', 1)[1].split("</article>", 1)[0]
        shown = re.search(r'<span class="fit">fit ([0-9.]+)</span>', article)
        assert (shown and float(shown.group(1))) == (
            None if example.fit is None else round(example.fit, 2)
        )
        if example.fit is not None:  # the notebook view shows it too
            assert f"{example.status} fit {example.fit:.2f}</p>" in result["lea"]._repr_html_()


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (apt-get install chromium)")
def test_chromium_renders_charts_and_highlighted_spans_without_console_errors(page):
    result, path = page
    run = subprocess.run(
        [CHROMIUM, *FLAGS, "--enable-logging=stderr", "--v=0", "--dump-dom", path.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    console = [line for line in run.stderr.splitlines() if "CONSOLE" in line]
    assert console == []
    marks = Marks()
    marks.feed(run.stdout)
    assert marks.svgs >= 2 * len(result)  # at least the score ring and the disclosure chart
    assert marks.bars > 0
    captions = {e.id: e.caption for a in result for e in a.examples}
    assert marks.found
    whole = 0
    for post, span, text in marks.found:
        start, end = map(int, span.split("-"))
        assert text in captions[post][start:end]
        whole += text == captions[post][start:end]
    assert whole >= len(marks.found) // 2  # most spans are highlighted whole

    shot = ARTIFACTS / "audit-report.png"
    shot.unlink(missing_ok=True)
    subprocess.run(
        [CHROMIUM, *FLAGS, "--window-size=1200,2400", f"--screenshot={shot}", path.as_uri()],
        capture_output=True,
        timeout=120,
        check=True,
    )
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert shot.stat().st_size > 20_000


def test_importing_the_library_and_the_audit_needs_no_jinja2():
    code = (
        "import sys, disclosure_check, disclosure_check.audits; "
        "sys.exit('jinja2' in sys.modules or 'markupsafe' in sys.modules)"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


def test_without_jinja2_the_page_says_which_extra_to_install(page, monkeypatch):
    result, _ = page
    monkeypatch.setattr(report_html, "jinja2", None)
    with pytest.raises(dc.DisclosureCheckError, match=r"disclosure-check\[report\]"):
        render_html(result)
