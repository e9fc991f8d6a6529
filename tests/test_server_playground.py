"""The playground page in headless Chromium: paste, check, highlights, no console errors.

Needs Debian's `chromium` and `chromium-driver` and the `selenium` package; skips without them.
Screenshots go to tests/artifacts/ (git-ignored) for a person to look at.
"""

from __future__ import annotations

import base64
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import TESTS

pytest.importorskip("starlette", reason="the server tests need the 'server' extra")
webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed")

from selenium.webdriver.chrome.options import Options  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402
from server_helpers import Client, running_server  # noqa: E402

import disclosure_check as dc  # noqa: E402

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None or DRIVER is None,
    reason="headless Chromium needs Debian's chromium and chromium-driver "
    "(apt-get install chromium chromium-driver)",
)
ARTIFACTS = TESTS / "artifacts"

# Emoji (astral, two UTF-16 units each), a ZWJ sequence and a flag before and between the spans.
CAPTION = "😍😍 Not sponsored 👩🏽‍💻 just love it, code EMMA20 🇬🇧 #gifted"


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    with running_server() as c:
        yield c


def _browser(language: str) -> Any:
    options = Options()
    options.binary_location = CHROMIUM or ""
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"):
        options.add_argument(argument)
    options.add_argument("--window-size=1280,900")
    options.add_argument(f"--lang={language}")
    options.add_experimental_option("prefs", {"intl.accept_languages": language})
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service(executable_path=DRIVER), options=options)


@pytest.fixture
def english() -> Iterator[Any]:
    driver = _browser("en-GB")
    yield driver
    driver.quit()


@pytest.fixture
def french() -> Iterator[Any]:
    driver = _browser("fr-FR")
    yield driver
    driver.quit()


def _open(driver: Any, client: Client) -> None:
    driver.get(client.base + "/")
    WebDriverWait(driver, 20).until(
        lambda d: d.execute_script("return document.body.dataset.ready === 'true'")
    )


def _paste_and_check(driver: Any, caption: str, markets: list[str]) -> None:
    box = driver.find_element(By.ID, "caption")
    box.click()
    # ChromeDriver cannot type characters outside the BMP (emoji); a paste sets the value and
    # fires the same input event.
    driver.execute_script(
        "arguments[0].value = arguments[1];"
        "arguments[0].dispatchEvent(new InputEvent('input', {bubbles: true}));",
        box,
        caption,
    )
    for code in markets:
        driver.find_element(By.CSS_SELECTOR, f"label[for='market-{code}']").click()
    driver.find_element(By.ID, "check-button").click()
    WebDriverWait(driver, 20).until(
        lambda d: (
            d.find_element(By.ID, "results").is_displayed()
            and d.find_elements(By.CSS_SELECTOR, "#findings li")
        )
    )


def _highlight_nodes(driver: Any) -> list[tuple[str, bool]]:
    nodes = driver.execute_script(
        "return Array.from(document.getElementById('highlighted').childNodes,"
        " n => [n.textContent, n.nodeName === 'MARK'])"
    )
    return [(text, marked) for text, marked in nodes]


def _covered(nodes: list[tuple[str, bool]]) -> set[int]:
    """Code-point offsets inside a <mark>, from the text the browser shows."""
    out: set[int] = set()
    offset = 0
    for text, marked in nodes:
        if marked:
            out.update(range(offset, offset + len(text)))
        offset += len(text)
    return out


def _console_errors(driver: Any) -> list[str]:
    return [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]


def _screenshot(driver: Any, name: str, width: int, mobile: bool) -> Path:
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": mobile},
    )
    shot = driver.execute_cdp_cmd(
        "Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True}
    )
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    path.write_bytes(base64.b64decode(shot["data"]))
    return path


