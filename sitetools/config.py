"""Publishing settings: environment variables, else an untracked publish.env.

No secret lives in the repository: the target and the public address come
from the environment or from `publish.env` (untracked; `publish.env.example`
documents it), and SSH keys come from the user's agent or ~/.ssh, or from
PUBLISH_SSH_KEY naming a key file outside the repository.
"""

import os
import re
import shlex
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from kbutil.siteurl import is_site_url

from . import PublishError

ENV_FILE = "publish.env"
DEFAULT_PORT = 22
DEFAULT_GH_REMOTE = "origin"
DEFAULT_GH_BRANCH = "gh-pages"

# Every setting publish.env may hold, with what it is for (shown for unknown keys).
KNOWN = {
    "SITEURL": "the public address of the site, e.g. https://example.org",
    "PUBLISH_HOST": "the SSH server's host name",
    "PUBLISH_PORT": "its SSH port (default 22)",
    "PUBLISH_USER": "the user to log in as",
    "PUBLISH_PATH": "the absolute folder on the server that holds releases/ and current",
    "PUBLISH_SSH_KEY": "optional: a private key file outside the repository",
    "PUBLISH_KNOWN_HOSTS": "optional: a known_hosts file to check the server's key against",
    "PUBLISH_GH_REMOTE": "gh-pages: the git remote (name, URL or path) to push to",
    "PUBLISH_GH_BRANCH": "gh-pages: the branch (default gh-pages)",
}
# The remote path goes into shell commands and rsync arguments: keep it plain.
SAFE_PATH = re.compile(r"^/[A-Za-z0-9._+@/-]*$")
SAFE_USER = re.compile(r"^[A-Za-z0-9._][A-Za-z0-9._-]*$")
KEY_LINE = re.compile(r"^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$")


@dataclass(frozen=True)
class Target:
    """Where a release goes: an SSH account and the folder holding releases/ and current."""

    host: str
    port: int
    user: str
    path: str
    site_url: str
    ssh_key: str = ""
    known_hosts: str = ""
    # The socket of the SSH connection this run's commands share (remote.shared_connection).
    control_path: str = ""

    @property
    def login(self):
        return f"{self.user}@{self.host}"

    def describe(self):
        return f"{self.login}:{self.path} (port {self.port})"


@dataclass(frozen=True)
class GhPages:
    """Where `invoke gh-pages` pushes: a git remote and a branch."""

    site_url: str
    remote: str
    branch: str


def read_env_file(path):
    """Read `KEY=value` lines ('#' comments, optional quotes and `export`); stop on a bad line."""
    values = {}
    path = Path(path)
    if not path.is_file():
        return values
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        match = KEY_LINE.match(line)
        if not match:
            raise PublishError(f"{path.name}:{number}: expected KEY=value, found {raw.strip()!r}")
        key, value = match.groups()
        if key not in KNOWN:
            raise PublishError(
                f"{path.name}:{number}: unknown setting {key}; known: {', '.join(KNOWN)}"
            )
        try:
            words = shlex.split(value, comments=True) if value else []
        except ValueError as error:
            raise PublishError(f"{path.name}:{number}: {key}: {error}") from None
        if len(words) > 1:
            raise PublishError(
                f"{path.name}:{number}: {key} has spaces in its value; quote it if you mean them"
            )
        values[key] = words[0] if words else ""
    return values


def settings(root, environ=None):
    """The raw settings: publish.env in `root`, overridden by the environment."""
    environ = os.environ if environ is None else environ
    values = read_env_file(Path(root) / ENV_FILE)
    for key in KNOWN:
        if key in environ:
            values[key] = environ[key]
    return {key: value.strip() for key, value in values.items()}


def check_site_url(values, problems):
    value = values.get("SITEURL", "")
    if not value:
        problems.append("SITEURL is not set; set it to the public address, e.g. https://example.org")
    elif not is_site_url(value):
        problems.append(f"SITEURL={value!r} is not an absolute http(s) URL, e.g. https://example.org")
    return value.rstrip("/")


