"""`invoke gh-pages`: the checked production build, pushed with ghp-import to a local bare repository."""

import subprocess

import pytest
from publish_support import files_of, invoke, output_of, write_post

SITE = "https://example.org"
GIT_ENV = {
    "GIT_AUTHOR_NAME": "Publisher", "GIT_AUTHOR_EMAIL": "publisher@example.org",
    "GIT_COMMITTER_NAME": "Publisher", "GIT_COMMITTER_EMAIL": "publisher@example.org",
    "GIT_CONFIG_NOSYSTEM": "1",
}


def git(*args, cwd=None):
    result = subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, check=False, timeout=60,
        env={**GIT_ENV, "PATH": "/usr/bin:/bin", "HOME": str(cwd or "/nonexistent")},
    )
    assert result.returncode == 0, result.stderr.decode()
    return result.stdout


@pytest.fixture
def repos(needs_git, project, tmp_path_factory):
    """The project copy as a git repository, and an empty bare repository to push to."""
    git("init", "-q", str(project))
    bare = tmp_path_factory.mktemp("remote") / "site.git"
    git("init", "-q", "--bare", str(bare))
    return project, bare


def gh_pages(project, bare, *args):
    return invoke(project, "gh-pages", "--remote", str(bare), *args, env={"SITEURL": SITE, **GIT_ENV})


def test_gh_pages_pushes_the_checked_build(repos, tmp_path):
    project, bare = repos
    result = gh_pages(project, bare)
    log = output_of(result)
    assert result.returncode == 0, log
    assert "Checks passed" in log and "Traceback" not in log

    from sitetools.publish import build_site

    reference = tmp_path / "reference"
    assert build_site(project, reference, SITE) == 0
    built = files_of(reference)
    pushed = git("--git-dir", str(bare), "ls-tree", "-r", "--name-only", "gh-pages").decode().split()
    assert set(pushed) == set(built) | {".nojekyll", "CNAME"}
    for rel in ("index.html", "2011/10/clouting-klout/index.html", "feeds/all.atom.xml"):
        assert git("--git-dir", str(bare), "show", f"gh-pages:{rel}") == built[rel].read_bytes()
    assert git("--git-dir", str(bare), "show", "gh-pages:CNAME").strip() == b"example.org"

    # A draft leaking into the build stops gh-pages too: the branch is left as it was.
    pushed_commit = git("--git-dir", str(bare), "rev-parse", "gh-pages")
    write_post(project, "secret-plans.md", {
        "Title": "Our secret plans", "Date": "2011-11-01 10:00", "Slug": "secret-plans", "Status": "draft",
    })
    (project / "content" / "extra" / "leak.txt").write_text(f"{SITE}/drafts/secret-plans/\n")
    result = gh_pages(project, bare)
    assert result.returncode != 0
    assert "nothing was uploaded" in output_of(result)
    assert git("--git-dir", str(bare), "rev-parse", "gh-pages") == pushed_commit


def test_gh_pages_needs_a_git_repository(needs_git, project, tmp_path_factory):
    bare = tmp_path_factory.mktemp("remote") / "site.git"
    result = invoke(project, "gh-pages", "--remote", str(bare), env={"SITEURL": SITE})
    assert result.returncode != 0
    assert "gh-pages needs a git repository" in output_of(result)
    assert "Traceback" not in output_of(result)
