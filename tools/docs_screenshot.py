"""Retake the playground picture on the docs' home page (docs/img/playground.png).

    python tools/docs_screenshot.py

Needs the `server` extra, `selenium`, and Debian's `chromium` and `chromium-driver`. Starts
`disclosure-check serve` on a free loopback port, pastes CAPTION, ticks MARKETS, presses Check and
saves the page. Run it again when the playground or the rules' wording changes.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

OUT = Path(__file__).resolve().parent.parent / "docs" / "img" / "playground.png"
CAPTION = (
    "Obsessed with this serum! Not sponsored, just love it. Use code EMMA20 at @glowco #gifted"
)
MARKETS = ("UK", "FR")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_up(base: str) -> None:
    for _ in range(100):
        try:
            urllib.request.urlopen(base + "/health", timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    sys.exit(f"the server at {base} did not answer")


def _browser() -> webdriver.Chrome:
    options = Options()
    options.binary_location = shutil.which("chromium") or ""
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1000,900"):
        options.add_argument(argument)
    return webdriver.Chrome(service=Service(shutil.which("chromedriver") or ""), options=options)


def main() -> None:
    port = _free_port()
    server = subprocess.Popen(["disclosure-check", "serve", "--port", str(port)])
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_up(base)
        driver = _browser()
        driver.get(base + "/")
        WebDriverWait(driver, 20).until(
            lambda d: d.execute_script("return document.body.dataset.ready === 'true'")
        )
        box = driver.find_element(By.ID, "caption")
        box.send_keys(CAPTION)
        for code in MARKETS:
            driver.find_element(By.CSS_SELECTOR, f"label[for='market-{code}']").click()
        driver.find_element(By.ID, "check-button").click()
        WebDriverWait(driver, 20).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#findings li"))
        height = driver.execute_script("return document.documentElement.scrollHeight")
        driver.set_window_size(1000, height + 40)
        OUT.parent.mkdir(exist_ok=True)
        driver.save_screenshot(str(OUT))
        driver.quit()
    finally:
        server.terminate()
        server.wait()
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
