"""The atlas's site in a real browser (headless Chromium via selenium and Debian's
chromium-driver): every picture loads, no console error, the layer and filter pages and the
search box navigate. Skips with its reason where there is no browser or no selenium."""

import shutil

import pytest

from atlas import plan, site

CHROMEDRIVER = shutil.which("chromedriver")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(not (CHROMEDRIVER and CHROMIUM),
                                reason="no chromium / chromedriver here (Debian: apt-get install "
                                       "chromium chromium-driver; `make test` does so as root)")


@pytest.fixture(scope="module")
def browser():
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed "
                                    "(requirements-atlas.txt, `make atlas`)")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1400,1000",
                 "--allow-file-access-from-files"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=webdriver.ChromeService(CHROMEDRIVER))
    yield driver
    driver.quit()


def _check_page(driver):
    """Every picture of the page loaded (lazy ones made eager first); no console error."""
    driver.execute_script("document.querySelectorAll('img').forEach(i => i.loading = 'eager')")
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, 10).until(lambda d: d.execute_script(
        "return [...document.images].every(i => i.complete)"))
    broken = driver.execute_script(
        "return [...document.images].filter(i => !i.naturalWidth).map(i => i.src)")
    assert not broken, broken
    errors = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    assert not errors, errors
    return driver.execute_script("return document.images.length")


def test_pages_load_and_navigate(tmp_path, settings, pool_class, browser):
    chunks = plan.make_chunks(["legacy", "modern"], ["conv1_1", "conv3_1"], [0, 1, 2, 3, 4], 2)
    plan.drive(chunks, str(tmp_path), pool_class())
    index = site.build(str(tmp_path), settings)
    from selenium.webdriver.common.by import By

    browser.get("file://" + index)
    _check_page(browser)
    browser.find_element(By.LINK_TEXT, "conv3_1").click()
    assert browser.current_url.endswith("/conv3_1.html")
    assert _check_page(browser) == 5
    browser.find_elements(By.CSS_SELECTOR, "a.cell")[2].click()
    assert browser.current_url.endswith("/filters/conv3_1_f0002.html")
    assert _check_page(browser) == 3  # legacy | modern | difference
    browser.find_element(By.LINK_TEXT, "3 \u2192").click()  # next filter
    assert browser.current_url.endswith("/filters/conv3_1_f0003.html")
    box = browser.find_element(By.ID, "q")
    box.send_keys("block1_conv1 4\n")
    assert browser.current_url.endswith("/filters/conv1_1_f0004.html")
    _check_page(browser)
    box = browser.find_element(By.ID, "q")
    box.send_keys("conv1_1 60\n")  # not rendered: said on the page, no navigation
    assert browser.find_element(By.ID, "msg").text == "conv1_1 60: not in this atlas"
