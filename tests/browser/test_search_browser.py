"""Search in a real browser: the header's box, the search page, filters, offline, axe, `make serve`.

Pagefind's index is fetched and run (WebAssembly) from the local test server;
the `traffic` record proves that nothing else is contacted.
"""

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

ROOT = Path(__file__).resolve().parents[2]
SEARCH = "search/"
KLOUT = "/2011/10/clouting-klout/"
RECAP = "/2011/10/cmgrchat-recap-klout-and-influence-scores/"
DECK = "/presentations/why-your-customers-need-an-online-community/"
CONTENT = ROOT / "tests" / "fixtures" / "site" / "content"  # the sample site the `site` fixture builds
DECK_SOURCE = CONTENT / "presentations" / "why-your-customers-need-an-online-community.md"
# A word only the deck's speaker notes use ("…maintained by habits, not launches").
NOTES_WORD = "launches"


def results(page):
    """The listed results as (path, title), in order, once the search has answered."""
    expect(page.locator("#search-status")).to_contain_text("found")
    links = page.locator(".search-result-title a")
    return [
        (urlsplit(href).path, title)
        for href, title in zip(
            links.evaluate_all("links => links.map(a => a.href)"), links.all_text_contents()
        )
    ]


def search_page(visit, query):
    page = visit(f"{SEARCH}?{query}")
    results(page)
    return page


def test_header_box_finds_the_post_first(visit, page, traffic):
    """Type "Klout" in the header's box, submit: the search page lists "Clouting Klout" first."""
    visit("")
    box = page.get_by_role("search", name="Site")
    box.get_by_label("Search this site").fill("Klout")
    box.get_by_role("button", name="Search").click()
    page.wait_for_url(re.compile(r"/search/\?q=Klout$"))
    found = results(page)
    assert found[0] == (KLOUT, "Clouting Klout"), found
    assert (RECAP, "#cmgrchat recap: Klout and influence scores") in found
    expect(page.get_by_label("Search for")).to_have_value("Klout")
    first = page.locator(".search-result").first
    expect(first.locator(".search-result-excerpt mark").first).to_have_text(re.compile(r"^klout\b", re.I))
    expect(first.locator(".search-result-meta")).to_contain_text("Category: Community Management")
    expect(page.locator("#search-status")).to_have_text(f"{len(found)} pages found for “Klout”.")
    page.locator(".search-result-title a").first.click()
    page.wait_for_url(f"**{KLOUT}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Clouting Klout")
    traffic.assert_clean()


def test_a_word_of_the_speaker_notes_finds_the_deck(visit, page, traffic):
    stem = re.compile(r"\blaunch", re.I)
    users = sorted(p.relative_to(ROOT).as_posix() for p in CONTENT.rglob("*")
                   if p.is_file() and stem.search(p.read_text(encoding="utf-8", errors="replace")))
    assert users == [DECK_SOURCE.relative_to(ROOT).as_posix()], users
    notes = DECK_SOURCE.read_text(encoding="utf-8").split("Note:")[1:]
    assert any(NOTES_WORD in note.split("---")[0] for note in notes)

    search_page(visit, f"q={NOTES_WORD}")
    found = dict(results(page))
    assert found.get(DECK) == "Why Your Customers Need an Online Community", found
    deck = page.locator(".search-result").filter(has=page.locator(f'a[href$="{DECK}"]'))
    expect(deck.locator("mark")).to_have_text([re.compile(rf"^{NOTES_WORD}\b")])
    expect(deck.locator(".search-result-excerpt")).to_contain_text("maintained by habits, not launches")
    traffic.assert_clean()


def test_filters_by_tag_and_category_narrow_the_results(visit, page, traffic):
    search_page(visit, "q=klout")
    everything = results(page)
    assert {KLOUT, RECAP} <= {path for path, _ in everything}

    page.get_by_text("Filter by category or tags").click()  # the filters wait, closed, until asked for
    tags = page.get_by_role("group", name="Tags")
    tags.get_by_label(re.compile(r"^social media \(\d+\)$")).check()
    expect(page.locator(".search-result")).to_have_count(1)
    assert [path for path, _ in results(page)] == [KLOUT]
    assert parse_qs(urlsplit(page.url).query) == {"q": ["klout"], "tag": ["social media"]}
    expect(page.locator("#search-status")).to_have_text("1 page found for “klout”, with tags social media.")

    tags.get_by_label(re.compile(r"^social media ")).uncheck()
    expect(page.locator(".search-result")).to_have_count(len(everything))
    page.get_by_role("group", name="Category").get_by_label(re.compile(r"^Chat recaps ")).check()
    expect(page.locator(".search-result")).to_have_count(1)
    assert [path for path, _ in results(page)] == [RECAP]
    traffic.assert_clean()


