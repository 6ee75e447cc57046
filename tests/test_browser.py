"""The web page in a real browser: Debian's headless Chromium, driven by Playwright.

The server is started as a user starts it (``python -m nutrigraph serve``) on a free
port, and ended by its process id. No browser is downloaded: the tests use
``/usr/bin/chromium`` (``apt-get install chromium``), and are skipped without it,
unless ``CI_REQUIRE_BROWSER=1`` (set by ``.ci/run``) makes its absence a failure.
When a test fails, the page's screenshot and HTML are kept in ``tests/artifacts/``.
"""

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from nutrigraph.advice import NOT_ADVICE

pytestmark = pytest.mark.slow  # a server and a browser start: seconds

CHROMIUM = Path("/usr/bin/chromium")
# headless in a container: no sandbox (root), no GPU, and nothing fetched from Google
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
PHONE = {"width": 390, "height": 844}


def _unavailable(reason):
    """Skip, or fail when the run requires the browser (CI must not skip silently)."""
    if os.environ.get("CI_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason}, and CI_REQUIRE_BROWSER=1 requires the browser tests")
    pytest.skip(reason)


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The base URL of a ``nutrigraph serve`` of this test run, ended by its pid after."""
    port = _free_port()
    log = tmp_path_factory.mktemp("serve") / "serve.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "nutrigraph", "serve", "--host", "127.0.0.1", "--port",
             str(port), "--workers", "2"], stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                pytest.fail(f"the server ended ({process.returncode}): {log.read_text()}")
            try:
                with urllib.request.urlopen(url + "/", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail(f"the server did not answer in 60 s: {log.read_text()}")
                time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="module", autouse=True)
def chromium():
    """Debian's Chromium and Playwright, checked before any server starts."""
    if not CHROMIUM.exists():
        _unavailable(f"no {CHROMIUM} (apt-get install chromium)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        _unavailable("no playwright (pip install playwright; no browser download needed)")
    return CHROMIUM


@pytest.fixture(scope="module")
def browser(chromium):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(chromium),
                                              args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def _page_fixture(request, browser, **options):
    """A page in a fresh context; its screenshot and HTML kept when the test fails."""
    context = browser.new_context(**options)
    context.set_default_timeout(20_000)
    page = context.new_page()
    yield page
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", request.node.name)
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
        (ARTIFACTS / f"{name}.html").write_text(page.content(), encoding="utf-8")
        print(f"\nscreenshot and HTML of {page.url} in {ARTIFACTS / name}.*")
    context.close()


@pytest.fixture
def page(request, browser):
    yield from _page_fixture(request, browser, viewport={"width": 1200, "height": 900})


@pytest.fixture
def phone(request, browser):
    yield from _page_fixture(request, browser, viewport=PHONE, is_mobile=True,
                             has_touch=True)


@pytest.fixture
def no_script(request, browser):
    yield from _page_fixture(request, browser, java_script_enabled=False)


def test_run_a_named_query_and_follow_a_result_to_its_entity_page(server, page):
    from playwright.sync_api import expect

    page.goto(server + "/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ask the graph in SPARQL")
    page.get_by_role("link", name="how-magnesium-links-to-b12").click()
    expect(page).to_have_url(re.compile(r"/query\?name=how-magnesium-links-to-b12$"))
    results = page.locator(".results table")
    expect(results).to_contain_text("methylcobalamin")
    expect(page.locator(".results .count")).to_have_text(re.compile(r"^\d+ rows$"))
    expect(page.get_by_label("SPARQL query")).to_have_value(re.compile(r"SELECT \?nutrient"))

    results.get_by_role("link", name="ngk:magnesium").first.click()
    expect(page).to_have_url(re.compile(r"/entity\?iri=https%3A%2F%2Fw3id\.org"))
    expect(page.get_by_role("heading", level=1)).to_have_text("magnesium")
    identifiers = page.get_by_role("table", name="Standard identifiers")
    chebi = identifiers.get_by_role("link", name="CHEBI:18420")
    expect(chebi).to_have_attribute("href", "http://purl.obolibrary.org/obo/CHEBI_18420")
    expect(page.get_by_role("note")).to_contain_text(NOT_ADVICE)


def test_write_a_query_and_run_it_from_the_keyboard(server, page):
    from playwright.sync_api import expect

    page.goto(server + "/")
    editor = page.get_by_label("SPARQL query")
    editor.fill("SELECT DISTINCT ?form WHERE { ngk:vitamin-b12 ng:hasActiveForm ?form }")
    editor.press("Control+Enter")  # the page's one script
    expect(page.locator(".results .count")).to_have_text("2 rows")
    expect(page.locator(".results tbody")).to_contain_text("ngk:adenosylcobalamin")


def test_a_bad_query_shows_where_it_is_wrong_and_keeps_it(server, page):
    from playwright.sync_api import expect

    page.goto(server + "/")
    bad = "SELECT ?x WHERE {\n  ?x rdfs:label\n}"
    page.get_by_label("SPARQL query").fill(bad)
    page.get_by_role("button", name="Run query").click()
    expect(page.get_by_role("alert")).to_contain_text("syntax error at line 3, column 1")
    expect(page.get_by_label("SPARQL query")).to_have_value(bad)
    expect(page.get_by_role("note")).to_contain_text("not medical advice")


def test_explain_shows_the_routes_told_and_their_diagram(server, page):
    from playwright.sync_api import expect

    page.goto(server + "/explain")
    page.get_by_label("From").fill("magnesium")
    page.get_by_label("To", exact=True).fill("vitamin B12")
    page.get_by_role("button", name="Explain").click()
    diagram = page.get_by_role("img", name=re.compile("^Route diagram from magnesium"))
    expect(diagram).to_be_visible()
    box = diagram.bounding_box()
    assert box["width"] > 600 and box["height"] > 100  # drawn, at the page's width
    expect(page.locator("main")).to_contain_text("Magnesium is part of Mg-ATP.")
    expect(page.locator("article.is-disputed").first).to_contain_text("Disputed by")


def test_explain_with_an_unknown_name_says_so(server, page):
    from playwright.sync_api import expect

    page.goto(server + "/explain?source=magnesium&target=sugar")
    expect(page.get_by_role("alert")).to_contain_text("no entity named 'sugar'")
    expect(page.get_by_label("To", exact=True)).to_have_value("sugar")


def test_the_differential_from_its_form(server, page):
    from playwright.sync_api import expect

    page.goto(server + "/differential")
    page.get_by_label("Symptom 1").fill("fatigue")
    page.get_by_label("Symptom 2").fill("muscle cramps")
    page.get_by_role("button", name="Rank deficiencies").click()
    expect(page.get_by_role("rowheader").first).to_have_text("magnesium deficiency")


def test_the_keyboard_reaches_the_page_with_a_visible_focus(server, page):
    page.goto(server + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("""() => { const e = document.activeElement;
        return [e.textContent.trim(), getComputedStyle(e).outlineStyle]; }""")
    assert focused == ["Skip to the content", "solid"]
    page.keyboard.press("Enter")  # the skip link: the next Tab is inside <main>
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.closest('main') !== null")


@pytest.mark.parametrize("path", ["/", "/entity?iri=magnesium",
                                  "/explain?source=magnesium&target=vitamin+B12",
                                  "/differential?symptom=fatigue&symptom=tingling"])
def test_pages_fit_a_phone_screen(server, phone, path):
    phone.goto(server + path)
    width = phone.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{path} is {width}px wide on a {PHONE['width']}px screen"


def test_the_page_works_without_javascript(server, no_script):
    from playwright.sync_api import expect

    no_script.goto(server + "/")
    no_script.get_by_label("SPARQL query").fill("ASK { ngk:magnesium a ng:Nutrient }")
    no_script.get_by_role("button", name="Run query").click()
    expect(no_script.locator(".answer")).to_have_text("ASK: yes")
