"""Browser fixtures: Debian's Chromium driven by Playwright, kept off the network.

Every page records what a reader would never want to see (console errors,
script errors, failed or erroring requests) and every request that tries to
leave the local test server; such requests are also aborted, so nothing
leaves the machine even if the site links somewhere it should not.
"""

from dataclasses import dataclass, field, fields
from pathlib import Path
from urllib.parse import urlsplit

import pytest

CHROMIUM = Path("/usr/bin/chromium")
NO_CHROMIUM = (
    "Debian's chromium is not installed (/usr/bin/chromium); "
    "`make test` installs it when run as root"
)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
DESKTOP = {"width": 1280, "height": 800}
COLOR_SCHEMES = ("light", "dark")
# Schemes that never touch the network.
OFFLINE_SCHEMES = {"data", "blob", "about"}
HERE = Path(__file__).resolve().parent


def pytest_runtest_setup(item):
    """Without Chromium, skip every browser test; all skips share this line, so -ra shows one."""
    if item.path.is_relative_to(HERE) and not CHROMIUM.exists():
        pytest.skip(NO_CHROMIUM)


@dataclass
class Traffic:
    """What happened while a page was open, as seen by the browser."""

    origin: str  # scheme://host:port of the local test server
    console_errors: list = field(default_factory=list)
    page_errors: list = field(default_factory=list)
    failed_requests: list = field(default_factory=list)
    http_errors: list = field(default_factory=list)
    foreign_requests: list = field(default_factory=list)
    blocked_requests: list = field(default_factory=list)

    def is_local(self, url):
        parts = urlsplit(url)
        return parts.scheme in OFFLINE_SCHEMES or f"{parts.scheme}://{parts.netloc}" == self.origin

    def on_console(self, message):
        if message.type == "error":
            where = message.location
            self.console_errors.append(f"{message.text} ({where['url']}:{where['lineNumber']})")

    def on_request(self, request):
        if not self.is_local(request.url):
            self.foreign_requests.append(request.url)

    def on_request_failed(self, request):
        self.failed_requests.append(f"{request.url}: {request.failure}")

    def on_response(self, response):
        if response.status >= 400:
            self.http_errors.append(f"{response.status} {response.url}")

    def route(self, route):
        """Let requests to the test server through; abort and record all others."""
        if self.is_local(route.request.url):
            route.continue_()
        else:
            self.blocked_requests.append(route.request.url)
            route.abort("blockedbyclient")

    def problems(self):
        """Every non-empty record, by name."""
        records = {item.name: getattr(self, item.name) for item in fields(self)}
        return {name: entries for name, entries in records.items() if name != "origin" and entries}

    def assert_clean(self):
        problems = self.problems()
        assert not problems, "The browser saw problems:\n" + "\n".join(
            f"  {name}:\n" + "\n".join(f"    {entry}" for entry in entries)
            for name, entries in problems.items()
        )


@pytest.fixture(scope="session")
def base_url(site, serve):
    """The development build served on loopback, with a trailing slash."""
    return serve(site) + "/"


@pytest.fixture(scope="session")
def browser():
    """One headless Debian Chromium for the whole session."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def color_scheme():
    """Colour scheme the page's context emulates; parametrize to change it."""
    return "light"


@pytest.fixture
def viewport():
    """Viewport of the page's context; parametrize to change it."""
    return DESKTOP


@pytest.fixture
def traffic(base_url):
    """The record of the current test's page (see `page`)."""
    parts = urlsplit(base_url)
    return Traffic(origin=f"{parts.scheme}://{parts.netloc}")


@pytest.fixture
def new_page(browser, base_url, traffic):
    """Return a function opening a page in a fresh context, recorded by `traffic`.

    Relative URLs resolve against the served site; every context is closed
    when the test ends.
    """
    contexts = []

    def open_page(color_scheme="light", viewport=DESKTOP):
        context = browser.new_context(
            base_url=base_url, color_scheme=color_scheme, viewport=viewport
        )
        contexts.append(context)
        context.route("**/*", traffic.route)
        page = context.new_page()
        page.on("console", traffic.on_console)
        page.on("pageerror", lambda error: traffic.page_errors.append(str(error)))
        page.on("request", traffic.on_request)
        page.on("requestfailed", traffic.on_request_failed)
        page.on("response", traffic.on_response)
        return page

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page, color_scheme, viewport):
    """The test's page, in the `color_scheme` and `viewport` fixtures' settings."""
    return new_page(color_scheme=color_scheme, viewport=viewport)


@pytest.fixture
def visit(page):
    """Return a function: go to a site path, wait until nothing loads any more, give the page."""

    def go(path):
        response = page.goto(path, wait_until="networkidle")
        assert response is not None, f"no response for {path!r}"
        assert response.ok, f"{path!r} answered {response.status}"
        return page

    return go


@pytest.fixture
def follow(page):
    """Return a function: click a link, wait until its target (a URL glob) has loaded."""

    def click(link, url_glob):
        link.click()
        page.wait_for_url(url_glob, wait_until="load")
        page.wait_for_load_state("networkidle")
        return page

    return click


class Axe:
    """axe-core (bundled with axe-playwright-python) limited to WCAG 2.0-2.2 A and AA rules."""

    TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]

    def violations(self, page):
        from axe_playwright_python.sync_playwright import Axe as AxeRunner

        options = {"runOnly": {"type": "tag", "values": self.TAGS}}
        return AxeRunner().run(page, options=options).response["violations"]

    def assert_clean(self, page, where):
        """No violation on `page` as it is now, in light colours and then in dark.

        The page switches its colour scheme in place (the theme's colours are
        CSS media queries), so an open tooltip or a loaded player stays as it is.
        """
        problems = []
        for scheme in COLOR_SCHEMES:
            page.emulate_media(color_scheme=scheme)
            violations = self.violations(page)
            if violations:
                problems.append(f"axe-core on {where} ({scheme}):\n{self.report(violations)}")
        assert not problems, "\n".join(problems)

    @staticmethod
    def report(violations):
        """One block per violation: id, impact, help, and every failing target selector."""
        lines = []
        for violation in violations:
            lines.append(
                f"{violation['id']} ({violation.get('impact')}): {violation['help']}"
                f" <{violation.get('helpUrl', '')}>"
            )
            for node in violation["nodes"]:
                lines.append(f"    target {' '.join(map(str, node['target']))}")
                lines.append(f"        html {' '.join(node.get('html', '').split())[:200]}")
                summary = " ".join(node.get("failureSummary", "").split())
                if summary:
                    lines.append(f"        why  {summary}")
        return "\n".join(lines)


@pytest.fixture(scope="session")
def axe():
    """The accessibility checker (see `Axe`)."""
    return Axe()
