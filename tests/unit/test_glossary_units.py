"""The glossary plugin's pure parts: the term matcher and linker, names and duplicates, settings."""

import logging
import re
from types import SimpleNamespace

import lxml.html
import pytest

from glossary import settings
from glossary.linker import Entry, Linker, trie_regex
from glossary.terms import (
    OTHER,
    by_letter,
    claim_names,
    glossary_off,
    glossary_on,
    letter_of,
    link_limits,
    norm,
    plain_text,
    sort_key,
    split_aliases,
)
from helpers import ROOT
from kbutil.config import configure
from kbutil.diagnostics import SourceError
from kbutil.fragments import fragment_env

KLOUT = Entry(
    "klout-score", "Klout score", "A number from 1 to 100.", "{filename}/glossary/klout-score.md", "Klout score",
)
REACH = Entry("true-reach", "True Reach", "People who acted.", "{filename}/glossary/true-reach.md")
CHAT = Entry("twitter-chat", "Twitter chat", "A chat on Twitter.", "{filename}/glossary/twitter-chat.md")
NAMES = {
    "klout score": KLOUT, "klout": KLOUT, "klout scores": KLOUT,
    "true reach": REACH,
    "twitter chat": CHAT, "twitter chats": CHAT, "tweet chat": CHAT,
}


# The theme's own tooltip, as the plugin renders it.
TOOLTIP = fragment_env([ROOT / "theme" / "templates"]).get_template("fragments/glossary/tooltip.html").render


def make_linker(entries):
    return Linker(entries, tooltip=TOOLTIP)


@pytest.fixture(scope="module")
def linker():
    return make_linker(NAMES)


def linked(html, linker, **kwargs):
    """(new html, [(term slug, linked words)]) of one document."""
    out, _ = linker.link(html, **kwargs)
    doc = lxml.html.fragment_fromstring(out, create_parent="div")
    return out, [(a.get("href").rsplit("/", 1)[-1][:-3], a.text) for a in doc.xpath("//a[@class='gloss-term']")]


# -- matching ----------------------------------------------------------------------------------


def test_one_pattern_longest_name_first(linker):
    assert isinstance(linker.pattern, re.Pattern)
    assert [m.group() for m in linker.pattern.finditer("Klout scores, Klout score and Klout")] == [
        "Klout scores", "Klout score", "Klout",
    ]


def test_trie_shares_prefixes():
    source = trie_regex(["klout", "klout score", "klout scores"])
    assert source.count("k") == 1  # one branch for the three names
    assert re.fullmatch(source, "klout  score", re.IGNORECASE)  # any whitespace between words


@pytest.mark.parametrize(
    "text, found",
    [
        ("I don’t get KLOUT.", ["KLOUT"]),
        ("Klout’s eyes", ["Klout"]),
        ("a Twitter\nchat tonight", ["Twitter\nchat"]),
        ("(True Reach)", ["True Reach"]),
        ("Kloutish, reklout, klout-powered", []),
        ("#klout and @klout", []),
        ("see klout.com or www.klout.com/x", []),
        ("the end: Klout.", ["Klout"]),
    ],
)
def test_names_match_as_whole_words_in_any_case(linker, text, found):
    assert [m.group() for m in linker.pattern.finditer(text)] == found


# -- linking ---------------------------------------------------------------------------------


def test_first_mention_of_each_term_only(linker):
    html = "<p>Klout score here, Klout there.</p><p>True Reach and KLOUT and True Reach.</p>"
    out, links = linked(html, linker)
    assert links == [("klout-score", "Klout score"), ("true-reach", "True Reach")]
    assert out.count('class="gloss-tip"') == 2
    text = lxml.html.fragment_fromstring(out, create_parent="div")
    for tip in text.xpath("//span[@class='gloss-tip']"):
        tip.drop_tree()
    assert text.text_content() == "Klout score here, Klout there.True Reach and KLOUT and True Reach."


def test_aliases_count_as_the_term(linker):
    _, links = linked("<p>Twitter chats. A tweet chat. Twitter chat.</p>", linker)
    assert links == [("twitter-chat", "Twitter chats")]


