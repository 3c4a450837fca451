"""Tasks for building, serving, testing and writing the site (`invoke --list`).

Task names and meanings follow pelican-quickstart's tasks.py, so anyone who
knows Pelican finds their way: clean, build, rebuild, regenerate, serve,
reserve, preview, livereload. Ours add new-post and test.
"""

import datetime
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

from invoke import Exit, task

ROOT = Path(__file__).resolve().parent
CONFIG = {
    "settings_base": "pelicanconf.py",
    "settings_publish": "publishconf.py",
    "content_path": "content",
    "posts_path": "content/posts",
    "deploy_path": "output",
    "host": "127.0.0.1",
    "port": 8000,
}


def pelican_build(settings, output, extra=()):
    """Build the site into a fresh folder beside `output`, then swap it in; True on success.

    A failed build leaves `output` exactly as it was: nothing half-written.
    The swap is one step (sitetools/building.py), so `output` always holds a
    complete site, the previous one or the new one, even if the build is
    killed; what a killed build left beside it is removed first. When nothing
    changed since `output`'s last clean build, nothing runs (sitetools/stamp.py).
    """
    from sitetools.building import pelican_args

    output = ROOT / output
    staging = output.with_name(output.name + ".partial")
    # sitetools.building runs Pelican so that its messages name output/, not
    # the staging folder, and a full disk is one line.
    command = [
        sys.executable, "-m", "sitetools.building", str(staging), str(output),
        *pelican_args(settings, staging, CONFIG["content_path"], extra),
    ]
    # UTF-8 mode: sources, output and messages are UTF-8 whatever the locale.
    env = dict(os.environ, PYTHONUTF8="1")
    return subprocess.run(command, cwd=ROOT, env=env, check=False).returncode == 0


def build_or_exit(settings, output=None):
    """Build, or stop with a clear message and a non-zero exit."""
    output = output or CONFIG["deploy_path"]
    if not pelican_build(settings, output):
        raise Exit(
            f"Build failed (see the messages above): the new build was discarded; "
            f"{output}/ was left as it was."
        )


@task
def clean(c):
    """Remove the generated site (and what an interrupted build left beside it)."""
    from sitetools.building import leftover_names

    output = ROOT / CONFIG["deploy_path"]
    for folder in (output, *leftover_names(output)):
        shutil.rmtree(folder, ignore_errors=True)


FULL_HELP = {"full": "build even when nothing changed since the last build (as BUILD_FULL=1 does)"}


def build_fully(full):
    if full:
        os.environ["BUILD_FULL"] = "1"


@task(help=FULL_HELP)
def build(c, full=False):
    """Build the site with development settings into output/ (nothing to do when nothing changed)."""
    build_fully(full)
    build_or_exit(CONFIG["settings_base"])


@task
def rebuild(c):
    """Remove the generated site, then build it again."""
    clean(c)
    build(c)


@task
def regenerate(c):
    """Rebuild whenever a file changes (Pelican's autoreload), without serving."""
    from sitetools.building import pelican_command

    command = pelican_command(CONFIG["settings_base"], CONFIG["deploy_path"], CONFIG["content_path"], ["-r"])
    c.run(shlex.join(command), pty=sys.stdout.isatty())


PORT_HELP = {"port": f"port to serve on (default {CONFIG['port']})"}


@task(help={"reload": "rebuild on change and refresh the browser tab (default: on)", **PORT_HELP})
def serve(c, reload=True, port=CONFIG["port"]):
    """Build, then serve at http://127.0.0.1:8000, rebuilding and reloading on change."""
    if reload:
        live_server(int(port))
    else:
        build(c)
        static_server(int(port))


@task(help=PORT_HELP)
def reserve(c, port=CONFIG["port"]):
    """Rebuild from scratch, then serve with live reload."""
    clean(c)
    live_server(int(port))


@task(help=PORT_HELP)
def livereload(c, port=CONFIG["port"]):
    """Serve with live reload: rebuild and refresh the browser tab on change."""
    live_server(int(port))


@task(help=FULL_HELP)
def preview(c, full=False):
    """Build the production site (publishconf.py; needs SITEURL) into output/."""
    build_fully(full)
    build_or_exit(CONFIG["settings_publish"])


