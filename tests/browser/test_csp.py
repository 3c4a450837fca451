"""Every page carries a Content-Security-Policy and works under it: Chromium reports no violation.

The policy (theme/templates/partials/csp.html) allows only the site itself:
scripts from files of the site, never inline; WebAssembly only where Pagefind
runs (the search page); frames only on pages with a click-to-load player, and
only from that player's host. Each page is opened with a listener for the
browser's `securitypolicyviolation` events, and the features that load
something late (search, a player's facade) are used.
"""

from pathlib import Path

import pytest
from playwright.sync_api import expect

PRESENTATION_POST = "2011/10/why-your-customers-need-an-online-community/"
LISTEN = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', (event) => {
  window.__violations.push(`${event.effectiveDirective} blocked ${event.blockedURI || '(inline)'}`
                           + ` at ${event.sourceFile}:${event.lineNumber}`);
});
"""
POLICY = 'meta[http-equiv="Content-Security-Policy"]'


def directives(policy):
    """{directive: [sources]} of a policy."""
    parsed = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            parsed[words[0]] = words[1:]
    return parsed


def site_paths(site):
    """The URL path of every HTML page of the built site (index.html as its folder)."""
    paths = []
    for file in sorted(Path(site).rglob("*.html")):
        relative = file.relative_to(site).as_posix()
        paths.append(relative[: -len("index.html")] if relative.endswith("index.html") else relative)
    return paths


@pytest.fixture
def listening(new_page):
    page = new_page()
    page.add_init_script(LISTEN)
    return page


def open_page(page, path):
    response = page.goto(path, wait_until="networkidle")
    assert response is not None and response.ok, path
    policy = page.locator(POLICY)
    expect(policy).to_have_count(1)
    return directives(policy.get_attribute("content"))


def violations(page):
    return page.evaluate("window.__violations")


def test_every_page_has_a_strict_policy_and_breaks_none_of_it(listening, site, traffic):
    found = {}
    for path in site_paths(site):
        policy = open_page(listening, path)
        assert policy["default-src"] == ["'self'"], path
        assert policy["object-src"] == ["'none'"] and policy["base-uri"] == ["'self'"], path
        script = policy["script-src"]
        assert "'unsafe-inline'" not in script and "'unsafe-eval'" not in script, path
        assert "'unsafe-inline'" not in policy["style-src"], path
        if "'wasm-unsafe-eval'" in script:
            found.setdefault("wasm", []).append(path)
        if policy.get("frame-src") != ["'none'"]:
            found.setdefault("frames", []).append((path, policy.get("frame-src")))
        found.setdefault("violations", []).extend(f"{path}: {v}" for v in violations(listening))
    assert found.get("violations", []) == []
    assert found["wasm"] == ["search/"]  # Pagefind's WebAssembly, there only
    # Frames: only the post with the SlideShare player, and only from SlideShare.
    assert found["frames"] == [(PRESENTATION_POST, ["https://www.slideshare.net"])]
    traffic.assert_clean()


def test_search_runs_under_the_policy(listening, traffic):
    open_page(listening, "search/?q=klout")
    expect(listening.locator("#search-results li").first).to_be_visible(timeout=15_000)
    assert violations(listening) == []
    traffic.assert_clean()


def test_search_runs_under_the_policy_on_the_main_thread_too(listening):
    """Pagefind runs its WebAssembly in a worker, and in the page when the worker fails: the
    page's policy must then allow it ('wasm-unsafe-eval', on the search page only)."""
    listening.route("**/pagefind-worker.js", lambda route: route.abort())
    open_page(listening, "search/?q=klout")
    expect(listening.locator("#search-results li").first).to_be_visible(timeout=15_000)
    assert violations(listening) == []


def test_a_player_loads_under_the_policy(listening, traffic):
    open_page(listening, PRESENTATION_POST)
    listening.get_by_role("button", name="Load").first.click()
    expect(listening.locator("iframe.embed-frame")).to_have_count(1)
    # The policy lets the frame's request go (the tests' network guard then stops it at the door).
    for _ in range(50):
        if any(url.startswith("https://www.slideshare.net/") for url in traffic.blocked_requests):
            break
        listening.wait_for_timeout(100)
    assert any(url.startswith("https://www.slideshare.net/") for url in traffic.blocked_requests)
    assert violations(listening) == []
