"""The server side of a release: ssh commands, rsync, and the shell run there.

Layout under PUBLISH_PATH on the server:

    releases/20250101T120000.000000Z/   one complete build per publish (UTC time)
    releases/20250102T080000.000000Z.partial/   an upload in progress or cut off
    current -> releases/20250102T...Z   the live release; the web server's docroot

The server needs a POSIX shell, GNU coreutils (`mv -T`, `ln -sfn`) and rsync.
"""

import dataclasses
import re
import shlex
import subprocess
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field

from . import PublishError

RELEASE_NAME = re.compile(r"^\d{8}T\d{6}(?:\.\d{1,6})?Z$")
# One line of rsync --itemize-changes: a changed, new or deleted file, link or folder.
ITEM = re.compile(r"^(?:[<>ch.][fdLDS][^ ]{7,9} |\*deleting +)(?P<path>.+)$")
RSYNC_OPTIONS = [
    "--recursive", "--links", "--perms",
    # Readable by the web server whatever the local umask.
    "--chmod=D0755,F0644",
    # A fresh build gives every file a new time: compare contents, and keep
    # times out of the comparison so unchanged files are hard-linked.
    "--checksum",
    "--delete",
    "--itemize-changes",
    "--timeout=60",
]
SSH_TIMEOUT = 120
CONTROL_PERSIST = 30  # seconds a shared connection outlives its last command


def ssh_command(target):
    """ssh with the target's port, key and known_hosts; never prompts."""
    command = [
        "ssh", "-p", str(target.port),
        "-o", "BatchMode=yes",
        "-o", "ConnectTimeout=15",
        "-o", "ServerAliveInterval=15",
        "-o", "ServerAliveCountMax=4",
    ]
    if target.ssh_key:
        command += ["-i", target.ssh_key, "-o", "IdentitiesOnly=yes"]
    if target.known_hosts:
        command += ["-o", f"UserKnownHostsFile={target.known_hosts}", "-o", "StrictHostKeyChecking=yes"]
    if target.control_path:
        command += [
            "-o", "ControlMaster=auto",
            "-o", f"ControlPath={target.control_path}",
            "-o", f"ControlPersist={CONTROL_PERSIST}",
        ]
    return command


@contextmanager
def shared_connection(target):
    """Yield `target` with one SSH connection for all its commands (OpenSSH multiplexing).

    A publish runs four commands on the server (state, clean-up, rsync, switch);
    each new connection costs a key exchange and a login, so the first opens a
    master connection the others reuse. It is closed on leaving, and stops by
    itself after CONTROL_PERSIST idle seconds if this process dies first.
    """
    with tempfile.TemporaryDirectory(prefix="publish-ssh-") as folder:  # private (0700), short path
        shared = dataclasses.replace(target, control_path=f"{folder}/master")
        try:
            yield shared
        finally:
            subprocess.run(
                [*ssh_command(shared), "-O", "exit", shared.login],
                capture_output=True, timeout=SSH_TIMEOUT, check=False,
            )


def run_remote(target, script, what):
    """Run a POSIX shell script on the server; return its stdout, or stop naming `what` failed."""
    command = [*ssh_command(target), target.login, "sh -c " + shlex.quote(script)]
    try:
        result = subprocess.run(
            command, capture_output=True, text=True, encoding="utf-8", errors="replace",
            timeout=SSH_TIMEOUT, check=False,
        )
    except subprocess.TimeoutExpired:
        raise PublishError(f"{what}: no answer from {target.describe()} within {SSH_TIMEOUT} s") from None
    if result.returncode == 255:
        raise PublishError(
            f"{what}: cannot reach {target.describe()} over SSH:\n{result.stderr.strip()}"
        )
    if result.returncode != 0:
        raise PublishError(f"{what} failed on {target.login}:\n{(result.stderr or result.stdout).strip()}")
    return result.stdout


@dataclass
class State:
    """What is on the server: the releases (oldest first), the live one, unfinished uploads."""

    releases: list = field(default_factory=list)
    current: str = ""
    partial: list = field(default_factory=list)


def read_state(target):
    """Look, touching nothing: which releases exist and which one `current` points at."""
    path = shlex.quote(target.path)
    script = f"""
cd {path} 2>/dev/null || {{ echo "no-such-path"; exit 0; }}
if [ -L current ]; then printf 'current %s\\n' "$(readlink current)"
elif [ -e current ]; then echo "current-not-a-symlink"; fi
if [ -d releases ]; then
  for entry in releases/* ; do [ -d "$entry" ] && printf 'entry %s\\n' "${{entry#releases/}}"; done
fi
exit 0
"""
    out = run_remote(target, script, "Reading the server's releases")
    state = State()
    for line in out.splitlines():
        kind, _, value = line.partition(" ")
        if kind == "no-such-path":
            raise PublishError(
                f"{target.path} does not exist on {target.host}; create it (owned by "
                f"{target.user}) first: see README.md, Publishing"
            )
        if kind == "current-not-a-symlink":
            raise PublishError(
                f"{target.path}/current on {target.host} is not a symlink; move it away "
                "(publishing makes `current` a symlink to the live release)"
            )
        if kind == "current":
            name = value.rstrip("/")
            if not name.startswith("releases/") or not RELEASE_NAME.match(name[len("releases/"):]):
                raise PublishError(
                    f"{target.path}/current on {target.host} points to {value!r}, not to a "
                    "release in releases/; point it at one or remove it"
                )
            state.current = name[len("releases/"):]
        elif kind == "entry":
            if RELEASE_NAME.match(value):
                state.releases.append(value)
            elif value.endswith(".partial"):
                state.partial.append(value)
    state.releases.sort()
    return state


def switch_script(target, release, prepare=""):
    """Shell that makes `release` live with one atomic rename of the `current` symlink."""
    release = shlex.quote(f"releases/{release}")
    return f"""set -e
cd {shlex.quote(target.path)}
{prepare}
test -d {release}
ln -sfn {release} current.tmp
mv -T current.tmp current
"""


def remove_partial_script(target):
    """Shell that removes every unfinished upload (releases/*.partial), saying which."""
    return f"""set -e
mkdir -p {shlex.quote(target.path)}/releases
cd {shlex.quote(target.path)}/releases
for entry in *.partial; do
  if [ -e "$entry" ]; then rm -rf -- "$entry"; echo "$entry"; fi
done
"""


def rsync(target, source, destination, link_dest="", dry_run=False, stats=True):
    """rsync the folder `source` into `destination` (a path on the server); return (code, output).

    rsync's output goes to the terminal as it comes and is returned too.
    """
    command = ["rsync", *RSYNC_OPTIONS]
    if stats:
        command.append("--stats")
    if dry_run:
        command.append("--dry-run")
    if link_dest:
        command.append(f"--link-dest={link_dest}")
    command += [
        "-e", " ".join(shlex.quote(part) for part in ssh_command(target)),
        f"{str(source).rstrip('/')}/",
        f"{target.login}:{destination.rstrip('/')}/",
    ]
    lines = []
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, encoding="utf-8", errors="replace",
    ) as process:
        for line in process.stdout:
            print(line, end="", flush=True)
            lines.append(line)
        code = process.wait()
    return code, "".join(lines)


def itemized(output):
    """The lines of rsync's --itemize-changes output that name a changed item."""
    return [line for line in output.splitlines() if ITEM.match(line) and not line.startswith(".d")]
