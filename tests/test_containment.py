"""Paths stay inside the site: content is read only from content/, files are written only to output/.

Two fixture sites (tests/fixtures/containment/) are built as `invoke build`
does: `paths/` holds slugs, Save_as, URL, links, recap sources, decks and
terms that lead elsewhere (by '..', an absolute path or a symlink made
here); `clashes/` holds files that claim one output file or one slug. Each
case gives exactly one `path:LINE: reason` error, the build fails, output/
stays as it was and no file outside output/ is created or changed.
The pure parts (slugs, the log filters, the Apache and nginx maps) are
tested first.
"""

import hashlib
import logging
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from build_guard.clashes import second_claims
from build_guard.logfilters import HeldSlugWarnings, MissingStaticStamp, RelativePaths
from build_guard.slugs import is_slug, slug_message
from chat_recaps.source import source_path
from helpers import run_pelican
from kbutil.diagnostics import SourceError
from seo import redirects

FIXTURES = Path(__file__).parent / "fixtures" / "containment"
SECRET = "TOP SECRET: never published\n"
ADVICE = "(use letters, digits and hyphens, e.g. 'my-post')"


# -- pure parts ------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["my-post", "cmgrchat-2011", "Über-uns", "a.b", "x_y"])
def test_slugs_that_are_slugs(value):
    assert is_slug(value) and slug_message(value) is None


@pytest.mark.parametrize("value", ["../../x", "a/b", "a\\b", "..", "a..b", ".hidden", "/etc", "C:x", "", "  ", "a\nb"])
def test_slugs_that_are_not(value):
    assert not is_slug(value)
    assert slug_message(value) == f"Slug: {value!r} is not a slug {ADVICE}"


def test_second_claims_name_the_first_owner_once():
    a, b, c = "a.md", "b.md", "c.md"
    claims = [("x", a), ("x", b), ("y", b), ("x", c), (None, c), ("y", a)]
    assert list(second_claims(claims)) == [("x", b, a), ("x", c, a)]  # b lost x, so it holds no y


def record(msg, *args, name="pelican.test"):
    return logging.LogRecord(name, logging.WARNING, __file__, 1, msg, args, None)


def test_relative_paths_filter_rewrites_messages_and_arguments(tmp_path):
    base = str(tmp_path)
    item = type("Item", (), {"__str__": lambda self: f"{base}/content/posts/x.md"})()
    rec = record(f"in {base}/content: %s, %s and %d; %s", f"{base}/content/images/a.png", item, 3, "/etc/passwd")
    assert RelativePaths(base).filter(rec)
    assert rec.getMessage() == "in content: content/images/a.png, content/posts/x.md and 3; /etc/passwd"
    # A sibling folder whose name starts like the base is not below it.
    assert RelativePaths(base).filter(sibling := record("%s", f"{base}-other/x"))
    assert sibling.getMessage() == f"{base}-other/x"


def test_held_slug_warnings_are_dropped_when_reported_and_released_otherwise(tmp_path):
    seen = []
    handler = logging.Handler()
    handler.emit = seen.append
    logger = logging.getLogger("pelican.test_held")
    logger.addHandler(handler)
    logger.propagate = False
    held = HeldSlugWarnings()
    logger.addFilter(held)
    try:
        reported, other = str(tmp_path / "a.md"), str(tmp_path / "c.md")
        logger.warning('There are %s items "%s" with lang %s: \n%s\n%s', 2, "with slug 'x'", "en", reported, reported)
        logger.warning("There are %s original (not translated) items %s: \n%s\n%s", 2, "with slug 'y'", reported, other)
        logger.warning("something else")
        assert [r.getMessage() for r in seen] == ["something else"]
        held.release({reported})
        assert len(seen) == 2 and "with slug 'y'" in seen[1].getMessage()
    finally:
        logger.removeHandler(handler)
        logger.removeFilter(held)


def test_missing_stamp_is_dropped_only_for_a_missing_file(tmp_path):
    (tmp_path / "there.png").write_bytes(b"x")
    template = "Cannot get modification stamp for %s\n\t%s"
    assert not MissingStaticStamp().filter(record(template, str(tmp_path / "nope.png"), "gone"))
    assert MissingStaticStamp().filter(record(template, str(tmp_path / "there.png"), "odd"))


@pytest.mark.parametrize(
    "value, says",
    [
        ("/etc/passwd", "is outside the content folder"),
        ("../../secret.txt", "is outside the content folder"),
        ("leak.txt", "is a symlink to a file outside the content folder"),
    ],
)
def test_recap_source_outside_the_content_is_refused(tmp_path, value, says):
    content = tmp_path / "content"
    (content / "recaps").mkdir(parents=True)
    (tmp_path / "secret.txt").write_text(SECRET)
    (content / "recaps" / "leak.txt").symlink_to(tmp_path / "secret.txt")
    recap = content / "recaps" / "x.recap"
    recap.write_text(f"Title: X\nDate: 2011-10-27 20:00\nHosts: @h\nFormat: transcript\nSource: {value}\n\n")
    with pytest.raises(SourceError) as caught:
        source_path(str(recap), {"source": value}, str(content))
    assert caught.value.line == 5
    assert caught.value.message == f"Source: {value!r} {says}; put the export beside the recap"