@pytest.mark.parametrize(
    "html",
    [
        "<p><code>Klout</code></p>",
        "<pre><code>Klout score\n</code></pre>",
        "<p><a href='https://klout.example'>Klout</a></p>",
        "<p><a href='x'><em>the Klout score</em></a></p>",
        "<h1>Klout</h1>", "<h2>On <em>Klout</em></h2>", "<h6>Klout</h6>",
        "<p><kbd>Klout</kbd> <samp>Klout</samp></p>",
        "<script>var klout = 'Klout';</script>", "<style>/* Klout */</style>",
        "<p><button>Klout</button></p>",
        "<p data-glossary='off'>Klout</p>",
        "<p><cite>Klout for dummies</cite></p>",
        "<section aria-labelledby='t'><p id='t'>Klout</p></section>",
        "<svg viewBox='0 0 10 10'><text>Klout</text></svg>",
    ],
)
def test_never_inside_code_links_headings_or_labels(linker, html):
    out, links = linked(html, linker)
    assert links == []
    assert out == html  # nothing linked: the very same text comes back


def test_text_after_a_skipped_element_is_linked(linker):
    _, links = linked("<p><code>Klout</code> is Klout.</p><h2>True Reach</h2>True Reach", linker)
    assert links == [("klout-score", "Klout"), ("true-reach", "True Reach")]


def test_lead_text_and_tails_keep_their_order(linker):
    out, links = linked("Klout first <em>then</em> True Reach <b>x</b> Twitter chat", linker)
    assert [slug for slug, _ in links] == ["klout-score", "true-reach", "twitter-chat"]
    assert out.startswith('<span class="gloss"><a class="gloss-term"')
    assert "</span> first <em>then</em> " in out


def test_a_term_is_not_linked_on_its_own_page(linker):
    _, links = linked("<p>A Klout score is not True Reach.</p>", linker, exclude=[KLOUT])
    assert links == [("true-reach", "True Reach")]


def test_markup_tooltip_is_described_and_unique(linker):
    out, _ = linker.link("<p>Klout and True Reach</p>", id_suffix="abc123")
    doc = lxml.html.fragment_fromstring(out, create_parent="div")
    wraps = doc.xpath("//span[@class='gloss']")
    assert len(wraps) == 2
    for wrap in wraps:
        link, tip = list(wrap)
        assert link.get("href").startswith("{filename}/glossary/")
        assert tip.get("role") == "tooltip" and tip.get("id") == link.get("aria-describedby")
        assert tip.get("id").endswith("-abc123")
        assert tip.get("data-pagefind-ignore") is not None
    klout_tip, reach_tip = (w[1] for w in wraps)
    # The alias "Klout" names the term in the tooltip; "True Reach" is the term itself.
    assert klout_tip.text_content() == " (Klout score: A number from 1 to 100.)"
    assert reach_tip.text_content() == " (People who acted.)"
    assert len(set(doc.xpath("//@id"))) == 2


def test_definitions_are_escaped_text(linker):
    evil = Entry("x", "x", "<script>alert(1)</script> & more", "{filename}/glossary/x.md")
    out, _ = make_linker({"lurker": evil}).link("<p>a lurker</p>")
    assert "<script>" not in out and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in out


def test_foreign_and_code_elements_come_back_byte_for_byte(linker):
    svg = '<svg viewBox="0 0 10 10" class="chart"><line x1="0" y1="1"/><text>Klout</text></svg>'
    pre = '<pre><code>x &lt; y  Klout\n\n</code></pre>'
    out, links = linked(f"<figure>{svg}</figure>{pre}<p>Klout</p>", linker)
    assert links == [("klout-score", "Klout")]
    assert svg in out and pre in out


def test_entities_links_and_placeholders_survive(linker):
    html = (
        '<p>Tom &amp; Jerry &lt;3 on Klout, see <a href="{filename}../recaps/a b.recap">this</a>'
        ' and <a href="https://example.org/café?a=1&amp;b=2">that</a> <img src="{static}/images/x y.png" alt=""></p>'
    )
    out, links = linker.link(html)
    assert links == [KLOUT]
    assert "Tom &amp; Jerry &lt;3 on " in out
    for url in ('href="{filename}../recaps/a b.recap"', 'href="https://example.org/café?a=1&amp;b=2"',
                'src="{static}/images/x y.png"'):
        assert url in out


def test_nothing_to_link(linker):
    assert linker.link("", ()) == ("", [])
    assert make_linker({}).link("<p>Klout</p>") == ("<p>Klout</p>", [])
    html = "<p>No terms here.</p>"
    assert linker.link(html)[0] is html


