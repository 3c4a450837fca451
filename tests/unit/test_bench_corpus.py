"""bench/corpus.py: the benchmark's synthetic posts are seeded, shaped as the issue says, and valid headers."""

import subprocess
import sys

from bench import corpus
from helpers import ROOT
from kbutil.header import check_header, read_header


def test_the_same_seed_gives_byte_identical_posts_in_another_process():
    here = corpus.digest(corpus.generate(40, seed=7))
    there = subprocess.run(
        [sys.executable, "-c", "from bench import corpus; print(corpus.digest(corpus.generate(40, seed=7)))"],
        cwd=ROOT, capture_output=True, text=True, check=True, env={"PYTHONHASHSEED": "123", "PATH": ""},
    ).stdout.strip()
    assert here == there
    assert corpus.digest(corpus.generate(40, seed=8)) != here


def test_posts_have_the_sizes_tags_and_parts_the_benchmark_promises():
    posts = corpus.generate(60, seed=1)
    assert all(600 <= post.words <= 1200 for post in posts)
    assert 15 <= sum(post.has_code for post in posts) <= 45
    for post in posts:
        lines = post.text.splitlines()
        check_header(f"{post.name}.md", post.text)  # raises on a header our build would refuse
        meta, _ = read_header(lines)
        assert 2 <= len(meta["tags"].split(",")) <= 5 and meta["slug"] == post.name
        assert "\n## " in post.text
    assert any("| " in post.text for post in posts) and any("```" in post.text for post in posts)
