"""`make serve`: the open tab follows edits to posts, stylesheets and templates."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from playwright.sync_api import expect


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_serving(url, process, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"invoke serve exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    pytest.fail(f"nothing served at {url} within {seconds} s")


@pytest.fixture
def live_server(project):
    """`invoke serve` running in a copy of the project, on a free port."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "invoke", "serve", "--port", str(port)],
        cwd=project,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_until_serving(url, process)
        # On start livereload reloads the tabs already open (after a restart);
        # let that moment pass so it does not reload the test's page.
        time.sleep(2)
        yield url
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)


def open_connected(page, action):
    """Run `action` (which loads a page) and wait until live reload listens to changes.

    livereload drops a change that comes within 3 s of a browser connecting or of
    its last reload (a burst of saves reloads once), so wait that long after hello.
    """
    with page.expect_websocket(timeout=60_000) as opened:
        action()
    opened.value.wait_for_event("framereceived", timeout=60_000)
    page.wait_for_timeout(3500)


def test_open_tab_reloads_after_a_post_or_stylesheet_changes(browser, live_server, project):
    context = browser.new_context()
    page = context.new_page()
    open_connected(page, lambda: page.goto(live_server + "2011/10/clouting-klout/"))
    expect(page.locator("h1")).to_have_text("Clouting Klout")

    post = project / "content" / "posts" / "clouting-klout.md"
    revised = post.read_text(encoding="utf-8").replace("Title: Clouting Klout", "Title: Clouting Klout, revised")
    open_connected(page, lambda: post.write_text(revised))
    expect(page.locator("h1")).to_have_text("Clouting Klout, revised")

    css = project / "theme" / "static" / "css" / "main.css"
    css.write_text(css.read_text(encoding="utf-8") + "\nh1 { letter-spacing: 7px !important; }\n")
    expect(page.locator("h1")).to_have_css("letter-spacing", "7px", timeout=30_000)

    # A template change shows on the page in view.
    template = project / "theme" / "templates" / "article.html"
    template.write_text(template.read_text(encoding="utf-8").replace(
        "{% block content %}", '{% block content %}<p id="template-mark">Template saved</p>', 1))
    expect(page.locator("#template-mark")).to_have_text("Template saved", timeout=30_000)
    context.close()
