"""`invoke publish` and `invoke rollback` against a real target on loopback.

Debian's sshd and rsync receive the release, nginx serves <remote>/current;
every server is started by the test on a free 127.0.0.1 port and stopped after it.
"""

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

from publish_support import (
    clean_environ,
    edit_post,
    files_of,
    invoke,
    output_of,
    url_of,
    write_post,
)

POST = "2011/10/clouting-klout/index.html"
KILL_WAIT = 60  # seconds, at most, for the cut-off upload to start


def publish(project, target, *args, env=None):
    result = invoke(project, "publish", *args, env={**target.env, **(env or {})})
    return result, output_of(result)


def assert_published(result, log):
    assert result.returncode == 0, log
    assert "Traceback" not in log


def rsync_stat(log, name):
    """A number from rsync's --stats in the publish's output."""
    return int(re.search(rf"^{name}: ([\d,]+)", log, re.M)[1].replace(",", ""))


def test_publish_serves_the_build_uploads_only_changes_and_rolls_back(project, target, tmp_path):
    result, log = publish(project, target)
    assert_published(result, log)
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


def slow_rsync(folder, exit_code=None):
    """A PATH folder whose `rsync` crawls (1 KiB/s) or, with exit_code, fails after uploading."""
    folder.mkdir()
    script = folder / "rsync"
    if exit_code is None:
        script.write_text('#!/bin/sh\nexec /usr/bin/rsync --bwlimit=1 "$@"\n')
    else:
        script.write_text(f'#!/bin/sh\n/usr/bin/rsync "$@"\nexit {exit_code}\n')
    script.chmod(0o755)
    return {"PATH": f"{folder}{os.pathsep}{os.environ['PATH']}"}


def test_an_upload_cut_off_leaves_the_live_release_and_the_next_publish_cleans_up(project, target, tmp_path):
    result, log = publish(project, target)
    assert_published(result, log)
    live = target.current()
    live_page = (target.remote / "releases" / live / POST).read_bytes()
    edit_post(project, text="This version is never seen half-uploaded.")

    # rsync fails (a connection lost at the end): nothing switches.
    result, log = publish(project, target, env=slow_rsync(tmp_path / "failing", exit_code=12))
    assert result.returncode != 0
    assert "The upload failed (rsync exit 12); the live site is unchanged" in log
    assert target.current() == live
    assert target.get(url_of(POST)) == (200, live_page)

    # The publish is killed while rsync is uploading.
    process = subprocess.Popen(
        [sys.executable, "-m", "invoke", "publish"],
        cwd=project,
        env=clean_environ({**target.env, **slow_rsync(tmp_path / "slow")}),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + KILL_WAIT
        partial = []
        while time.monotonic() < deadline and process.poll() is None:
            partial = [p for p in (target.remote / "releases").glob("*.partial") if any(p.iterdir())]
            if partial:
                break
            time.sleep(0.05)
        assert partial, "the upload never started"
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
    assert process.returncode == -signal.SIGKILL  # killed half-way, not finished
    assert target.current() == live
    assert target.get(url_of(POST)) == (200, live_page)
    assert target.get("")[0] == 200

    # The next publish removes the unfinished uploads and goes live.
    result, log = publish(project, target)
    assert_published(result, log)
    assert "Removed the unfinished upload" in log
    assert not list((target.remote / "releases").glob("*.partial"))
    assert target.current() != live
    status, body = target.get(url_of(POST))
    assert status == 200 and b"This version is never seen half-uploaded." in body


def test_the_last_five_releases_are_kept(project, target):
    releases = target.remote / "releases"
    old = [f"2001010{day}T000000.000000Z" for day in range(1, 8)]
    for name in old:
        (releases / name).mkdir(parents=True)
        (releases / name / "index.html").write_text(f"release {name}")
    (target.remote / "current").symlink_to(f"releases/{old[-1]}")
    assert target.get("") == (200, f"release {old[-1]}".encode())

    result, log = publish(project, target)
    assert_published(result, log)
    new = target.current()
    assert target.releases() == [*old[-4:], new]
    # Rollback goes to the release that was live before.
    result = invoke(project, "rollback", env=target.env)
    assert result.returncode == 0, output_of(result)
    assert target.current() == old[-1]
    assert target.get("") == (200, f"release {old[-1]}".encode())


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


def test_publish_stops_on_a_wrong_server_key_or_a_missing_folder(project, target, tmp_path_factory):
    # A server whose host key is not the known one: ssh refuses, nothing is uploaded.
    other = tmp_path_factory.mktemp("other")
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(other / "key")], check=True, timeout=30)
    key_type, key = (other / "key.pub").read_text(encoding="utf-8").split()[:2]
    (other / "known_hosts").write_text(f"[127.0.0.1]:{target.ssh_port} {key_type} {key}\n")
    result, log = publish(project, target, env={"PUBLISH_KNOWN_HOSTS": str(other / "known_hosts")})
    assert result.returncode != 0
    assert f"cannot reach {target.env['PUBLISH_USER']}@127.0.0.1:{target.remote} (port {target.ssh_port})" in log
    assert "Host key verification failed" in log
    assert list(target.remote.iterdir()) == []

    result, log = publish(project, target, env={"PUBLISH_PATH": f"{target.remote}/missing"})
    assert result.returncode != 0
    assert f"{target.remote}/missing does not exist on 127.0.0.1; create it" in log
    assert "Traceback" not in log and list(target.remote.iterdir()) == []
