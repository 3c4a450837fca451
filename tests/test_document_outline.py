"""Every page's HTML keeps the rules a validator checks that a browser forgives:
a <figure>'s <figcaption> comes first or last, and headings never skip a level.
And no glossary link sits inside a heading (a deck's title is one).

Checked on every page of the production build of the sample site (decks,
players, recap charts, glossary and all).
"""

from helpers import html_files, page_url, soup

HEADINGS = ["h1", "h2", "h3", "h4", "h5", "h6"]


def misplaced_captions(doc):
    """[children of a figure whose figcaption is neither its first nor its last element]."""
    found = []
    for figure in doc.find_all("figure"):
        children = [child.name for child in figure.children if getattr(child, "name", None)]
        if "figcaption" in children and children.index("figcaption") not in (0, len(children) - 1):
            found.append(children)
    return found


def skipped_levels(doc):
    """[(level, next level)] wherever a heading is more than one level below the one before it."""
    levels = [int(heading.name[1]) for heading in doc.find_all(HEADINGS)]
    return [(before, after) for before, after in zip([0, *levels], levels) if after > before + 1]


def linked_headings(doc):
    """[the text of each heading that holds a glossary link]."""
    return [heading.get_text(" ", strip=True) for heading in doc.find_all(HEADINGS) if heading.select(".gloss")]


def test_figures_and_headings_follow_html_rules(production_site):
    problems = {}
    for file in html_files(production_site):
        doc = soup(file)
        found = misplaced_captions(doc) + skipped_levels(doc) + linked_headings(doc)
        if found:
            problems[page_url(production_site, file)] = found
    assert problems == {}


def test_the_checks_see_what_they_check():
    bad = soup_of("<h1>A</h1><h3>C</h3><figure><div></div><figcaption>x</figcaption><template></template></figure>")
    assert skipped_levels(bad) == [(1, 3)]
    assert misplaced_captions(bad) == [["div", "figcaption", "template"]]
    good = soup_of("<h1>A</h1><h2>B</h2><h3>C</h3><h2>D</h2><figure><figcaption>x</figcaption><div></div></figure>")
    assert skipped_levels(good) == [] and misplaced_captions(good) == []


def soup_of(html):
    from bs4 import BeautifulSoup

    return BeautifulSoup(html, "lxml")