def test_many_terms_and_a_long_text_in_one_pass():
    entries = {f"term number {i}": Entry(f"t{i}", f"term number {i}", "d", f"{{filename}}/glossary/t{i}.md")
               for i in range(1000)}
    linker = make_linker(entries)
    body = "".join(f"<p>Paragraph {i} mentions term number {i % 1500} and more words.</p>" for i in range(5000))
    out, found = linker.link(body)
    assert len(found) == 1000  # every term once, none of the 500 names that are no term
    assert out.count('class="gloss-term"') == 1000


# -- terms -------------------------------------------------------------------------------------


def test_aliases_and_names():
    assert split_aliases(" Klout,  Klout   scores ,, ") == ["Klout", "Klout scores"]
    assert split_aliases(None) == []
    assert split_aliases(["a", " b "]) == ["a", "b"]
    assert norm("  Klout \n Score ") == "klout score"
    assert plain_text("<p>A <em>number</em> &amp; more</p>") == "A number & more"


@pytest.mark.parametrize(
    "title, letter", [("Klout score", "K"), ("émoji", "E"), ("90-9-1 rule", OTHER), ("#hashtag", OTHER)],
)
def test_letters(title, letter):
    assert letter_of(title) == letter


def test_a_to_z_order_ignores_case_and_accents():
    titles = ("lurker", "Klout score", "émoji", "Engagement rate", "1-9-90")
    terms = [SimpleNamespace(title=t, letter=letter_of(t)) for t in titles]
    groups = by_letter(terms)
    assert [(letter, [t.title for t in ts]) for letter, ts in groups] == [
        ("E", ["émoji", "Engagement rate"]), ("K", ["Klout score"]), ("L", ["lurker"]), (OTHER, ["1-9-90"]),
    ]
    assert sort_key("a") < sort_key("B")


@pytest.mark.parametrize("value, off", [("off", True), ("Off", True), ("no", True), ("false", True),
                                         ("on", False), ("yes", False), (None, False), (False, True)])
def test_glossary_flag(value, off):
    metadata = {} if value is None else {"glossary": value}
    assert glossary_off(metadata) is off


def term(tmp_path, name, title, aliases=(), slug=None):
    path = tmp_path / f"{name}.md"
    path.write_text(f"Title: {title}\nAliases: {', '.join(aliases)}\nSummary: d\n\nBody\n")
    return SimpleNamespace(source_path=str(path), slug=slug or name, title=title, names=[title, *aliases])


def test_a_name_in_two_files_is_an_error_naming_both(tmp_path):
    first = term(tmp_path, "klout-score", "Klout score", ["Klout"])
    second = term(tmp_path, "klout", "KLOUT")
    owners, errors = claim_names([first, second])
    assert owners == {"klout score": first, "klout": first}
    [error] = errors
    message = str(error)
    assert "klout.md:1:" in message and "klout-score.md" in message and "'KLOUT'" in message
    assert second.names == []


def test_an_alias_in_two_files_names_the_aliases_line(tmp_path):
    first = term(tmp_path, "a", "lurker", ["lurkers"])
    second = term(tmp_path, "b", "reader", ["Lurkers"])
    _, [error] = claim_names([first, second])
    assert error.line == 2 and "a.md" in error.message


def test_two_terms_with_one_slug(tmp_path):
    first = term(tmp_path, "a", "lurker", slug="same")
    second = term(tmp_path, "b", "reader", slug="same")
    owners, [error] = claim_names([first, second])
    assert "'same'" in error.message and "a.md" in error.message
    assert second.duplicate and set(owners) == {"lurker"}


# -- settings ----------------------------------------------------------------------------------


def configured(values):
    """(settings, problems): `values` with the glossary's settings filled in and checked."""
    problems = configure(values, settings.SETTINGS, logging.getLogger("test"))
    return values, problems


def test_settings_defaults_and_checks(caplog):
    filled, problems = configured({})
    assert filled["GLOSSARY_PATH"] == "glossary" and filled["GLOSSARY_TERM_URL"] == "glossary/{slug}/"
    assert problems == [] and caplog.records == []
    bad, problems = configured({"GLOSSARY_LINK": "yes", "GLOSSARY_TERM_URL": "glossary/x/", "GLOSSARY_PATH": "/"})
    assert [p.split("=")[0] for p in problems] == [
        "setting GLOSSARY_PATH", "setting GLOSSARY_TERM_URL", "setting GLOSSARY_LINK",
    ]
    assert "{slug}" in problems[1] and "must be True or False" in problems[2]
    kept = (bad["GLOSSARY_LINK"], bad["GLOSSARY_TERM_URL"], bad["GLOSSARY_PATH"])
    assert kept == (True, "glossary/{slug}/", "glossary")
    assert [r.levelname for r in caplog.records] == ["ERROR"] * 3


