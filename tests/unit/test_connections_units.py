"""Related posts and backlinks, on plain objects."""

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from connections.backlinks import backlinks, resolve
from connections.related import related_posts


@dataclass(eq=False)
class Post:
    slug: str
    tags: list
    category: str
    day: int
    date: datetime = field(init=False)
    title: str = ""
    url: str = ""

    def __post_init__(self):
        self.date = datetime(2011, 1, 1, tzinfo=UTC) + timedelta(days=self.day)
        self.title = self.title or self.slug
        self.url = self.url or f"posts/{self.slug}/"


def keys(post):
    return post.tags, post.category


def newest_first(posts):
    return sorted(posts, key=lambda p: p.date, reverse=True)


def test_rare_shared_tags_weigh_more_than_common_ones():
    a = Post("a", ["klout", "community"], "x", 1)
    rare = Post("rare", ["klout"], "y", 2)
    common = Post("common", ["community"], "y", 3)
    others = [Post(f"o{i}", ["community"], "z", 10 + i) for i in range(6)]
    related = related_posts(newest_first([a, rare, common, *others]), keys, count=2)
    assert related[id(a)][0] is rare


def test_category_counts_and_ties_go_to_the_newer_post_then_slug():
    a = Post("a", ["t"], "cat", 1)
    older = Post("older", ["t"], "other", 2)
    newer = Post("newer", ["t"], "other", 5)
    same_cat = Post("same-cat", ["t"], "cat", 3)
    twin_b, twin_a = Post("twin-b", ["t"], "other", 5), Post("twin-a", ["t"], "other", 5)
    related = related_posts(newest_first([a, older, newer, same_cat, twin_b, twin_a]), keys, count=5)
    assert [p.slug for p in related[id(a)]] == ["same-cat", "newer", "twin-a", "twin-b", "older"]


def test_no_post_is_related_to_itself_and_unrelated_posts_stay_out():
    a, b, lonely = Post("a", ["t"], "c1", 1), Post("b", ["t"], "c2", 2), Post("lonely", ["u"], "c3", 3)
    related = related_posts(newest_first([a, b, lonely]), keys)
    assert related[id(a)] == [b] and related[id(lonely)] == []


def test_result_does_not_depend_on_input_order_of_equal_dates():
    posts = [Post(f"p{i}", ["t", f"g{i % 3}"], "c", 1) for i in range(12)]
    first = related_posts(posts, keys)
    second = related_posts(list(reversed(posts)), keys)
    def slugs(found):
        return {p.slug: [r.slug for r in found[id(p)]] for p in posts}

    assert slugs(first) == slugs(second)


def test_a_tag_on_every_post_adds_at_most_cap_candidates():
    posts = newest_first([Post(f"p{i}", ["everywhere"], f"c{i}", i) for i in range(50)])
    related = related_posts(posts, keys, count=50, cap=10)
    assert all(len(r) <= 10 for r in related.values())


def test_resolve_relative_links():
    assert resolve("2011/10/a/", "../b/") == "/2011/10/b/"
    assert resolve("404.html", "about/") == "/about/"
    assert resolve("2011/10/a/", "/tag/x/") == "/tag/x/"


def test_backlinks_from_filename_links_and_internal_urls():
    a = Post("a", [], "c", 1, url="2011/10/a/")
    b = Post("b", [], "c", 2, url="2011/10/b/")
    c = Post("c", [], "c", 3, url="about/")
    items = [
        (a, '<a href="{filename}b.md">b</a> <a href="https://other.example/b/">x</a>', "posts", "posts/a.md"),
        (b, '<a href="../../../about/">about</a> <a href="#top">top</a>', "posts", "posts/b.md"),
        (c, '<a href="https://example.org/2011/10/a/">a</a> <a href="/2011/10/b/index.html#x">b</a>',
         "pages", "pages/c.md"),
    ]
    found = backlinks(items, "https://example.org")
    assert found[id(b)] == [a, c]
    assert found[id(c)] == [b]
    assert found[id(a)] == [c]
