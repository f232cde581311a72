"""A real browser (Debian's headless Chromium, driven by Selenium through
Debian's chromedriver; nothing is downloaded) uses the search page as a
researcher would: phrase search, a facet, an article, a CSV export."""

from __future__ import annotations

import csv
import io
import os
import shutil
import threading
from pathlib import Path

import pytest

from baoku.settings import Settings

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
PHRASE = "区级工会加强年"
SEED_TITLE = "全国总工会赴门头沟调研“县级工会加强年”专项工作"
WAIT = 30  # seconds WebDriverWait may poll for a page load; never asserted


@pytest.fixture(scope="module")
def server(corpus_index):
    """The app under waitress on 127.0.0.1, an ephemeral port; stopped after the module."""
    from waitress import create_server

    from web import create_app

    app = create_app(Settings(index=str(corpus_index)))
    srv = create_server(app, host="127.0.0.1", port=0, threads=2)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{srv.effective_port}"

    def close_all() -> None:
        # Run in the server's own loop thread: closing its sockets from this
        # thread while it sat in select() made select raise EBADF.
        for channel in list(srv._map.values()):
            channel.close()

    srv.trigger.pull_trigger(close_all)
    thread.join(timeout=WAIT)
    srv.task_dispatcher.shutdown()


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
        pytest.fail("install Debian's chromium and chromium-driver (scripts/test does: scripts/apt-packages)")
    os.environ["SE_OFFLINE"] = "true"  # Selenium Manager must never fetch a browser or driver
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tmp_path_factory.mktemp("chromium-profile")
    downloads = tmp_path_factory.mktemp("downloads")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        f"--user-data-dir={profile}",
        "--window-size=1280,1600",
        "--lang=zh-CN",
    ):
        options.add_argument(flag)
    options.add_experimental_option(
        "prefs", {"download.default_directory": str(downloads), "download.prompt_for_download": False}
    )
    driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    driver.execute_cdp_cmd(
        "Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)}
    )
    driver.downloads = downloads
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


def test_researcher_searches_narrows_reads_and_exports(server, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    wait = WebDriverWait(browser, WAIT)
    browser.get(server + "/")
    box = browser.find_element(By.ID, "q")
    box.send_keys(f'"{PHRASE}"', Keys.ENTER)
    wait.until(ec.presence_of_element_located((By.ID, "total")))
    assert int(browser.find_element(By.ID, "total").text) >= 1
    marks = [m.text for m in browser.find_elements(By.CSS_SELECTOR, ".snippet mark")]
    assert PHRASE in marks

    # a facet narrows the search and shows as a removable filter
    facet = browser.find_element(By.XPATH, "//aside[@class='facets']//a[normalize-space()='文章']")
    facet.click()
    wait.until(ec.url_contains("kind=article"))
    chip = browser.find_element(By.CSS_SELECTOR, ".chips a")
    assert "类型：文章" in chip.text
    results_url = browser.current_url

    # the article shows the phrase highlighted, on screen without scrolling
    browser.find_element(By.LINK_TEXT, SEED_TITLE).click()
    wait.until(ec.url_contains("/articles/"))
    assert browser.find_element(By.TAG_NAME, "h1").text == SEED_TITLE
    mark = next(m for m in browser.find_elements(By.CSS_SELECTOR, ".body mark") if m.text == PHRASE)
    assert mark.is_displayed()
    top = browser.execute_script("return arguments[0].getBoundingClientRect().top", mark)
    assert 0 <= top < browser.execute_script("return window.innerHeight")
    assert mark.value_of_css_property("background-color") != "rgba(0, 0, 0, 0)"

    # export the narrowed result set as CSV
    browser.get(results_url)
    browser.find_element(By.ID, "export-csv").click()
    target = browser.downloads / "baoku-export.csv"
    wait.until(lambda _: target.exists() and target.stat().st_size > 0)
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    assert SEED_TITLE in {r["title"] for r in rows}
    assert all(r["kind"] == "article" for r in rows)
