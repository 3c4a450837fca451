"""A throwaway publishing target on loopback: Debian's sshd and rsync, nginx serving `current`.

Everything runs on 127.0.0.1, each server on a free port with its own
temporary configuration, host key and client key; the caller registers
`stop` for every process started.
"""

import getpass
import http.client
import os
import shutil
import signal
import socket
import subprocess
import sys
import textwrap
import time
from dataclasses import dataclass, field
from pathlib import Path

SERVER_PROGRAMS = {
    "/usr/sbin/sshd": "openssh-server",
    "/usr/bin/ssh": "openssh-client",
    "/usr/bin/ssh-keygen": "openssh-client",
    "/usr/bin/rsync": "rsync",
    "/usr/sbin/nginx": "nginx",
}
START_TIMEOUT = 15  # seconds for a server to accept connections
COMMAND_TIMEOUT = 180  # seconds for one invoke run
SITE_URL = "https://example.org/blog"  # the public address of builds checked without a server
POST = "2011/10/clouting-klout/index.html"  # a page of the sample site that tests edit and fetch


def missing(programs):
    """The Debian packages whose programs are missing."""
    return sorted({package for program, package in programs.items() if not Path(program).exists()})


def server_skip_reason():
    """None when the publish target can run here, else the one line saying why not."""
    lacking = missing(SERVER_PROGRAMS)
    if lacking:
        return (
            f"publish tests need Debian's {', '.join(lacking)} (not installed); "
            "`make test` installs them when run as root"
        )
    if os.geteuid() != 0:
        return "publish tests run sshd and nginx as root; run them as root (`make test` does)"
    return None


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start(command, log):
    """Start a server in its own process group, its output to `log`."""
    with open(log, "wb") as out:
        return subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)


def stop(process):
    """Stop a process and its group: TERM, then KILL after a few seconds."""
    if process.poll() is None:
        try:
            os.killpg(process.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=5)
    try:
        os.killpg(process.pid, signal.SIGKILL)  # any child left in the group
    except (ProcessLookupError, PermissionError):
        pass


