"""fixed_urls: URLs and file names worked out once, after every generator, with the same values."""

import datetime
from types import SimpleNamespace

from pelican.contents import Article, Page
from pelican.settings import DEFAULT_CONFIG

from fixed_urls.plugin import fix_urls

SETTINGS = dict(
    DEFAULT_CONFIG,
    PATH="/site/content",
    ARTICLE_URL="{date:%Y}/{date:%m}/{slug}/",
    ARTICLE_SAVE_AS="{date:%Y}/{date:%m}/{slug}/index.html",
    ARTICLE_LANG_URL="{lang}/{date:%Y}/{slug}/",
    ARTICLE_LANG_SAVE_AS="{lang}/{date:%Y}/{slug}/index.html",
    DRAFT_URL="drafts/{slug}/",
    DRAFT_SAVE_AS="drafts/{slug}/index.html",
    PAGE_URL="{slug}/",
    PAGE_SAVE_AS="{slug}/index.html",
)
CONTEXT = {"generated_content": {}, "localsiteurl": ""}
DATE = datetime.datetime(2011, 10, 3, 9, 0)


def article(slug, **metadata):
    meta = {"title": slug, "slug": slug, "date": DATE, **metadata}
    return Article("<p>x</p>", metadata=meta, settings=SETTINGS, context=CONTEXT,
                   source_path=f"/site/content/posts/{slug}.md")


def test_every_item_keeps_its_url_and_file_name_and_no_longer_recomputes_them(monkeypatch):
    post = article("clouting-klout")
    translation = article("clouting-klout", lang="fr")
    post.translations = [translation]
    draft = article("secret", status="draft")
    page = Page("<p>x</p>", metadata={"title": "About", "slug": "about"}, settings=SETTINGS, context=CONTEXT,
                source_path="/site/content/pages/about.md")
    generators = [SimpleNamespace(articles=[post], drafts=[draft]), SimpleNamespace(pages=[page])]
    expected = {
        "post": ("2011/10/clouting-klout/", "2011/10/clouting-klout/index.html"),
        "translation": ("fr/2011/clouting-klout/", "fr/2011/clouting-klout/index.html"),
        "draft": ("drafts/secret/", "drafts/secret/index.html"),
        "page": ("about/", "about/index.html"),
    }
    items = {"post": post, "translation": translation, "draft": draft, "page": page}
    assert {name: (item.url, item.save_as) for name, item in items.items()} == expected

    fix_urls(generators)

    def no_more_formatting(*args, **kwargs):
        raise AssertionError("URL settings formatted again")

    monkeypatch.setattr(Article, "_expand_settings", no_more_formatting)
    monkeypatch.setattr(Page, "_expand_settings", no_more_formatting)
    assert {name: (item.url, item.save_as) for name, item in items.items()} == expected
