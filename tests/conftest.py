"""Shared fixtures: build the sample site once per session, serve folders on loopback; test tiers.

The sample site is tests/fixtures/site/content/ (helpers.SITE_CONTENT), not the
owner's content/: a new post there changes no test. Every test gets one tier
marker from its folder (see pytest_collection_modifyitems), so `pytest -m unit`
runs only the fast tests.

Hypothesis profiles, for every @given test (tests/property and tests/unit):

ci    the default: bounded and derandomized, so every run tries the same
      inputs and the suite stays within its budget; no example database;
fuzz  `HYPOTHESIS_PROFILE=fuzz` (`invoke fuzz`), FUZZ_EXAMPLES examples per
      test (5000 unless set), a fresh random seed each run; failures found are
      kept in Hypothesis's database (.hypothesis/, which ignores itself) and
      tried first on the next run.

A failure prints its minimal input and, with print_blob, the decorator that
replays it.
"""

import functools
import http.server
import os
import threading
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from helpers import PRODUCTION_URL, assert_clean_build, copy_project, run_pelican

TESTS = Path(__file__).resolve().parent
# Tier of the tests under each folder; every other test is a "site" test.
TIERS = {"unit": "unit", "property": "unit", "browser": "browser", "publish": "publish"}

settings.register_profile(
    "ci",
    max_examples=60,
    deadline=None,
    derandomize=True,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "fuzz",
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "5000")),
    deadline=None,
    derandomize=False,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


# The order in which tiers start: a file's tests run together on one worker (--dist loadfile),
# so the tiers whose files take longest go first and the short unit files fill the end.
TIER_ORDER = ("publish", "browser", "site", "unit")


def tier_of(item):
    try:
        folder = item.path.resolve().relative_to(TESTS).parts[0]
    except ValueError:
        folder = ""
    return TIERS.get(folder, "site")


def pytest_collection_modifyitems(config, items):
    """Mark every test with its tier (unit, site, browser or publish), from its folder; longest tiers first."""
    tiers = {item: tier_of(item) for item in items}
    for item, tier in tiers.items():
        item.add_marker(tier)
    items.sort(key=lambda item: TIER_ORDER.index(tiers[item]))  # stable: files keep their own order


@pytest.fixture
def project(tmp_path, production_site):
    """A copy of the project, with the sample site as its content/, that a test may change and build with invoke.

    It comes after the session's production build, so it starts with the templates
    compiled and the social cards drawn (copy_project copies the project's cache/).
    """
    return copy_project(tmp_path)


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
