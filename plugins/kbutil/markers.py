"""The HTML markers and context keys our plugins and theme share, defined once.

One plugin (or template) writes them and another reads them, so each name is a
contract: change it here and every user follows. Python code imports the
constants; templates get them as the Jinja global `markers` (a dict of the
same names, set in pelicanconf.py and in every theme fragment's environment),
e.g. `<div class="chart" {{ markers.FEED_IGNORE }}>`.

HTML attributes
  FEED_IGNORE      data-feed-ignore: the element is for the page only; feed_extras
                   drops it from every feed (glossary tooltips, chart drawings).
  SEARCH_IGNORE    data-pagefind-ignore: Pagefind leaves the element out of the
                   search index (meta lines, related/backlink boxes, tooltips).
  NO_TOC           data-no-toc: structure gives the element's headings no table-of-
                   contents entry or anchor (authors may use it too).
  DECK             data-deck: an in-post slide viewer (presentations writes it; the
                   viewer script and structure's table of contents read it).
  FEED_TEMPLATE_CLASS  embed-feed: class of the <template> inside an embed or deck
                   holding what feeds show instead of it (presentations, social cards).

Context keys and targets
  BREADCRUMBS      article.breadcrumbs: [Crumb(title, url)] set by structure, read by
                   the breadcrumbs partial and by seo's JSON-LD.
  PEOPLE_TARGET    "people/{slug}": the {filename} key of a participant's page,
                   registered by chat_recaps in context["generated_content"].

Ids the theme's own templates use on post and hub pages (structure never gives
a heading one of them; STRUCTURE_RESERVED_IDS defaults to them): THEME_IDS. The
templates write these ids literally, next to the aria-labelledby that names them;
tests/unit/test_markers.py checks that the list and the templates agree.

tests/unit/test_markers.py also fails when a template or plugin writes one of
these strings literally, and lists who writes and who reads each marker.
"""

FEED_IGNORE = "data-feed-ignore"
SEARCH_IGNORE = "data-pagefind-ignore"
NO_TOC = "data-no-toc"
DECK = "data-deck"
FEED_TEMPLATE_CLASS = "embed-feed"

BREADCRUMBS = "breadcrumbs"
PEOPLE_TARGET = "people/{slug}"

THEME_IDS = ("content", "site-search-query", "linked-from-title", "related-title", "hub-posts-title")

# What templates see as `markers`: every name above.
FOR_TEMPLATES = {
    name: value for name, value in globals().items() if name.isupper() and name != "FOR_TEMPLATES"
}