@pytest.mark.parametrize(
    "key, value, says",
    [
        ("GLOSSARY_SKIP_CATEGORIES", "Programming", 'must be a list of non-empty category names, like ["Programming"]'),
        ("GLOSSARY_SKIP_TAGS", "django", 'must be a list of non-empty tag names, like ["django"]'),
        ("GLOSSARY_SKIP_CATEGORIES", ["Programming", ""], "GLOSSARY_SKIP_CATEGORIES=['Programming', '']: must be"),
        ("GLOSSARY_SKIP_TAGS", [None], "GLOSSARY_SKIP_TAGS=[None]: must be"),
        ("GLOSSARY_SKIP_TAGS", {"django"}, "must be a list of non-empty tag names"),
    ],
)
def test_skip_settings_are_lists_of_names(key, value, says):
    filled, [problem] = configured({key: value})
    assert says in problem and filled[key] == []


def test_a_bad_setting_is_reported_without_stopping_or_a_traceback(caplog):
    from glossary import plugin

    site = SimpleNamespace(settings={"GLOSSARY_SKIP_TAGS": "django"})
    plugin.configure(site)
    [record] = caplog.records
    assert record.levelname == "ERROR" and record.exc_info is None
    assert record.getMessage() == (
        "setting GLOSSARY_SKIP_TAGS='django': must be a list of non-empty tag names, like [\"django\"] (default [])"
    )
    assert site.settings["GLOSSARY_SKIP_TAGS"] == [] and "glossary" in site.settings["ARTICLE_EXCLUDES"]


def test_skip_settings_default_to_nothing():
    filled, _ = configured({})
    assert filled["GLOSSARY_SKIP_CATEGORIES"] == [] and filled["GLOSSARY_SKIP_TAGS"] == []
    assert configured({"GLOSSARY_SKIP_TAGS": ("django",)})[0]["GLOSSARY_SKIP_TAGS"] == ("django",)


# -- limits: where a term is linked --------------------------------------------------------------

LIMITED = Entry("superuser", "superuser", "A very active member.", "{filename}/glossary/superuser.md", limited=True)


@pytest.fixture(scope="module")
def limited_linker():
    return make_linker({**NAMES, "superuser": LIMITED, "superusers": LIMITED})


def test_a_limited_term_links_only_where_allowed(limited_linker):
    html = "<p>A superuser and a Klout score.</p>"
    assert linked(html, limited_linker)[1] == [("superuser", "superuser"), ("klout-score", "Klout score")]
    assert linked(html, limited_linker, allowed=None)[1] == linked(html, limited_linker)[1]
    assert linked(html, limited_linker, allowed=set())[1] == [("klout-score", "Klout score")]
    assert linked(html, limited_linker, allowed={LIMITED})[1][0] == ("superuser", "superuser")


def test_a_limited_term_left_out_keeps_its_words(limited_linker):
    html = "<p>Create a superuser, then another superuser.</p>"
    assert limited_linker.link(html, allowed=set()) == (html, [])


@pytest.mark.parametrize(
    "metadata, expected",
    [
        ({}, (True, frozenset(), frozenset())),
        ({"link": "off"}, (False, frozenset(), frozenset())),
        ({"link": "No"}, (False, frozenset(), frozenset())),
        ({"link": "on"}, (True, frozenset(), frozenset())),
        ({"link": False}, (False, frozenset(), frozenset())),
        ({"categories": "Community  Management, Chat recaps"},
         (True, frozenset({"community management", "chat recaps"}), frozenset())),
        ({"tags": ["Moderation", " cmgrchat "]},  # Pelican gives Tag objects; their str() is the name
         (True, frozenset(), frozenset({"moderation", "cmgrchat"}))),
    ],
)
def test_link_limits_from_the_term_header(metadata, expected):
    assert link_limits("content/glossary/t.md", metadata) == expected


def test_a_bad_link_value_names_the_line(tmp_path):
    path = tmp_path / "superuser.md"
    path.write_text("Title: superuser\nSummary: s\nLink: sometimes\n\nBody\n")
    with pytest.raises(SourceError) as caught:
        link_limits(str(path), {"link": "sometimes"})
    assert caught.value.line == 3
    assert "'Link: sometimes' must be 'on' or 'off'" in str(caught.value)


