"""Build, check and release the production site; roll back; push to GitHub Pages.

publish(root): build with publishconf.py into a fresh folder, run the checks,
then upload with rsync into releases/<UTC timestamp>.partial/ (unchanged
files hard-linked against the live release), rename it to releases/<ts>,
and switch the `current` symlink to it in one rename. Nothing is uploaded
when the build or a check fails; an upload cut off half-way leaves
`current` on the previous release, and the next publish removes it.
"""

import datetime
import os
import shlex
import subprocess
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

from . import PublishError
from .building import pelican_command
from .checks import read_layout, run_checks
from .config import load_gh_pages, load_target
from .remote import (
    itemized,
    read_state,
    remove_partial_script,
    rsync,
    run_remote,
    shared_connection,
    switch_script,
)

KEEP_RELEASES = 5
SETTINGS = "publishconf.py"  # its PATH (content/) is what is built, its layout what is checked
# The production build leaves out drafts and posts dated in the future
# (Pelican would otherwise write drafts to drafts/ and publish future posts).
# The checks still fail the publish if one slips through another way.


def say(message):
    print(message, flush=True)


def build_site(root, output, site_url):
    """Build the production site into `output`; return Pelican's exit code."""
    command = pelican_command(SETTINGS, output)  # the content: the settings' PATH
    env = dict(os.environ, SITEURL=site_url)
    return subprocess.run(command, cwd=root, env=env, check=False).returncode


@contextmanager
def checked_build(root, site_url):
    """Yield the folder of a fresh production build that passed every check; else stop."""
    root = Path(root)
    with tempfile.TemporaryDirectory(prefix="site-publish-") as tmp:
        output = Path(tmp) / "site"
        say(f"Building the production site for {site_url} ...")
        if build_site(root, output, site_url) != 0:
            raise PublishError("The build failed (see the messages above); nothing was uploaded.")
        say("Checking links, feeds and unpublished posts ...")
        content, layout = read_layout(root / SETTINGS, site_url)
        problems = run_checks(output, site_url, content, layout)
        if problems:
            raise PublishError(
                f"{len(problems)} check(s) failed; nothing was uploaded:\n  " + "\n  ".join(problems)
            )
        files = sum(1 for p in output.rglob("*") if p.is_file())
        say(f"Checks passed: {files} files.")
        yield output


def release_name(now=None):
    now = now or datetime.datetime.now(datetime.UTC)
    return now.strftime("%Y%m%dT%H%M%S.%fZ")


def publish(root, dry_run=False, environ=None):
    """`invoke publish`: build, check, upload a new release and make it live."""
    target = load_target(root, environ)
    with checked_build(root, target.site_url) as output, shared_connection(target) as target:
        state = read_state(target)
        if dry_run:
            return dry_run_report(target, state, output)
        return release(target, state, output)


def dry_run_report(target, state, output):
    """List what a publish would change on the live release; touch nothing."""
    if not state.current:
        names = sorted(p.relative_to(output).as_posix() for p in output.rglob("*") if p.is_file())
        for name in names:
            say(f"+ {name}")
        say(f"Dry run: nothing is live on {target.describe()} yet; a publish would upload "
            f"these {len(names)} files. Nothing was changed.")
        return
    say(f"Dry run against the live release releases/{state.current} on {target.describe()}:")
    code, out = rsync(target, output, f"{target.path}/current", dry_run=True, stats=False)
    if code != 0:
        raise PublishError(f"rsync --dry-run failed (exit {code}); nothing was changed.")
    changes = itemized(out)
    say(f"Dry run: {len(changes)} change(s) listed above would go live; nothing was changed.")


