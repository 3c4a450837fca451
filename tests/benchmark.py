"""Speed and size figures for `invoke bench` (never run by the tests: they assert no timings).

Measures the site-wide steps that could grow with posts squared (related posts,
backlinks, glossary linking) on synthetic sites of growing size, and prints
each time with its ratio to linear growth (1.0 = linear; posts² would show as
a ratio growing like the size factor). `--build N` also builds a real site of
N generated posts and prints the build time and output size.
"""

import argparse
import random
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "plugins")]

from connections.backlinks import backlinks  # noqa: E402
from connections.related import related_posts  # noqa: E402

SIZES = (1000, 2000, 5000, 10000)


@dataclass(eq=False)
class Post:
    slug: str
    tags: list
    category: str
    date: datetime
    url: str = ""
    title: str = ""
    html: str = field(default="", repr=False)


def synthetic_site(count, seed=7):
    """`count` posts with Zipf-like tags (a few very common ones) and 3 links each."""
    rng = random.Random(seed)
    tags = [f"tag-{i}" for i in range(max(50, count // 20))]
    weights = [1 / (i + 1) for i in range(len(tags))]
    start = datetime(2011, 1, 1, tzinfo=timezone.utc)
    posts = []
    for i in range(count):
        chosen = sorted(set(rng.choices(tags, weights, k=rng.randint(2, 6))))
        post = Post(f"post-{i}", chosen, f"cat-{i % 12}", start + timedelta(hours=i), url=f"posts/post-{i}/", title=f"Post {i}")
        posts.append(post)
    for post in posts:
        links = rng.sample(range(count), 3)
        post.html = "".join(f'<p>See <a href="{{filename}}post-{j}.md">post {j}</a>.</p>' for j in links)
    return sorted(posts, key=lambda p: p.date, reverse=True)


def timed(function):
    begin = time.perf_counter()
    function()
    return time.perf_counter() - begin


def measure():
    rows = []
    for size in SIZES:
        posts = synthetic_site(size)
        items = [(p, p.html, "posts", f"posts/{p.slug}.md") for p in posts]
        related = timed(lambda: related_posts(posts, lambda p: (p.tags, p.category)))
        links = timed(lambda: backlinks(items))
        rows.append((size, related, links))
    base_size, base_related, base_links = rows[0]
    print(f"{'posts':>7} {'related s':>10} {'ratio':>6} {'backlinks s':>12} {'ratio':>6}")
    for size, related, links in rows:
        factor = size / base_size
        print(f"{size:>7} {related:>10.3f} {related / base_related / factor:>6.2f} "
              f"{links:>12.3f} {links / base_links / factor:>6.2f}")
    print("ratio = (time / time at 1,000 posts) / (posts / 1,000): about 1 means linear growth")


def build(count):
    """Build a real site of `count` generated posts; print the time and the output size."""
    with tempfile.TemporaryDirectory() as tmp:
        posts = Path(tmp) / "content" / "posts"
        posts.mkdir(parents=True)
        for post in synthetic_site(count):
            body = post.html.replace("{filename}", "{filename}")
            posts.joinpath(f"{post.slug}.md").write_text(
                f"Title: {post.title}\nDate: {post.date:%Y-%m-%d %H:%M}\nCategory: {post.category}\n"
                f"Tags: {', '.join(post.tags)}\nSlug: {post.slug}\n\nWords about community. {body}\n"
            )
        output = Path(tmp) / "output"
        begin = time.perf_counter()
        result = subprocess.run(
            [sys.executable, "-m", "pelican", str(Path(tmp) / "content"), "-s", str(ROOT / "pelicanconf.py"),
             "-o", str(output), "-e", "BUILD_GUARD_FAIL_ON=\"error\""],
            cwd=tmp, capture_output=True, text=True, encoding="utf-8", check=False,
        )
        seconds = time.perf_counter() - begin
        size = sum(f.stat().st_size for f in output.rglob("*") if f.is_file())
        print(f"build of {count} posts: {seconds:.1f} s, exit {result.returncode}, "
              f"{size / 1e6:.1f} MB, {size / count / 1e3:.1f} kB per post")
        if result.returncode:
            print(result.stdout[-2000:] + result.stderr[-2000:])
        shutil.rmtree(output, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", type=int, default=0, help="also build a real site of N posts")
    args = parser.parse_args()
    measure()
    if args.build:
        build(args.build)


if __name__ == "__main__":
    main()