def test_highlights_cover_exactly_the_finding_spans(english: Any, client: Client) -> None:
    _open(english, client)
    _paste_and_check(english, CAPTION, ["UK", "US"])
    report = dc.check(CAPTION, jurisdiction=["UK", "US"])
    assert report.findings, "the caption must have findings for this test to mean anything"
    expected = {i for f in report.findings for i in range(f.span.start, f.span.end)}
    nodes = _highlight_nodes(english)
    assert "".join(text for text, _ in nodes) == CAPTION
    assert _covered(nodes) == expected
    marked = [text for text, is_mark in nodes if is_mark]
    assert marked == ["Not sponsored", "#gifted"]
    # The denial's related evidence (the discount code) is shown too, dotted, not as a finding.
    evidence = english.execute_script(
        "return Array.from(document.querySelectorAll('#highlighted .evidence'), e => e.textContent)"
    )
    related = [CAPTION[s.start : s.end] for f in report.findings for s in f.related]
    assert evidence == ["EMMA20"]
    assert set(related) == {"EMMA20"}
    shown = english.find_elements(By.CSS_SELECTOR, "#findings li.finding code")
    assert [e.text for e in shown] == [f.rule_id for f in report.findings]
    corrected = english.find_element(By.ID, "corrected").get_property("value")
    assert corrected == report.corrected_caption
    assert _console_errors(english) == []
    _screenshot(english, "playground-desktop.png", 1280, mobile=False)
    _screenshot(english, "playground-phone.png", 390, mobile=True)
    width = english.execute_script("return document.documentElement.scrollWidth")
    assert width <= 390, "the page scrolls sideways on a phone"


def test_findings_show_help_and_regulator_sources(english: Any, client: Client) -> None:
    _open(english, client)
    _paste_and_check(english, "Use code EMMA20 at @glowco", ["UK"])
    finding = english.find_element(By.CSS_SELECTOR, "#findings li.finding")
    text = finding.text
    assert "How to fix:" in text
    assert "Start the caption with '#ad'" in text
    links = finding.find_elements(By.CSS_SELECTOR, "details a")
    rule = next(r for r in dc.Checker("UK").rules if r.id == "UK101")
    assert [a.get_attribute("href") for a in links] == [url for _, url, _ in rule.doc.sources]
    assert _console_errors(english) == []


def test_copy_button_copies_the_corrected_caption(english: Any, client: Client) -> None:
    english.execute_cdp_cmd(
        "Browser.grantPermissions",
        {"permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"]},
    )
    _open(english, client)
    _paste_and_check(english, "🎉 Use code EMMA20 at @glowco", ["UK"])
    english.find_element(By.ID, "copy-button").click()
    WebDriverWait(english, 10).until(lambda d: d.find_element(By.ID, "copy-status").text)
    copied = english.execute_async_script(
        "navigator.clipboard.readText().then(arguments[0], e => arguments[0]('ERR ' + e))"
    )
    assert copied == dc.check("🎉 Use code EMMA20 at @glowco", jurisdiction="UK").corrected_caption
    assert english.find_element(By.ID, "copy-status").text == "Copied."


def test_page_speaks_french_to_a_french_browser_and_switches(french: Any, client: Client) -> None:
    _open(french, client)
    assert french.find_element(By.ID, "check-button").text == "Vérifier"
    assert french.execute_script("return document.documentElement.lang") == "fr"
    _paste_and_check(french, "Merci @marque pour le code MARIE15 !", ["FR"])
    assert "constat" in french.find_element(By.ID, "status").text
    _screenshot(french, "playground-phone-fr.png", 390, mobile=True)
    switch = french.find_element(By.ID, "page-language")
    french.execute_script(
        "arguments[0].value = 'en'; arguments[0].dispatchEvent(new Event('change'))", switch
    )
    assert french.find_element(By.ID, "check-button").text == "Check"
    assert french.find_element(By.CSS_SELECTOR, "[data-i18n='findingsTitle']").text == "Findings"
    assert _console_errors(french) == []
