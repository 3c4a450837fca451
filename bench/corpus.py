"""A seeded synthetic corpus for `invoke bench`: Markdown posts shaped like the site's own.

Each post has 600-1,200 words of prose under `##`/`###` headings, a list, a
table in most, a fenced code block in half of them, 2-5 of 200 tags, one of 8
categories and 10 authors, a Summary, and sometimes a glossary term, links to
older posts (backlinks), a series part or a topic (structure plugin).

Post N depends only on (seed, N); dates spread the posts over 2005-2024 by
their count, so the same `--seed` and count give byte-identical files
(`python -m bench --digest` prints a corpus' SHA-256). Everything here is pure Python: no
Pelican, no network.
"""

import hashlib
import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from . import words

FIRST_DATE = datetime(2005, 1, 1, 9, 0)
LAST_DATE = datetime(2024, 12, 31, 9, 0)
SERIES = ("Starting a community", "Measuring what matters", "Moderation in practice")
HUB_SLUG = "bench-playbook"
HUB_PAGE = (
    "Title: Community playbook\nSlug: bench-playbook\nHub: true\n"
    "Summary: The generated posts that make up the benchmark's topic hub.\n\n"
    "The posts below are the playbook's chapters, in reading order.\n"
)


@dataclass(frozen=True)
class Post:
    """One generated post: its file name and its Markdown text."""

    name: str
    text: str
    words: int
    has_code: bool


def post_date(index, count):
    """Post `index` of `count`, spread evenly from FIRST_DATE to LAST_DATE (never in the future)."""
    step = (LAST_DATE - FIRST_DATE) / max(1, count)
    return FIRST_DATE + step * index + timedelta(minutes=index % 60)


def post_name(index):
    """The file name (and slug) of post `index`."""
    return f"bench-post-{index:05d}"


def header(rng, index, count, title):
    """The metadata header of post `index`."""
    tags = rng.sample(words.TAGS, rng.randint(2, 5))
    lines = [
        f"Title: {title}",
        f"Date: {post_date(index, count):%Y-%m-%d %H:%M}",
        f"Category: {rng.choice(words.CATEGORIES)}",
        f"Tags: {', '.join(tags)}",
        f"Author: {rng.choice(words.AUTHORS)}",
        f"Slug: {post_name(index)}",
        f"Summary: {words.sentence(rng, 14, 24)}",
    ]
    if index % 10 == 3:
        # Parts 1-5 of a series, in date order: series boxes and series pages.
        part = index // 10
        lines += [f"Series: {SERIES[part % len(SERIES)]}", f"Series_index: {part // len(SERIES) + 1}"]
    if index % 20 == 7:
        lines.append(f"Topic: {HUB_SLUG}")
    return lines


def body(rng, index, target):
    """Sections of prose, `target` words in all, with a list, most with a table, half with code.

    Returns (text, words, has_code); words counts prose, headings, list and table
    cells (count_words), not code.
    """
    has_code = rng.random() < 0.5
    blocks, count, section = [], 0, 0
    while count < target:
        left = target - count
        if blocks and left > 30:
            section += 1
            blocks.append(f"{'###' if section % 3 == 0 else '##'} {section}. {words.heading(rng)}")
            extras = [words.bullet_list(rng)] if section == 1 else []
            extras += [words.table(rng)] if section == 2 and rng.random() < 0.8 else []
            blocks += [extra for extra in extras if words.count_words(extra) < left - 40]
            count = sum(map(words.count_words, blocks))
            if section == 2 and has_code:
                blocks.append(words.code_block(rng))
        blocks.append(words.paragraph(rng, index, target - count))
        count = sum(words.count_words(block) for block in blocks if not block.startswith("```"))
    return "\n\n".join(blocks), count, has_code


def make_post(seed, index, count):
    """Post `index` of a corpus of `count` posts (depends only on seed and index, dates on count)."""
    rng = random.Random(seed * 1_000_003 + index)
    title = f"{words.heading(rng)}, note {index + 1}"
    lines = header(rng, index, count, title)
    text, total, has_code = body(rng, index, rng.randint(600, 1200))
    return Post(post_name(index), "\n".join(lines) + "\n\n" + text + "\n", total, has_code)


def generate(count, seed=1):
    """The `count` posts of the corpus of `seed`, oldest first."""
    return [make_post(seed, index, count) for index in range(count)]


def write(folder, count, seed=1):
    """Write the corpus as folder/NAME.md (UTF-8, LF); return the posts."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    posts = generate(count, seed)
    for post in posts:
        (folder / f"{post.name}.md").write_text(post.text, encoding="utf-8", newline="\n")
    return posts


def digest(posts):
    """SHA-256 over every post's name and text: equal digests mean byte-identical corpora."""
    sha = hashlib.sha256()
    for post in posts:
        sha.update(post.name.encode() + b"\0" + post.text.encode("utf-8") + b"\0")
    return sha.hexdigest()


def describe(posts):
    """Figures about a corpus for the report: posts, words, posts with code, bytes."""
    return {
        "posts": len(posts),
        "words": sum(post.words for post in posts),
        "words_min": min((post.words for post in posts), default=0),
        "words_max": max((post.words for post in posts), default=0),
        "with_code": sum(post.has_code for post in posts),
        "bytes": sum(len(post.text.encode("utf-8")) for post in posts),
        "tags": len(words.TAGS),
        "categories": len(words.CATEGORIES),
        "authors": len(words.AUTHORS),
        "sha256": digest(posts),
    }