def test_recap_source_elsewhere_in_the_content_is_read(tmp_path):
    content = tmp_path / "content"
    (content / "exports").mkdir(parents=True)
    (content / "recaps").mkdir()
    (content / "exports" / "chat.csv").write_text("id\n")
    recap = str(content / "recaps" / "x.recap")
    assert source_path(recap, {"source": "../exports/chat.csv"}, str(content)) == str(content / "exports" / "chat.csv")


def test_apache_map_quotes_and_encodes():
    pairs = [("/old%20path/", "2011/10/new path/"), ("/say%22hi%22.html", "2011/10/a$b/"), ("/plain/", "2011/10/x/")]
    apache = redirects.apache_conf(pairs, "https://example.org/my blog")
    assert 'Redirect 301 "/my blog/old path/" https://example.org/my%20blog/2011/10/new%20path/\n' in apache
    assert 'Redirect 301 "/my blog/say\\"hi\\".html" https://example.org/my%20blog/2011/10/a%24b/\n' in apache
    nginx = redirects.nginx_conf(pairs, "https://example.org")
    assert "    /old%20path/ https://example.org/2011/10/new%20path/;\n" in nginx
    assert "    /say%22hi%22.html https://example.org/2011/10/a%24b/;\n" in nginx  # no $variable for nginx
    assert "Redirect 301 /plain/ https://example.org/2011/10/x/\n" in redirects.apache_conf(pairs, "https://example.org")


@pytest.mark.parametrize("alias", ["/a%0Ab/", "/a%0D%0ARedirect%20301%20x.html"])
def test_aliases_with_escaped_control_characters_are_refused(alias):
    with pytest.raises(redirects.AliasError, match="control character"):
        redirects.normalise_alias(alias)


# -- whole builds ----------------------------------------------------------------------------


def invoke(project, *args):
    return subprocess.run(
        [sys.executable, "-m", "invoke", *args], cwd=project, capture_output=True, text=True, encoding="utf-8",
        env=dict(os.environ, COLUMNS="1000"), check=False,
    )


def error_lines(log):
    """The log's ERROR/WARNING/CRITICAL messages, one per line (rich wraps nothing at 1000 columns)."""
    found = []
    for line in log.splitlines():
        match = re.search(r"\b(ERROR|WARNING|CRITICAL)\s+(.*?)\s+\S+\.py:\d+\s*$", line)
        if match:
            found.append(match[2])
    return found


