"""Shared fixtures: build the real site once per session, serve folders on loopback."""

import functools
import http.server
import shutil
import threading

import pytest

from helpers import PRODUCTION_URL, ROOT, assert_clean_build, run_pelican

PROJECT_FILES = ("pelicanconf.py", "publishconf.py", "tasks.py")
PROJECT_FOLDERS = ("content", "theme", "plugins", "sitetools")


@pytest.fixture
def project(tmp_path):
    """A copy of the project that a test may change and build with invoke."""
    for name in PROJECT_FILES:
        shutil.copy(ROOT / name, tmp_path / name)
    for name in PROJECT_FOLDERS:
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    return tmp_path


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    """The real site, built with the development settings."""
    output = tmp_path_factory.mktemp("site") / "output"
    assert_clean_build(run_pelican(output))
    return output


@pytest.fixture(scope="session")
def production_site(tmp_path_factory):
    """The real site, built with the production settings."""
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
