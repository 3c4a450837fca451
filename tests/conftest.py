"""Shared fixtures: build the real site once per session, serve folders on loopback."""

import functools
import http.server
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_URL = "https://example.org/blog"


def run_pelican(output, settings="pelicanconf.py", content="content", env=None, cwd=ROOT):
    """Run Pelican as `invoke build` does; return the finished process."""
    command = [sys.executable, "-m", "pelican", str(content), "-s", str(settings), "-o", str(output)]
    environ = dict(os.environ, COLUMNS="200", **(env or {}))
    return subprocess.run(command, cwd=cwd, env=environ, capture_output=True, text=True, check=False)


def assert_clean_build(result):
    """Fail with Pelican's own output unless the build exited 0 without problems."""
    log = result.stdout + result.stderr
    assert result.returncode == 0, log
    for level in ("WARNING", "ERROR", "CRITICAL"):
        assert level not in log, log


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