def check_file(values, key, root, problems):
    """An optional file setting: it must exist and lie outside the repository."""
    value = values.get(key, "")
    if not value:
        return ""
    path = Path(value).expanduser()
    if not path.is_absolute():
        problems.append(f"{key}={value!r} is not an absolute path")
        return ""
    if not path.is_file():
        problems.append(f"{key}={value!r}: no such file")
        return ""
    if path.resolve().is_relative_to(Path(root).resolve()):
        problems.append(f"{key}={value!r} is inside the repository; keep keys outside it (e.g. in ~/.ssh)")
        return ""
    return str(path)


def where(root):
    return f"(set it in the environment or in {Path(root) / ENV_FILE}; see {ENV_FILE}.example)"


def load_target(root, environ=None):
    """The SSH target for `invoke publish` and `invoke rollback`, validated; all problems at once."""
    values = settings(root, environ)
    problems = []
    site_url = check_site_url(values, problems)

    host = values.get("PUBLISH_HOST", "")
    if not host:
        problems.append("PUBLISH_HOST is not set; set it to the server's host name")
    elif any(c.isspace() for c in host) or host.startswith("-") or "@" in host or "/" in host:
        problems.append(f"PUBLISH_HOST={host!r} is not a host name (no spaces, '@', '/' or leading '-')")

    port_text = values.get("PUBLISH_PORT", "") or str(DEFAULT_PORT)
    port = int(port_text) if port_text.isdigit() else 0
    if not 1 <= port <= 65535:
        problems.append(f"PUBLISH_PORT={port_text!r} is not a port number from 1 to 65535")

    user = values.get("PUBLISH_USER", "")
    if not user:
        problems.append("PUBLISH_USER is not set; set it to the SSH user on the server")
    elif not SAFE_USER.match(user):
        problems.append(f"PUBLISH_USER={user!r} is not a user name (letters, digits, '.', '_', '-')")

    path = values.get("PUBLISH_PATH", "")
    if not path:
        problems.append("PUBLISH_PATH is not set; set it to the absolute folder on the server, e.g. /srv/site")
    elif not path.startswith("/"):
        problems.append(f"PUBLISH_PATH={path!r} is not an absolute path (it must start with '/')")
    elif not SAFE_PATH.match(path) or ".." in PurePosixPath(path).parts:
        problems.append(
            f"PUBLISH_PATH={path!r} may hold only letters, digits and . _ + @ / - (no '..', no spaces)"
        )
    elif PurePosixPath(path) == PurePosixPath("/"):
        problems.append("PUBLISH_PATH='/' is the server's root folder; use a folder of its own, e.g. /srv/site")

    ssh_key = check_file(values, "PUBLISH_SSH_KEY", root, problems)
    known_hosts = check_file(values, "PUBLISH_KNOWN_HOSTS", root, problems)
    if problems:
        raise PublishError("Publishing is not configured:\n  " + "\n  ".join(problems) + f"\n{where(root)}")
    return Target(
        host=host,
        port=port,
        user=user,
        path=str(PurePosixPath(path)),
        site_url=site_url,
        ssh_key=ssh_key,
        known_hosts=known_hosts,
    )


def load_gh_pages(root, environ=None, remote="", branch=""):
    """The settings `invoke gh-pages` needs: SITEURL, a remote and a branch."""
    values = settings(root, environ)
    problems = []
    site_url = check_site_url(values, problems)
    remote = remote or values.get("PUBLISH_GH_REMOTE", "") or DEFAULT_GH_REMOTE
    branch = branch or values.get("PUBLISH_GH_BRANCH", "") or DEFAULT_GH_BRANCH
    if remote.startswith("-"):
        problems.append(f"PUBLISH_GH_REMOTE={remote!r} must not start with '-'")
    if branch.startswith("-") or any(c.isspace() for c in branch) or ".." in branch:
        problems.append(f"PUBLISH_GH_BRANCH={branch!r} is not a branch name")
    if problems:
        listed = "\n  ".join(problems)
        raise PublishError(f"GitHub Pages publishing is not configured:\n  {listed}\n{where(root)}")
    return GhPages(site_url=site_url, remote=remote, branch=branch)
