"""Publishing fixtures: a loopback target (sshd, rsync, nginx) per test, a checked production build."""

import shutil

import pytest
from publish_support import SITE_URL, server_skip_reason, start_target, stop

from helpers import ROOT, SITE_CONTENT, copy_build_cache

NO_GIT = "gh-pages tests need Debian's git (not installed); `make test` installs it when run as root"


def pytest_runtest_setup(item):
    """Skip tests whose programs are missing; all such skips share this line, so -ra shows one."""
    if "target" in item.fixturenames and server_skip_reason():
        pytest.skip(server_skip_reason())
    if "needs_git" in item.fixturenames and not shutil.which("git"):
        pytest.skip(NO_GIT)


@pytest.fixture
def target(tmp_path_factory):
    """sshd and nginx on free loopback ports, serving <remote>/current; stopped after the test.

    Where Debian's openssh-server, rsync or nginx is missing, or this is not
    root, the tests using it are skipped (see pytest_runtest_setup).
    """
    processes = []
    try:
        yield start_target(tmp_path_factory.mktemp("target"), processes)
    finally:  # also the servers started before a failing one
        for process in reversed(processes):
            stop(process)


@pytest.fixture
def needs_git():
    """Marks a test that runs git (skipped without it, see pytest_runtest_setup)."""


@pytest.fixture(scope="session")
def release_build(tmp_path_factory, production_site):  # after it: the project's cache/ is filled
    """The sample site built as `invoke publish` builds it, for SITE_URL (read only).

    `invoke publish` builds the content/ folder of its project, so the build runs in
    a project of the settings, the theme and the plugins with the sample site as content/.
    """
    from sitetools.publish import build_site

    root = tmp_path_factory.mktemp("release")
    for name in ("pelicanconf.py", "publishconf.py"):
        shutil.copy(ROOT / name, root / name)
    for name in ("theme", "plugins", "sitetools"):
        (root / name).symlink_to(ROOT / name, target_is_directory=True)
    shutil.copytree(SITE_CONTENT, root / "content")
    copy_build_cache(root)
    output = root / "site"
    assert build_site(root, output, SITE_URL) == 0
    return output


@pytest.fixture
def build_copy(release_build, tmp_path):
    """A copy of the release build that a test may change."""
    copy = tmp_path / "site"
    shutil.copytree(release_build, copy)
    return copy


@pytest.fixture
def content_copy(tmp_path):
    """A copy of the sample site's content/ that a test may add posts to."""
    copy = tmp_path / "content"
    shutil.copytree(SITE_CONTENT, copy)
    return copy

