"""Publishing settings, the checks' verdict through `invoke publish`, and `make test`'s Debian packages.

None of these needs a server: a publish that must stop does so before it
connects to anything.
"""

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from publish_support import SITE_URL, free_port, invoke, output_of, write_post

from sitetools import PublishError
from sitetools.config import load_gh_pages, load_target, read_env_file

GOOD = {
    "SITEURL": "https://example.org/",
    "PUBLISH_HOST": "www.example.org",
    "PUBLISH_PORT": "2222",
    "PUBLISH_USER": "deploy",
    "PUBLISH_PATH": "/srv/site",
}


@pytest.fixture
def repo(tmp_path):
    root = tmp_path / "repo"
    root.mkdir()
    return root


def env_file(root, text):
    (root / "publish.env").write_text(text, encoding="utf-8")


def test_settings_come_from_publish_env(repo):
    env_file(repo, "# the production server\n" + "".join(f"{k}={v}\n" for k, v in GOOD.items()))
    target = load_target(repo, environ={})
    assert (target.host, target.port, target.user, target.path) == ("www.example.org", 2222, "deploy", "/srv/site")
    assert target.site_url == "https://example.org"
    assert (target.ssh_key, target.known_hosts) == ("", "")


def test_the_environment_wins_over_publish_env(repo):
    env_file(repo, "".join(f"{k}={v}\n" for k, v in GOOD.items()))
    target = load_target(repo, environ={"PUBLISH_HOST": "staging.example.org", "PUBLISH_PORT": "22"})
    assert (target.host, target.port, target.user) == ("staging.example.org", 22, "deploy")


def test_publish_env_syntax(repo):
    env_file(repo, 'export SITEURL="https://example.org/blog"  # public\nPUBLISH_HOST = host.example\n'
                   "PUBLISH_USER='deploy'\nPUBLISH_PATH=/srv/site\n\n")
    target = load_target(repo, environ={})
    assert (target.site_url, target.host, target.user, target.port) == (
        "https://example.org/blog", "host.example", "deploy", 22)


@pytest.mark.parametrize(
    "text, says",
    [
        ("PUBLISH_HOST\n", "publish.env:1: expected KEY=value"),
        ("SITEURL=https://example.org\nPUBLISH_HOTS=x\n", "publish.env:2: unknown setting PUBLISH_HOTS"),
        ("PUBLISH_PATH=/srv/my site\n", "publish.env:1: PUBLISH_PATH has spaces"),
        ("PUBLISH_USER='deploy\n", "publish.env:1: PUBLISH_USER: No closing quotation"),
    ],
)
def test_a_malformed_publish_env_line_is_named(repo, text, says):
    env_file(repo, text)
    with pytest.raises(PublishError, match=says):
        load_target(repo, environ={})


@pytest.mark.parametrize(
    "key, value, says",
    [
        ("SITEURL", None, "SITEURL is not set"),
        ("SITEURL", "example.org", "SITEURL='example.org' is not an absolute http(s) URL"),
        ("SITEURL", "ftp://example.org", "is not an absolute http(s) URL"),
        ("PUBLISH_HOST", None, "PUBLISH_HOST is not set"),
        ("PUBLISH_HOST", "my host", "PUBLISH_HOST='my host' is not a host name"),
        ("PUBLISH_HOST", "-oProxyCommand=x", "is not a host name"),
        ("PUBLISH_PORT", "0", "PUBLISH_PORT='0' is not a port number from 1 to 65535"),
        ("PUBLISH_PORT", "65536", "PUBLISH_PORT='65536' is not a port number"),
        ("PUBLISH_PORT", "ssh", "PUBLISH_PORT='ssh' is not a port number"),
        ("PUBLISH_USER", None, "PUBLISH_USER is not set"),
        ("PUBLISH_USER", "de ploy", "PUBLISH_USER='de ploy' is not a user name"),
        ("PUBLISH_PATH", None, "PUBLISH_PATH is not set"),
        ("PUBLISH_PATH", "srv/site", "PUBLISH_PATH='srv/site' is not an absolute path"),
        ("PUBLISH_PATH", "/srv/../etc", "no '..'"),
        ("PUBLISH_PATH", "/", "the server's root folder"),
        ("PUBLISH_SSH_KEY", "/no/such/key", "PUBLISH_SSH_KEY='/no/such/key': no such file"),
        ("PUBLISH_KNOWN_HOSTS", "known_hosts", "PUBLISH_KNOWN_HOSTS='known_hosts' is not an absolute path"),
    ],
)
def test_a_missing_or_malformed_setting_is_named(repo, key, value, says):
    environ = dict(GOOD)
    environ.pop(key, None)
    if value is not None:
        environ[key] = value
    with pytest.raises(PublishError) as error:
        load_target(repo, environ=environ)
    assert says in str(error.value)
    assert "publish.env" in str(error.value)  # says where to set it


def test_every_problem_is_reported_at_once(repo):
    with pytest.raises(PublishError) as error:
        load_target(repo, environ={"PUBLISH_PORT": "99999"})
    for key in ("SITEURL", "PUBLISH_HOST", "PUBLISH_PORT", "PUBLISH_USER", "PUBLISH_PATH"):
        assert key in str(error.value)


