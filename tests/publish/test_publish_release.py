"""`invoke publish` and `invoke rollback` against a real target on loopback (recovery: test_publish_recovery).

Debian's sshd and rsync receive the release, nginx serves <remote>/current;
every server is started by the test on a free 127.0.0.1 port and stopped after it.
"""

import os
import re
import tempfile
import time
from pathlib import Path

from publish_support import (
    POST,
    assert_published,
    edit_post,
    files_of,
    invoke,
    output_of,
    publish,
    url_of,
    write_post,
)


def rsync_stat(log, name):
    """A number from rsync's --stats in the publish's output."""
    return int(re.search(rf"^{name}: ([\d,]+)", log, re.M)[1].replace(",", ""))


def processes_naming(text, patience=5.0):
    """The command lines of running processes that contain `text`, once none is left or after `patience` s.

    A master connection told to exit answers first and then ends, so it may outlive
    the command by a moment.
    """
    deadline = time.monotonic() + patience
    while True:
        found = []
        for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
            try:
                args = cmdline.read_bytes().decode(errors="replace")
            except OSError:  # the process ended
                continue
            if text in args:
                found.append(args.replace("\0", " "))
        if not found or time.monotonic() > deadline:
            return found
        time.sleep(0.1)


def test_publish_serves_the_build_uploads_only_changes_and_rolls_back(project, target, tmp_path):
    # A temporary folder of this publish's own (short: a socket path has a length limit),
    # so that another test publishing at the same time does not leave its socket in it.
    with tempfile.TemporaryDirectory(prefix="pub-") as private_tmp:
        result, log = publish(project, target, env={"TMPDIR": private_tmp})
        assert_published(result, log)
        assert list(Path(private_tmp).glob("publish-ssh-*")) == []
        assert processes_naming(private_tmp) == []  # its SSH master connection is closed
    assert target.logins() == 1  # its four commands share one SSH connection
    first = target.current()
    assert first and target.releases() == [first]
    assert not list((target.remote / "releases").glob("*.partial"))

    # Every file of the build, fetched over HTTP from nginx, is the built file.
    from sitetools.publish import build_site

    reference = tmp_path / "reference"
    assert build_site(project, reference, target.site_url) == 0
    built = files_of(reference)
    assert POST in built and "index.html" in built
    assert set(files_of(target.remote / "current")) == set(built)
    for rel, path in built.items():
        status, body = target.get(url_of(rel))
        assert (status, body) == (200, path.read_bytes()), rel
    assert target.get("no-such-page/")[0] == 404

    # One post edited: only what changed is sent, the rest is hard-linked.
    edit_post(project, text="A sentence added after the first release.")
    result, log = publish(project, target)
    assert_published(result, log)
    second = target.current()
    assert second != first and target.releases() == [first, second]
    old, new = files_of(target.remote / "releases" / first), files_of(target.remote / "releases" / second)
    changed = {rel for rel in new if rel not in old or new[rel].read_bytes() != old[rel].read_bytes()}
    assert POST in changed
    assert rsync_stat(log, "Number of regular files transferred") == len(changed) < len(new) / 2, log
    site_size = sum(path.stat().st_size for path in new.values())
    assert rsync_stat(log, "Total bytes sent") < site_size / 10, log  # a small change sends little
    assert POST in log  # rsync's itemized list names the edited page
    for rel in new.keys() - changed:
        assert new[rel].stat().st_ino == old[rel].stat().st_ino, f"{rel} was copied, not hard-linked"
    status, body = target.get(url_of(POST))
    assert status == 200 and b"A sentence added after the first release." in body
    assert body == new[POST].read_bytes()

    # Rollback: the first release is live again, in one switch.
    result = invoke(project, "rollback", env=target.env)
    assert result.returncode == 0, output_of(result)
    assert target.current() == first
    assert target.get(url_of(POST)) == (200, old[POST].read_bytes())
    # There is nothing before the first release.
    result = invoke(project, "rollback", env=target.env)
    assert result.returncode != 0
    assert "no earlier one to roll back to" in output_of(result)
    assert "Traceback" not in output_of(result)
    assert target.current() == first


def snapshot(folder):
    """Every path under `folder` with what it is: a symlink's target, a file's inode and bytes."""
    state = {}
    for path in sorted(Path(folder).rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if path.is_symlink():
            state[rel] = ("link", os.readlink(path))
        elif path.is_file():
            state[rel] = ("file", path.stat().st_ino, path.read_bytes())
        else:
            state[rel] = ("dir",)
    return state


def test_dry_run_lists_what_would_change_and_touches_nothing(project, target):
    # Nothing live yet: the dry run says so and creates nothing on the server.
    result, log = publish(project, target, "--dry-run")
    assert result.returncode == 0, log
    assert "nothing is live" in log and f"+ {POST}" in log
    assert list(target.remote.iterdir()) == []

    result, log = publish(project, target)
    assert_published(result, log)
    edit_post(project, text="Changed after the release.")
    (target.remote / "releases" / "20000101T000000.000000Z.partial").mkdir()
    before = snapshot(target.remote)

    result, log = publish(project, target, "--dry-run")
    assert result.returncode == 0, log
    assert re.search(rf"^[<>]f\S* {re.escape(POST)}$", log, re.M), log
    assert "nothing was changed" in log
    assert snapshot(target.remote) == before  # not even the unfinished upload was removed


def test_drafts_and_future_posts_never_reach_the_server(project, target):
    write_post(project, "secret-plans.md", {
        "Title": "Our secret plans", "Date": "2011-11-01 10:00", "Category": "Community Management",
        "Slug": "secret-plans", "Summary": "Not yet.", "Status": "draft",
    })
    write_post(project, "from-the-future.md", {
        "Title": "A post from the future", "Date": "2999-01-01 10:00", "Category": "Community Management",
        "Summary": "Not yet either.",
    })
    result, log = publish(project, target)
    assert_published(result, log)
    live = target.remote / "current"
    for rel, path in files_of(live).items():
        assert "secret-plans" not in rel and "a-post-from-the-future" not in rel
        if path.suffix in (".html", ".xml", ".json", ".txt"):
            text = path.read_text(encoding="utf-8")
            assert "Our secret plans" not in text and "secret-plans" not in text, rel
            assert "A post from the future" not in text, rel
    assert target.get("drafts/secret-plans/")[0] == 404
    assert target.get("2999/01/a-post-from-the-future/")[0] == 404


