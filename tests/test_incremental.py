"""A build that reuses the build cache (compiled templates, cards, deck PDFs, cleaned feed content)
makes exactly what a build from nothing makes, after each kind of change a writer makes.

A project of the sample site plus generated posts is built, then changed (a
post edited and retitled, one added, one deleted, one's tags changed, the
article template edited) and built again. Both are `invoke preview`, the
production build with every feature, on the project's cache as `make serve`
and `invoke build` use it. The second output must equal, byte for byte, the
output of a build of the same sources with no cache at all.
"""

import filecmp
import os
import shutil
import subprocess
import sys

from bench import corpus
from helpers import PRODUCTION_URL, copy_project

POSTS = 50  # 5 pages of the post list; feeds of 20 hold only some of them
EDITED, RETAGGED, DELETED = 20, 30, POSTS - 1  # the newest post: no other post links to it
NEW_POST = """Title: A post written between two builds
Date: 2015-06-01 10:00
Category: Community Management
Tags: lurkers, onboarding
Summary: Added after the first build.

Welcome the lurkers; they read every word.
"""


def preview(project):
    result = subprocess.run(
        [sys.executable, "-m", "invoke", "preview"], cwd=project, capture_output=True, text=True, encoding="utf-8",
        env=dict(os.environ, SITEURL=PRODUCTION_URL, COLUMNS="200"), check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return project / "output"


def files(root):
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_cached_builds_after_edits_equal_a_build_from_nothing(tmp_path, production_site):
    project = copy_project(tmp_path)
    posts_folder = project / "content" / "posts"
    posts = corpus.write(posts_folder, POSTS, seed=3)
    (project / "content" / "pages" / f"{corpus.HUB_SLUG}.md").write_text(corpus.HUB_PAGE, encoding="utf-8")
    preview(project)

    edited = posts_folder / f"{posts[EDITED].name}.md"
    title = posts[EDITED].text.splitlines()[0]
    edit(edited, title, "Title: Retitled between builds")
    edited.write_text(edited.read_text(encoding="utf-8") + "\nOne more sentence, added later.\n", encoding="utf-8")
    retagged = posts_folder / f"{posts[RETAGGED].name}.md"
    tags = next(line for line in posts[RETAGGED].text.splitlines() if line.startswith("Tags: "))
    edit(retagged, tags, "Tags: retagged-between-builds, onboarding")
    (posts_folder / f"{posts[DELETED].name}.md").unlink()
    (posts_folder / "written-between-builds.md").write_text(NEW_POST, encoding="utf-8")
    edit(project / "theme" / "templates" / "article.html", "{% block content %}",
         "{% block content %}<!-- edited between builds -->")
    cached = preview(project).rename(tmp_path / "cached-output")

    shutil.rmtree(project / "cache")
    fresh = preview(project)

    assert files(cached) == files(fresh)
    _, differ, errors = filecmp.cmpfiles(cached, fresh, files(fresh), shallow=False)
    assert differ == [] and errors == []
    # What was compared holds every change.
    [page] = fresh.glob(f"*/*/{posts[EDITED].name}/index.html")
    html = page.read_text(encoding="utf-8")
    assert "Retitled between builds" in html and "<!-- edited between builds -->" in html
    assert not list(fresh.glob(f"*/*/{posts[DELETED].name}"))
    assert (fresh / "tag" / "retagged-between-builds" / "index.html").is_file()
    assert list(fresh.glob("2015/06/*/index.html"))  # the new post