def test_an_ssh_key_inside_the_repository_is_refused(repo, tmp_path):
    (repo / "id_ed25519").write_text("not really a key")
    with pytest.raises(PublishError, match="inside the repository"):
        load_target(repo, environ={**GOOD, "PUBLISH_SSH_KEY": str(repo / "id_ed25519")})
    outside = tmp_path / "id_ed25519"
    outside.write_text("not really a key")
    assert load_target(repo, environ={**GOOD, "PUBLISH_SSH_KEY": str(outside)}).ssh_key == str(outside)


def test_gh_pages_settings(repo):
    config = load_gh_pages(repo, environ={"SITEURL": SITE_URL})
    assert (config.remote, config.branch) == ("origin", "gh-pages")
    config = load_gh_pages(repo, environ={"SITEURL": SITE_URL, "PUBLISH_GH_REMOTE": "/tmp/x.git"}, branch="pages")
    assert (config.remote, config.branch) == ("/tmp/x.git", "pages")
    with pytest.raises(PublishError, match="SITEURL is not set"):
        load_gh_pages(repo, environ={})


def test_read_env_file_without_a_file(repo):
    assert read_env_file(repo / "publish.env") == {}


def test_publish_without_settings_stops_naming_them(project):
    result = invoke(project, "publish")
    log = output_of(result)
    assert result.returncode != 0
    assert "Publishing is not configured" in log and "PUBLISH_HOST is not set" in log
    assert "SITEURL is not set" in log
    assert "Building" not in log and "Traceback" not in log


def test_rollback_without_settings_stops_naming_them(project):
    (project / "publish.env").write_text("PUBLISH_HOST=example.org\nPUBLISH_PORT=70000\n")
    result = invoke(project, "rollback")
    assert result.returncode != 0
    assert "PUBLISH_PORT='70000' is not a port number" in output_of(result)
    assert "Traceback" not in output_of(result)


@pytest.fixture
def unreachable(tmp_path_factory):
    """Settings for a server that is not there: a publish that gets past the checks fails to connect."""
    key = tmp_path_factory.mktemp("keys") / "key"
    key.write_text("unused")
    return {
        "SITEURL": "https://example.org",
        "PUBLISH_HOST": "127.0.0.1",
        "PUBLISH_PORT": str(free_port()),
        "PUBLISH_USER": "nobody",
        "PUBLISH_PATH": "/srv/site",
        "PUBLISH_SSH_KEY": str(key),
    }


DRAFT = {"Title": "Our secret plans", "Date": "2011-11-01 10:00", "Category": "Community Management",
         "Slug": "secret-plans", "Summary": "Not yet.", "Status": "draft"}


LEAKS = [
    # A draft's address planted in a file the build copies as it is.
    ("leak.txt", "unpublished post in the build: content/posts/secret-plans.md (draft;"),
    ("broken.html", "broken link: extra/broken.html:1: <a href> '/no-such-page/'"),
    ("feed.xml", "invalid feed: extra/feed.xml: not well-formed XML"),
]


@pytest.fixture
def failed_checks(project, unreachable):
    """`invoke publish` of a build holding each leak above: (exit code, output)."""
    write_post(project, "secret-plans.md", DRAFT)
    extra = project / "content" / "extra"
    (extra / "leak.txt").write_text("Soon: https://example.org/drafts/secret-plans/\n")
    (extra / "broken.html").write_text(
        '<!DOCTYPE html><html lang="en"><head><title>Broken</title></head>'
        '<body><main><a href="/no-such-page/">x</a></main></body></html>\n'
    )
    (extra / "feed.xml").write_text('<rss version="2.0"><channel>\n')
    result = invoke(project, "publish", env=unreachable)
    return result.returncode, output_of(result)


def test_failed_checks_stop_the_publish_before_any_upload_naming_each_problem(failed_checks):
    code, log = failed_checks
    assert code != 0
    for _, says in LEAKS:
        assert says in log, log
    assert f"{len(LEAKS)} check(s) failed; nothing was uploaded" in log
    assert "cannot reach" not in log and "Uploading" not in log and "Traceback" not in log


def test_a_failed_build_stops_the_publish(project, unreachable):
    shutil.copy(Path(__file__).parents[1] / "fixtures" / "bad" / "post_with_invalid_date.md",
                project / "content" / "posts" / "bad.md")
    result = invoke(project, "publish", env=unreachable)
    assert result.returncode != 0
    assert "The build failed (see the messages above); nothing was uploaded." in output_of(result)


def test_an_unreachable_server_is_named(project, unreachable):
    result = invoke(project, "publish", env=unreachable)
    log = output_of(result)
    assert result.returncode != 0
    assert "cannot reach nobody@127.0.0.1:/srv/site" in log and "Traceback" not in log


def test_make_test_installs_missing_debian_packages_only_as_root(monkeypatch, capsys):
    import tasks

    ran = []
    monkeypatch.setattr(subprocess, "run", lambda *a, **k: ran.append(a[0]))
    present = [("/bin/sh", ("dash",), "shell tests")]
    absent = [("/no/such/program", ("some-package",), "publish tests")]

    tasks.ensure_debian_packages(present)
    assert ran == []

    monkeypatch.setattr(os, "geteuid", lambda: 1000)
    tasks.ensure_debian_packages(absent)
    assert ran == []
    assert capsys.readouterr().out == (
        "/no/such/program is missing (some-package) and this is not root: publish tests will be skipped\n"
    )
    assert {name for _, names, _ in tasks.DEBIAN_TEST_PACKAGES for name in names} >= {
        "chromium", "openssh-server", "rsync", "nginx", "git"}
