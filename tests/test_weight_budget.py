"""What a reader downloads, gzipped as a server sends it (images aside), stays within budget;
feature scripts load only on the pages that use them.

Budgets: the home page ≤ 30 KB and an article ≤ 40 KB (its HTML, stylesheets
and scripts); on any page all CSS ≤ 15 KB, and all JavaScript ≤ 10 KB where
there is no search and no deck. Measured on the production build.
"""

import gzip
from functools import cache
from pathlib import Path

import pytest

from helpers import PRODUCTION_URL, html_files, page_url, resolve, soup

KB = 1000
PAGE_BUDGETS = {"": 30 * KB, "2011/10/clouting-klout/": 40 * KB,
                "2011/10/why-your-customers-need-an-online-community/": 40 * KB}
CSS_BUDGET, JS_BUDGET = 15 * KB, 10 * KB


@cache
def gzipped(path):
    return len(gzip.compress(Path(path).read_bytes(), 9))


def weights(output, file):
    """(HTML, CSS, JS) bytes, gzipped, of the page in `file` and what it links."""
    doc = soup(file)

    def total(links):
        files = {resolve(output, file, link, PRODUCTION_URL) for link in links}
        assert None not in files, "a stylesheet or script from elsewhere"
        return sum(gzipped(path) for path in files)

    css = total(link["href"] for link in doc.select('link[rel="stylesheet"]'))
    js = total(script["src"] for script in doc.select("script[src]"))
    return gzipped(file), css, js


@pytest.mark.parametrize("url", PAGE_BUDGETS)
def test_home_and_articles_stay_within_budget(production_site, url):
    file = production_site / url / "index.html"
    html, css, js = weights(production_site, file)
    assert html + css + js <= PAGE_BUDGETS[url], (html, css, js)


def test_every_page_keeps_its_css_and_js_budgets(production_site):
    over = {}
    for file in html_files(production_site):
        if file.is_relative_to(production_site / "pagefind"):
            continue
        _, css, js = weights(production_site, file)
        doc = soup(file)
        search_or_deck = doc.select_one("[data-deck], #search-results") is not None
        if css > CSS_BUDGET or (js > JS_BUDGET and not search_or_deck):
            over[page_url(production_site, file)] = (css, js)
    assert over == {}


def test_feature_scripts_load_only_where_their_feature_is(production_site):
    """glossary.js where a term's tooltip is, presentations.js where a deck or a player is; nowhere else."""
    wrong, seen = {}, {"glossary.js": 0, "presentations.js": 0}
    for file in html_files(production_site):
        if file.is_relative_to(production_site / "pagefind"):
            continue
        doc = soup(file)
        scripts = {Path(script["src"]).name for script in doc.select("script[src]")}
        wanted = {
            "glossary.js": doc.select_one(".gloss-tip") is not None,
            "presentations.js": doc.select_one("[data-deck], [data-embed]") is not None,
        }
        for name, needed in wanted.items():
            seen[name] += needed
            if (name in scripts) != needed:
                wrong.setdefault(page_url(production_site, file), []).append(name)
    assert wrong == {}
    assert seen["glossary.js"] >= 3 and seen["presentations.js"] >= 1  # the sample site has both