@pytest.mark.parametrize(
    "value, on",
    [("on", True), ("Yes", True), (True, True), ("off", False), (None, False), (False, False)],
)
def test_glossary_on_flag(value, on):
    assert glossary_on({} if value is None else {"glossary": value}) is on


def make_article(category, tags=(), **metadata):
    from pelican.contents import Article
    from pelican.settings import DEFAULT_CONFIG
    from pelican.urlwrappers import Category, Tag

    config = dict(DEFAULT_CONFIG)
    meta = {"title": "t", "category": Category(category, config), **metadata}
    if tags:
        meta["tags"] = [Tag(t, config) for t in tags]
    return Article("<p>x</p>", metadata=meta, settings=config, context={"generated_content": {}, "localsiteurl": ""})


def limits_for(terms, **site):
    from glossary.generator import LinkLimits

    return LinkLimits(terms, {"GLOSSARY_SKIP_CATEGORIES": [], "GLOSSARY_SKIP_TAGS": [], **site})


def limited_term(entry, categories=(), tags=()):
    return SimpleNamespace(glossary_entry=entry, link_categories=frozenset(categories), link_tags=frozenset(tags))


def test_limits_pick_the_terms_of_a_post_by_category_or_tag():
    moderation = Entry("mod", "moderator", "d", "{filename}/glossary/mod.md", limited=True)
    limits = limits_for([
        limited_term(LIMITED, categories={"community management"}),
        limited_term(moderation, tags={"moderation"}),
        limited_term(KLOUT),
    ])
    assert limits.allowed(make_article("Community  management")) == {LIMITED}
    assert limits.allowed(make_article("Programming", tags=["Moderation"])) == {moderation}
    assert limits.allowed(make_article("Programming", tags=["django"])) == set()


def test_pages_and_terms_have_no_category_limits():
    from pelican.contents import Page
    from pelican.settings import DEFAULT_CONFIG

    page = Page("<p>x</p>", metadata={"title": "About"}, settings=dict(DEFAULT_CONFIG),
                context={"generated_content": {}, "localsiteurl": ""})
    assert limits_for([limited_term(LIMITED, categories={"x"})]).allowed(page) is None
    page.metadata["glossary"] = "off"
    assert limits_for([]).allowed(page) is False


def test_site_skips_categories_and_tags_unless_the_post_says_on():
    limits = limits_for([], GLOSSARY_SKIP_CATEGORIES=["Programming"], GLOSSARY_SKIP_TAGS=["No  Glossary"])
    assert limits.allowed(make_article("programming")) is False
    assert limits.allowed(make_article("Notes", tags=["no glossary"])) is False
    assert limits.allowed(make_article("Notes", tags=["other"])) == set()
    assert limits.allowed(make_article("Programming", glossary="on")) == set()
    assert limits.allowed(make_article("Notes", glossary="off")) is False


def test_a_limit_no_post_has_is_a_warning_naming_the_line(tmp_path, caplog):
    import logging

    from glossary.generator import GlossaryGenerator

    path = tmp_path / "superuser.md"
    path.write_text("Title: superuser\nCategories: Comunity Management\nTags: cmgrchat\nSummary: s\n\nBody\n")
    term = SimpleNamespace(source_path=str(path), link_categories=frozenset({"comunity management"}),
                           link_tags=frozenset({"cmgrchat"}))
    context = {"categories": [("Community Management", [])], "tags": [("cmgrchat", [])]}
    with caplog.at_level(logging.WARNING, logger="glossary.generator"):
        GlossaryGenerator.check_limits(SimpleNamespace(context=context, terms=[term]))
    [message] = [r.getMessage() for r in caplog.records]
    assert message.endswith(
        "superuser.md:2: no post has the category 'comunity management'; "
        "the term is linked only in posts that do (check the spelling)"
    )


# -- Pelican's memoized content ---------------------------------------------------------------


def test_changed_content_is_rendered_anew():
    from pelican.contents import Page
    from pelican.settings import DEFAULT_CONFIG

    from glossary.generator import forget_rendered

    page = Page("<p>old</p>", metadata={"title": "t"}, settings=dict(DEFAULT_CONFIG),
                context={"generated_content": {}, "localsiteurl": ""})
    assert page.content == "<p>old</p>" and page.summary == "<p>old</p>"
    page._content = "<p>new</p>"
    forget_rendered({id(page)})
    assert page.content == "<p>new</p>" and page.summary == "<p>new</p>"
