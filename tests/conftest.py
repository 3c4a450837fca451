"""Shared fixtures: build the sample site once per session, serve folders on loopback; test tiers.

The sample site is tests/fixtures/site/content/ (helpers.SITE_CONTENT), not the
owner's content/: a new post there changes no test. Every test gets one tier
marker from its folder (see pytest_collection_modifyitems), so `pytest -m unit`
runs only the fast tests.
"""

import functools
import http.server
import shutil
import threading
from pathlib import Path

import pytest

from helpers import PRODUCTION_URL, ROOT, SITE_CONTENT, assert_clean_build, run_pelican

PROJECT_FILES = ("pelicanconf.py", "publishconf.py", "tasks.py")
PROJECT_FOLDERS = ("theme", "plugins", "sitetools")
TESTS = Path(__file__).resolve().parent
# Tier of the tests under each folder; every other test is a "site" test.
TIERS = {"unit": "unit", "property": "unit", "browser": "browser", "publish": "publish"}


def pytest_collection_modifyitems(config, items):
    """Mark every test with its tier (unit, site, browser or publish), from its folder."""
    for item in items:
        try:
            folder = item.path.resolve().relative_to(TESTS).parts[0]
        except ValueError:
            folder = ""
        item.add_marker(TIERS.get(folder, "site"))


@pytest.fixture
def project(tmp_path):
    """A copy of the project, with the sample site as its content/, that a test may change and build with invoke."""
    for name in PROJECT_FILES:
        shutil.copy(ROOT / name, tmp_path / name)
    for name in PROJECT_FOLDERS:
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(SITE_CONTENT, tmp_path / "content")
    return tmp_path


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    """The sample site, built with the development settings."""
    output = tmp_path_factory.mktemp("site") / "output"
    assert_clean_build(run_pelican(output))
    return output


@pytest.fixture(scope="session")
def production_site(tmp_path_factory):
    """The sample site, built with the production settings."""
    output = tmp_path_factory.mktemp("production") / "output"
    assert_clean_build(
        run_pelican(output, settings="publishconf.py", env={"SITEURL": PRODUCTION_URL})
    )
    return output


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def serve():
    """Return a function that serves a folder on 127.0.0.1 and gives its base URL."""
    servers = []

    def start(folder):
        handler = functools.partial(QuietHandler, directory=str(folder))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()