def static_server(port):
    """Serve output/ as it is, like any static file server would."""
    from functools import partial
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    handler = partial(SimpleHTTPRequestHandler, directory=str(ROOT / CONFIG["deploy_path"]))
    server = ThreadingHTTPServer((CONFIG["host"], port), handler)
    print(f"Serving on http://{CONFIG['host']}:{port}/ (Ctrl-C to stop)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        server.shutdown()


def live_server(port):
    """Build, serve output/, and on every change show the edited page first, then rebuild (sitetools/live.py)."""
    from sitetools import live

    live.in_utf8_mode()  # as every build runs (the Makefile and pelican_build set it too)
    os.chdir(ROOT)
    watched = [ROOT / name for name in ("pelicanconf.py", "content", "theme", "plugins")]
    if not live.run(CONFIG["settings_base"], CONFIG["content_path"], CONFIG["deploy_path"],
                    project=ROOT, watched=watched, host=CONFIG["host"], port=port):
        raise Exit(f"Build failed (see the messages above): {CONFIG['deploy_path']}/ was left as it was.")


def new_post_text(title, date, slug):
    """Return the Markdown source of a new draft post."""
    return (
        f"Title: {title}\n"
        f"Date: {date:%Y-%m-%d %H:%M}\n"
        f"Category: Community Management\n"
        f"Tags: \n"
        f"Slug: {slug}\n"
        f"Summary: \n"
        f"Status: draft\n"
        f"\n"
        f"Write the post here. Remove 'Status: draft' to publish it.\n"
    )


@task(help={"title": "the post's title"})
def new_post(c, title):
    """Write a draft post with today's date, a slug and the metadata header."""
    from pelican.settings import DEFAULT_CONFIG  # here, not at the top: every task would pay for importing Pelican
    from pelican.utils import slugify

    title = " ".join(title.split())
    if not title:
        raise Exit("new-post: the title is empty; give one, e.g. invoke new-post \"My post\"")
    slug = slugify(title, regex_subs=DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"])
    if not slug:
        raise Exit(f"new-post: cannot make a file name from the title {title!r}")
    path = ROOT / CONFIG["posts_path"] / f"{slug}.md"
    if path.exists():
        raise Exit(f"new-post: {path.relative_to(ROOT)} already exists; choose another title")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(new_post_text(title, datetime.datetime.now(), slug), encoding="utf-8")
    print(f"Wrote {path.relative_to(ROOT)}")


@task(
    iterable=["host"],
    help={
        "path": "the export: a file, a folder or a .zip in any supported format (README, 'Chat recaps')",
        "title": "the recap's title",
        "hashtag": "the chat's hashtag, e.g. cmgrchat",
        "host": "a host as the export spells them: @handle or name (repeat for several hosts)",
        "date": "the chat's day, YYYY-MM-DD, for logs whose lines give only times (default: today)",
        "from": "only messages from this local time on, YYYY-MM-DD HH:MM (the Start: header)",
        "to": "only messages up to this local time, YYYY-MM-DD HH:MM (the End: header)",
        "channel": "the channel of a Slack workspace export",
        "timezone": "the chat's time zone, e.g. America/New_York (default UTC)",
        "format": "the export's format when it is not recognised from its content",
        "replace": "write over a recap of the same title made before (only once the new one passes its checks)",
    },
)
def new_recap(c, path, title, hashtag, host, date="", from_="", to="", channel="", timezone="UTC", format="",
              replace=False):
    """Copy a chat export into content/recaps/ with a checked metadata header (--replace to write over one)."""
    sys.path.insert(0, str(ROOT / "plugins"))
    from chat_recaps.create import NewRecapError
    from chat_recaps.create import new_recap as create

    try:
        lines = create(ROOT, path, title, hashtag, host, date=date, start=from_, end=to, channel=channel,
                       timezone=timezone, fmt=format, replace=replace)
    except NewRecapError as error:
        raise Exit(str(error)) from None
    except Exception as error:  # never a traceback: say what failed, with the export's name
        raise Exit(f"new-recap: {path}: could not read the export: {error}") from None
    print("\n".join(lines))


@task(
    help={
        "path": "the WordPress export (WXR .xml from Tools > Export)",
        "uploads": "a local copy of wp-content/uploads: the images posts use are copied to content/images/",
    },
)
def import_wordpress(c, path, uploads=None):
    """Turn a WordPress export into Markdown posts and pages in content/ (refuses to overwrite any file)."""
    sys.path.insert(0, str(ROOT / "plugins"))
    from pelican.settings import read_settings

    from sitetools.wordpress import WordPressError
    from sitetools.wordpress.importer import import_wordpress as run_import

    try:
        lines = run_import(ROOT, path, uploads=uploads, settings=read_settings(str(ROOT / CONFIG["settings_base"])))
    except WordPressError as error:
        raise Exit(f"import-wordpress: {error}") from None
    except Exception as error:  # never a traceback: say what failed, with the export's name
        raise Exit(f"import-wordpress: {path}: could not import the export: {error}") from None
    print("\n".join(lines))


# What the tests need from Debian: a program to look for, and the packages that bring it.
DEBIAN_TEST_PACKAGES = (
    ("/usr/bin/chromium", ("chromium", "fonts-dejavu-core"), "browser tests"),
    ("/usr/sbin/sshd", ("openssh-server",), "publish tests"),
    ("/usr/bin/ssh-keygen", ("openssh-client",), "publish tests"),
    ("/usr/bin/rsync", ("rsync",), "publish tests"),
    ("/usr/sbin/nginx", ("nginx",), "publish tests"),
    ("/usr/bin/git", ("git",), "publish tests"),
)


def ensure_debian_packages(wanted=DEBIAN_TEST_PACKAGES):
    """Install the Debian packages the tests need when missing and we are root.

    Elsewhere print one line per missing program; the tests needing it skip.
    Services the packages bring (nginx, sshd) are not started: the tests
    start their own on loopback.
    """
    missing = [(program, packages, needs) for program, packages, needs in wanted if not Path(program).exists()]
    if not missing:
        return
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        for program, packages, needs in missing:
            print(f"{program} is missing ({' '.join(packages)}) and this is not root: {needs} will be skipped")
        return
    packages = sorted({name for _, names, _ in missing for name in names})
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    # Debian's way to keep package scripts from starting services: policy-rc.d
    # answering 101. Installed only for this run, when none is there.
    policy = Path("/usr/sbin/policy-rc.d")
    ours = not policy.exists()
    if ours:
        policy.write_text("#!/bin/sh\nexit 101\n", encoding="utf-8")
        policy.chmod(0o755)
    try:
        subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
        subprocess.run(
            ["apt-get", "install", "-y", "-qq", "--no-install-recommends", *packages],
            check=True,
            env=env,
        )
    finally:
        if ours:
            policy.unlink(missing_ok=True)


@task(help={"fix": "also apply ruff's safe fixes"})
def lint(c, fix=False):
    """Check the Python code with ruff (rules in pyproject.toml); `make test` runs this first."""
    result = c.run(f"{sys.executable} -m ruff check {'--fix ' if fix else ''}{ROOT}", warn=True)
    if result.exited != 0:
        raise Exit("lint: fix the lines above (`invoke lint --fix` fixes some), then run again", code=result.exited)


@task(help={
    "args": "extra arguments for pytest, e.g. -k feeds",
    "quick": "only the fast unit tier (tests/unit, tests/property), skipping the site, browser and publish tiers",
})
def test(c, args="", quick=False):
    """Run every test (installs the Debian packages they need first, when root), one worker per core.

    --quick runs only the unit tier, which needs none of those packages.
    """
    lint(c)
    # Tiers (unit, site, browser, publish) are markers set in tests/conftest.py from each test's folder.
    if not quick:
        ensure_debian_packages()
    tier = "-m unit " if quick else ""
    # One worker per core; a test file's tests stay together, so its built fixture site is built once;
    # files start in the order tests/conftest.py gives (the longest tiers first), not by test count.
    # Python may write bytecode (__pycache__/, ignored by git): the suite starts a hundred Pelican
    # processes, and each would otherwise compile every plugin again.
    env = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
    result = c.run(
        f"{sys.executable} -m pytest -n auto --dist loadfile --no-loadscope-reorder {tier}{args}",
        env={**env, "PYTHONUTF8": "1"}, replace_env=True, warn=True, pty=sys.stdout.isatty(),
    )
    if result.exited != 0:
        raise Exit(code=result.exited)


@task(help={"examples": "examples per property (sets FUZZ_EXAMPLES; default: the fuzz profile's)"})
def fuzz(c, examples=0):
    """Run every Hypothesis test (tests/property and the unit tier) with the fuzz profile: many more examples."""
    env = {"HYPOTHESIS_PROFILE": "fuzz", "PYTHONUTF8": "1"}
    if int(examples) > 0:
        env["FUZZ_EXAMPLES"] = str(int(examples))
    result = c.run(
        f"{sys.executable} -m pytest -n auto -q tests/property tests/unit", env=env, warn=True, pty=sys.stdout.isatty(),
    )
    if result.exited != 0:
        raise Exit(code=result.exited)


# Publishing: the work is in sitetools/ (see README.md, "Publishing").


def run_publishing(step, *args, **kwargs):
    """Run a sitetools step; its PublishError becomes a clear message and a non-zero exit."""
    from sitetools import PublishError

    try:
        return step(ROOT, *args, **kwargs)
    except PublishError as error:
        raise Exit(str(error)) from None


@task(name="publish", help={"dry_run": "list what would change on the live site; change nothing"})
def publish_site(c, dry_run=False):
    """Build, check, upload a new release over SSH and make it live (settings: publish.env)."""
    from sitetools import publish

    run_publishing(publish.publish, dry_run=dry_run)


@task
def rollback(c):
    """Make the release before the live one live again."""
    from sitetools import publish

    run_publishing(publish.rollback)


@task(
    name="gh-pages",
    help={
        "remote": "git remote to push to: name, URL or path (default: PUBLISH_GH_REMOTE, else origin)",
        "branch": "branch to write (default: PUBLISH_GH_BRANCH, else gh-pages)",
    },
)
def gh_pages(c, remote="", branch=""):
    """Build and check the production site, then push it to the gh-pages branch (ghp-import)."""
    from sitetools import publish

    run_publishing(publish.gh_pages, remote=remote, branch=branch)


@task(help={
    "posts": "posts in the generated corpus: 1000 (default), 10000, or several as 1000,10000",
    "runs": "repetitions of the five builds, ours and vanilla Pelican alternating (default 3)",
    "seed": "corpus seed: the same seed and size give byte-identical posts (default 1)",
    "keep": "keep the temporary projects (posts, outputs, build logs) and print where",
    "steps": "instead: time the site-wide steps at growing sizes (tests/benchmark.py)",
    "build": "instead: tests/benchmark.py, also building a real site of this many generated posts",
    "recaps": "instead: only tests/benchmark.py's chat recap section (builds of generated exports)",
})
def bench(c, build=0, recaps=False, posts="1000", runs=3, seed=1, keep=False, steps=False):
    """Time our production build against vanilla Pelican on generated posts (bench/README.md)."""
    if steps or build or recaps:
        extra = (f" --build {int(build)}" if build else "") + (" --recaps" if recaps else "")
        c.run(f"{sys.executable} {ROOT / 'tests' / 'benchmark.py'}{extra}", pty=sys.stdout.isatty())
        return
    options = ["--posts", str(posts), "--runs", str(int(runs)), "--seed", str(int(seed))] + (["--keep"] if keep else [])
    with c.cd(str(ROOT)):
        c.run(shlex.join([sys.executable, "-m", "bench", *options]), pty=sys.stdout.isatty())


@task
def settings_doc(c):
    """Rewrite README.md's settings tables from the plugins' declared settings (plugins/*/settings.py)."""
    from pelican.settings import read_settings

    from sitetools import settings_doc as doc

    readme = ROOT / "README.md"
    plugins = read_settings(str(ROOT / CONFIG["settings_base"]))["PLUGINS"]
    readme.write_text(doc.with_tables(readme.read_text(encoding="utf-8"), plugins), encoding="utf-8")
    print(f"{readme.name}: settings tables written for {len(plugins)} plugins")