def release(target, state, output):
    """Upload `output` into a new release, switch `current` to it, keep the last releases."""
    name = release_name()
    if state.releases and name <= state.releases[-1]:
        raise PublishError(
            f"The newest release on the server, {state.releases[-1]}, is later than this "
            f"machine's clock ({name}); fix the clock, then publish again."
        )
    removed = run_remote(target, remove_partial_script(target), "Removing unfinished uploads").split()
    for entry in removed:
        say(f"Removed the unfinished upload releases/{entry}")

    releases = f"{target.path}/releases"
    link_dest = f"{releases}/{state.current}" if state.current else ""
    say(f"Uploading to {target.login}:{releases}/{name}.partial"
        + (f" (unchanged files linked to releases/{state.current})" if link_dest else ""))
    code, _ = rsync(target, output, f"{releases}/{name}.partial", link_dest=link_dest)
    if code != 0:
        raise PublishError(
            f"The upload failed (rsync exit {code}); the live site is unchanged"
            + (f" (releases/{state.current})" if state.current else "")
            + ". The next publish removes the unfinished upload."
        )

    keep = set((state.releases + [name])[-KEEP_RELEASES:])
    old = [r for r in state.releases if r not in keep]
    prune = "".join(f"rm -rf -- {shlex.quote('releases/' + r)}\n" for r in old)
    finish = f"mv -T {shlex.quote(f'releases/{name}.partial')} {shlex.quote(f'releases/{name}')}"
    run_remote(target, switch_script(target, name, prepare=finish) + prune, "Switching to the new release")
    say(f"Live: releases/{name} at {target.site_url}/"
        + (f" (previous: releases/{state.current}; `invoke rollback` goes back to it)" if state.current else ""))
    for r in old:
        say(f"Removed the old release releases/{r}")
    return name


def rollback(root, environ=None):
    """`invoke rollback`: make the release before the live one live again."""
    with shared_connection(load_target(root, environ)) as target:
        state = read_state(target)
        if not state.current:
            raise PublishError(f"Nothing is live on {target.describe()}: there is nothing to roll back.")
        earlier = [r for r in state.releases if r < state.current]
        if not earlier:
            raise PublishError(
                f"releases/{state.current} is the oldest release on {target.host}; "
                "there is no earlier one to roll back to."
            )
        previous = earlier[-1]
        run_remote(target, switch_script(target, previous), "Switching back")
    say(f"Live: releases/{previous} (rolled back from releases/{state.current})")
    return previous


def gh_pages(root, remote="", branch="", environ=None):
    """`invoke gh-pages`: push the same checked production build to a branch with ghp-import."""
    root = Path(root)
    config = load_gh_pages(root, environ, remote=remote, branch=branch)
    inside = subprocess.run(
        ["git", "rev-parse", "--is-inside-work-tree"], cwd=root, capture_output=True, text=True,
        encoding="utf-8", check=False,
    )
    if inside.returncode != 0 or inside.stdout.strip() != "true":
        raise PublishError(f"gh-pages needs a git repository: {root} is not inside one.")
    with checked_build(root, config.site_url) as output:
        command = [
            sys.executable, "-m", "ghp_import", str(output),
            "--no-jekyll", "--push", "--force",
            "--remote", config.remote, "--branch", config.branch,
            "--message", f"Publish {config.site_url} ({release_name()})",
        ]
        cname = custom_domain(config.site_url)
        if cname:
            command += ["--cname", cname]
        say(f"Pushing to branch {config.branch} of {config.remote} ...")
        if subprocess.run(command, cwd=root, check=False).returncode != 0:
            raise PublishError(
                f"ghp-import could not push to {config.branch} of {config.remote} (see above)."
            )
    say(f"Published to branch {config.branch} of {config.remote}.")


def custom_domain(site_url):
    """The CNAME GitHub Pages needs: SITEURL's host when it is a custom domain at the root.

    A *.github.io address needs none, and neither does a site under a path
    (a project page served below its owner's domain).
    """
    parts = urlsplit(site_url)
    host = parts.hostname or ""
    if host.endswith(".github.io") or parts.path.strip("/"):
        return ""
    return host