def test_filters_from_the_address_without_words(visit, page, traffic):
    """?tag=… alone lists every page with that tag, its box ticked."""
    search_page(visit, "tag=cmgrchat")
    assert {path for path, _ in results(page)} == {KLOUT, RECAP}
    expect(page.get_by_role("group", name="Tags").get_by_label(re.compile(r"^cmgrchat "))).to_be_checked()
    traffic.assert_clean()


def test_typing_searches_and_no_match_says_so(visit, page, traffic):
    visit(SEARCH)
    expect(page.locator(".search-nojs")).to_be_hidden()
    field = page.get_by_label("Search for")
    field.fill("zzzyxnothing")
    expect(page.locator("#search-status")).to_have_text("No pages found for “zzzyxnothing”.")
    expect(page.locator(".search-result")).to_have_count(0)
    field.fill("influence")
    expect(page.locator(".search-result").first).to_be_visible()
    assert parse_qs(urlsplit(page.url).query) == {"q": ["influence"]}
    traffic.assert_clean()


def test_nothing_leaves_the_machine(visit, page, traffic):
    """The index (fetched by Pagefind's web worker too) comes from the test server, nothing else."""
    loaded = []
    page.on("request", lambda request: loaded.append(request.url))
    search_page(visit, "q=klout")
    assert any(re.search(r"/pagefind/.*\.pf_(meta|index|fragment|filter)$", url) for url in loaded), loaded
    assert any(url.endswith("/pagefind/wasm.en.pagefind") for url in loaded), loaded
    assert all(traffic.is_local(url) for url in loaded), loaded
    assert traffic.foreign_requests == [] and traffic.blocked_requests == []
    traffic.assert_clean()


def test_search_page_has_no_axe_violations(visit, page, axe, traffic):
    """With results, marks and filters on screen, in light and dark colours."""
    search_page(visit, "q=klout&tag=klout")
    axe.assert_clean(page, f"/{SEARCH}?q=klout&tag=klout")
    traffic.assert_clean()


LAYOUT_SHIFTS = """
window.__shift = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__shift += entry.value;
}).observe({type: 'layout-shift', buffered: true});
"""


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 800}, {"width": 375, "height": 700}],
                         ids=["desktop", "phone"])
def test_results_arrive_without_moving_the_page(new_page, traffic, viewport):
    """Cumulative layout shift 0: status, results, filters and footer take their places without a jump."""
    page = new_page(viewport=viewport)
    page.add_init_script(LAYOUT_SHIFTS)
    page.goto(f"{SEARCH}?q=klout", wait_until="networkidle")
    results(page)
    page.wait_for_timeout(500)
    assert page.evaluate("window.__shift") == 0
    # One search box: the page's own (the header's is on every other page).
    expect(page.get_by_role("search")).to_have_count(1)
    traffic.assert_clean()


def test_search_page_fits_a_narrow_screen(new_page, traffic):
    page = new_page(viewport={"width": 320, "height": 640})
    page.goto(f"{SEARCH}?q=klout", wait_until="networkidle")
    results(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    traffic.assert_clean()


# ---------------------------------------------------------------- make serve


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def served_by_invoke(project):
    """`invoke serve` (live reload) in a copy of the project, on a free port."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "invoke", "serve", "--port", str(port)],
        cwd=project, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                pytest.fail(f"invoke serve exited with {process.returncode}")
            try:
                with urllib.request.urlopen(url, timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail(f"nothing served at {url} within 60 s")
                time.sleep(0.3)
        time.sleep(2)  # livereload reloads open tabs once on start; let that pass
        yield url
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)


def test_search_works_under_make_serve(browser, served_by_invoke):
    context = browser.new_context(base_url=served_by_invoke)
    origin = served_by_invoke.rstrip("/")
    errors, foreign = [], []
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(origin)
                  else (foreign.append(route.request.url), route.abort("blockedbyclient")))
    try:
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.goto(f"{SEARCH}?q=Klout", wait_until="load")
        assert results(page)[0] == (KLOUT, "Clouting Klout")
        assert errors == [] and foreign == []
    finally:
        context.close()