def snapshot(project):
    """{path: sha256 or link target} of every file outside output/, cache/ and __pycache__/."""
    files = {}
    for path in project.rglob("*"):
        rel = path.relative_to(project)
        if rel.parts[0] in ("output", "cache") or "__pycache__" in rel.parts or path.is_dir():
            continue
        if path.is_symlink():
            files[rel.as_posix()] = os.readlink(path)
        else:
            files[rel.as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return files


PATH_CASES = [
    ("posts/slug_with_dot_dot.md", 3, f"Slug: '../../x' is not a slug {ADVICE}"),
    ("posts/slug_over_an_image.md", 3, f"Slug: '../../content/images/existing' is not a slug {ADVICE}"),
    ("posts/slug_with_backslash.md", 3, f"Slug: 'a\\\\b' is not a slug {ADVICE}"),
    ("posts/slug_with_leading_dot.md", 3, f"Slug: '.hidden' is not a slug {ADVICE}"),
    ("posts/save_as_outside.md", 3, "Save_as: '../../evil.html' points outside the output folder"),
    ("posts/url_outside.md", 3, "URL: '../../../elsewhere/' points outside the output folder"),
    ("posts/missing_image.md", 7,
     "link {static}/images/nope.png points to no file (looked for content/images/nope.png)"),
    ("posts/static_outside.md", 5,
     "link {static}/../secret.txt points outside the content folder; link only to files inside it"),
    ("posts/symlinked_image.md", 5,
     "link {static}/images/leak.png is a symlink to a file outside the content folder; link only to files inside it"),
    ("posts/poster_outside.md", 8,
     "link {static}/../../etc/passwd points outside the content folder; link only to files inside it"),
    ("images/unlinked-leak.png", None,
     "is a symlink to a file outside the content folder; copy the file into the content folder"),
    ("presentations/linked-deck.md", None,
     "is a symlink to a file outside the content folder; copy the deck into the content folder"),
    ("glossary/linked-term.md", None,
     "is a symlink to a file outside the content folder; copy the term into the content folder"),
    ("posts/linked_post.md", None,
     "is a symlink to a file outside the content folder; copy the file into the content folder"),
    # Until the recap reader passes the content folder, the recap's own folder bounds Source:.
    ("recaps/source_absolute.recap", 5, "Source: '/etc/passwd' is outside the "),
    ("recaps/source_up.recap", 5, "Source: '../../secret.txt' is outside the "),
    ("recaps/source_symlink.recap", 5, "Source: 'export.txt' is a symlink to a file outside the "),
]
RECAP_ADVICE = "; put the export beside the recap"


LINKS = [  # (link in content/, its target): each leads to a file beside content/
    ("images/leak.png", "../../secret.txt"),
    ("images/unlinked-leak.png", "../../secret.txt"),
    ("recaps/export.txt", "../../secret.txt"),
    ("presentations/linked-deck.md", "../../deck.md"),
    ("glossary/linked-term.md", "../../term.md"),
    ("posts/linked_post.md", "../../post.md"),
]


def test_paths_outside_their_folder_each_give_one_error(project):
    (project / "secret.txt").write_text(SECRET)
    (project / "deck.md").write_text(f"Title: Outside deck\nDate: 2011-10-01\n\n# {SECRET}\n")
    (project / "term.md").write_text(f"Title: Outside term\nSummary: {SECRET}\n")
    (project / "post.md").write_text(f"{SECRET}\nTitle: Outside post\n")
    use_content(project, "paths")
    (project / "content" / "presentations").mkdir()
    for link, target in LINKS:
        (project / "content" / link).symlink_to(target)
    log = build_in_place(project)
    messages = [m for m in error_lines(log) if m.startswith("content/")]
    for path, line, message in PATH_CASES:
        where = f"content/{path}:{line}: " if line else f"content/{path}: "
        mine = [m for m in messages if m.startswith(f"content/{path}:")]
        assert len(mine) == 1 and mine[0].startswith(where + message), (path, mine, log)
        if path.startswith("recaps/"):
            assert mine[0].endswith(RECAP_ADVICE), mine
    assert len(messages) == len(PATH_CASES), log
    # Pelican's own message about a file, with its path relative to the project.
    others = [m for m in error_lines(log) if not m.startswith("content/")]
    skipping = "Skipping content/posts/no_date.md: could not find information about 'date'"
    assert skipping in others and others[-1].startswith("build failed: "), log
    # The facade's poster has alt="" on purpose (the player has the title); Pelican asks for alt text.
    rest = [m for m in others[:-1] if m != skipping]
    assert all(m.startswith("Empty alt attribute for image passwd") for m in rest), others
    assert str(project) not in log
    assert SECRET.strip() not in log
    assert not (project / "x.png").exists() and not (project / "evil.html").exists()
    # Built where it can be looked at: nothing from outside the content was copied in.
    site = project / "direct"
    run_pelican(site, settings=project / "pelicanconf.py", content=project / "content", cwd=project)
    assert not (site / "images" / "leak.png").exists() and not (site / "images" / "unlinked-leak.png").exists()
    assert not [f for f in site.rglob("*") if f.is_file() and SECRET.encode() in f.read_bytes()]
    existing = FIXTURES / "paths" / "images" / "existing.png"
    assert (site / "images" / "existing.png").read_bytes() == existing.read_bytes()


def use_content(project, name):
    """Make tests/fixtures/containment/NAME the project's content folder."""
    shutil.rmtree(project / "content")
    shutil.copytree(FIXTURES / name, project / "content")


def build_in_place(project):
    """`invoke build` over a last good output/: it fails, leaving output/ and every other file as they were."""
    (project / "output").mkdir()
    (project / "output" / "previous.html").write_text("the last good build")
    before = snapshot(project)
    result = invoke(project, "build")
    log = result.stdout + result.stderr
    assert result.returncode != 0, log
    assert "Traceback" not in log
    assert sorted(p.name for p in (project / "output").iterdir()) == ["previous.html"]
    assert not (project / "output.partial").exists()
    assert snapshot(project) == before, "a file outside output/ was created or changed"
    return log


CLASHES = [
    "content/pages/over_a_term.md:2: writes glossary/fixture-term/index.html, as "
    "content/glossary/fixture-term.md does; give it another Save_as:",
    "content/pages/page_b.md:2: writes about-us/index.html, as content/pages/page_a.md does; "
    "give one of them another Slug:",
    "content/posts/same_title_b.md:1: writes 2011/10/same-title/index.html, as content/posts/same_title_a.md does; "
    "give one of them another Slug:",
    "content/posts/slug_twin_b.md:3: has the slug 'twin' in the same language as content/posts/slug_twin_a.md; "
    "give one of them another Slug:",
]


def test_each_clash_gives_one_error_naming_both_files(project):
    use_content(project, "clashes")
    log = build_in_place(project)
    assert sorted(error_lines(log)[:-1]) == CLASHES, log  # the last line is the build's summary
    assert "build failed: 4 problem(s)" in log
    for noise in ("social card", "Failed to overwrite", "There are 2", "Traceback"):
        assert noise not in log
