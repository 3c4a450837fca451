"""`invoke publish` when things go wrong: a cut-off upload, old releases, a wrong server key or folder.

Debian's sshd and rsync receive the release, nginx serves <remote>/current;
every server is started by the test on a free 127.0.0.1 port and stopped after it.
"""

import os
import signal
import subprocess
import sys
import time

from publish_support import POST, assert_published, clean_environ, edit_post, invoke, output_of, publish, url_of

KILL_WAIT = 60  # seconds, at most, for the cut-off upload to start


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