def wait_for_port(port, process, log):
    """Wait (bounded) until something accepts on 127.0.0.1:port; fail with the log if it died."""
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            said = Path(log).read_text(encoding="utf-8")
            raise RuntimeError(f"{process.args[0]} exited {process.returncode}:\n{said}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"{process.args[0]} did not listen on {port}:\n{Path(log).read_text(encoding='utf-8')}")


def keygen(path, comment):
    subprocess.run(
        ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", str(path)],
        check=True, timeout=30,
    )


@dataclass
class Target:
    """A running target: where the releases go, and the settings for `invoke publish`."""

    remote: Path
    ssh_port: int
    http_port: int
    env: dict
    processes: list = field(default_factory=list)

    @property
    def site_url(self):
        return f"http://127.0.0.1:{self.http_port}"

    def get(self, url_path):
        """GET a path from nginx: (status, body bytes)."""
        connection = http.client.HTTPConnection("127.0.0.1", self.http_port, timeout=10)
        try:
            connection.request("GET", "/" + url_path.lstrip("/"))
            response = connection.getresponse()
            return response.status, response.read()
        finally:
            connection.close()

    def current(self):
        """The release `current` points at (its folder name), or None."""
        link = self.remote / "current"
        return Path(os.readlink(link)).name if link.is_symlink() else None

    def logins(self):
        """How many SSH logins the server has accepted so far (from its log)."""
        log = self.remote.parent.parent / "ssh" / "sshd.log"
        return log.read_text(encoding="utf-8", errors="replace").count("Accepted publickey")

    def releases(self):
        folder = self.remote / "releases"
        return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


def start_sshd(folder, processes):
    """sshd on a free loopback port, its host key and the client's key in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    Path("/run/sshd").mkdir(mode=0o755, exist_ok=True)  # sshd's privilege-separation folder
    keygen(folder / "host_key", "throwaway-host")
    keygen(folder / "client_key", "throwaway-client")
    shutil.copy(folder / "client_key.pub", folder / "authorized_keys")
    port = free_port()
    config = folder / "sshd_config"
    config.write_text(textwrap.dedent(f"""\
        ListenAddress 127.0.0.1
        Port {port}
        HostKey {folder}/host_key
        PidFile {folder}/sshd.pid
        AuthorizedKeysFile {folder}/authorized_keys
        UsePAM no
        StrictModes no
        PasswordAuthentication no
        KbdInteractiveAuthentication no
        PubkeyAuthentication yes
        PermitRootLogin prohibit-password
        AllowTcpForwarding no
        X11Forwarding no
        PrintMotd no
        LogLevel INFO
    """))
    host_key = (folder / "host_key.pub").read_text(encoding="utf-8").split()
    (folder / "known_hosts").write_text(f"[127.0.0.1]:{port} {host_key[0]} {host_key[1]}\n")
    log = folder / "sshd.log"
    process = start(["/usr/sbin/sshd", "-D", "-e", "-f", str(config)], log)
    processes.append(process)
    wait_for_port(port, process, log)
    return port


def start_nginx(folder, docroot, processes):
    """nginx on a free loopback port serving `docroot` (a symlink, followed per request)."""
    folder.mkdir(parents=True, exist_ok=True)
    port = free_port()
    config = folder / "nginx.conf"
    config.write_text(textwrap.dedent(f"""\
        user {getpass.getuser()};
        worker_processes 1;
        pid {folder}/nginx.pid;
        error_log {folder}/error.log;
        events {{ worker_connections 64; }}
        http {{
            include /etc/nginx/mime.types;
            default_type application/octet-stream;
            access_log {folder}/access.log;
            client_body_temp_path {folder}/client_body;
            proxy_temp_path {folder}/proxy;
            fastcgi_temp_path {folder}/fastcgi;
            uwsgi_temp_path {folder}/uwsgi;
            scgi_temp_path {folder}/scgi;
            server {{
                listen 127.0.0.1:{port};
                root {docroot};
                disable_symlinks off;
                index index.html;
            }}
        }}
    """))
    log = folder / "nginx.log"
    process = start(
        ["/usr/sbin/nginx", "-p", f"{folder}/", "-e", f"{folder}/error.log", "-c", str(config), "-g", "daemon off;"],
        log,
    )
    processes.append(process)
    wait_for_port(port, process, log)
    return port


def start_target(folder, processes):
    """sshd + nginx, and the environment `invoke publish` needs to reach them."""
    remote = folder / "srv" / "site"
    remote.mkdir(parents=True)
    ssh = folder / "ssh"
    ssh_port = start_sshd(ssh, processes)
    http_port = start_nginx(folder / "nginx", remote / "current", processes)
    env = {
        "SITEURL": f"http://127.0.0.1:{http_port}",
        "PUBLISH_HOST": "127.0.0.1",
        "PUBLISH_PORT": str(ssh_port),
        "PUBLISH_USER": getpass.getuser(),
        "PUBLISH_PATH": str(remote),
        "PUBLISH_SSH_KEY": str(ssh / "client_key"),
        "PUBLISH_KNOWN_HOSTS": str(ssh / "known_hosts"),
    }
    return Target(remote=remote, ssh_port=ssh_port, http_port=http_port, env=env, processes=processes)


def clean_environ(extra=None):
    """The test's environment without publishing settings or an ssh agent, plus `extra`."""
    drop = {"SITEURL", "SSH_AUTH_SOCK", "SSH_AGENT_PID"}
    env = {k: v for k, v in os.environ.items() if k not in drop and not k.startswith("PUBLISH_")}
    env["COLUMNS"] = "200"
    env.update(extra or {})
    return env


def invoke(project, *args, env=None, timeout=COMMAND_TIMEOUT):
    """Run `python -m invoke ARGS` in the project copy with only `env`'s publishing settings."""
    return subprocess.run(
        [sys.executable, "-m", "invoke", *args],
        cwd=project,
        env=clean_environ(env),
        capture_output=True,
        text=True, encoding="utf-8",
        timeout=timeout,
        check=False,
    )


def output_of(result):
    return result.stdout + result.stderr


def files_of(folder):
    """Every file under `folder`, by its relative path."""
    folder = Path(folder)
    return {p.relative_to(folder).as_posix(): p for p in sorted(folder.rglob("*")) if p.is_file()}


def url_of(rel):
    """The URL path nginx serves a built file at (a folder's index.html at the folder)."""
    return rel[: -len("index.html")] if rel.endswith("index.html") else rel


def edit_post(project, name="clouting-klout.md", text="An update to this post, added for the test."):
    """Add a paragraph to a post of the project copy; return its source path."""
    path = Path(project) / "content" / "posts" / name
    path.write_text(path.read_text(encoding="utf-8") + f"\n\n{text}\n", encoding="utf-8")
    return path


def write_post(project, name, header, body="Text of the post."):
    path = Path(project) / "content" / "posts" / name
    path.write_text("\n".join(f"{k}: {v}" for k, v in header.items()) + f"\n\n{body}\n", encoding="utf-8")
    return path


def publish(project, target, *args, env=None):
    """Run `invoke publish ARGS` against `target`; return (result, its output)."""
    result = invoke(project, "publish", *args, env={**target.env, **(env or {})})
    return result, output_of(result)


def assert_published(result, log):
    assert result.returncode == 0, log
    assert "Traceback" not in log
