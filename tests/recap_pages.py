"""Reading built chat recap pages, shared by test_recaps.py and test_recap_formats.py."""

import re

from helpers import ROOT, SITE_CONTENT

RECAP = "2011/10/cmgrchat-recap-klout-and-influence-scores/"
SOURCE = SITE_CONTENT / "recaps" / "cmgrchat-klout-2011-10-27.recap"
FIXTURES = ROOT / "tests" / "fixtures" / "recaps"
LINE = re.compile(r"^\[(?P<time>[^\]]+)\] @(?P<handle>\w+): (?P<text>.*)$")
# Settings for builds that look at no search index and no social card: both are left out (time, not coverage).
# Pelican keeps only the last `-e`, so these go in the same `-e` as a build's other settings.
NO_SEARCH_NO_CARDS = ("SEARCH_PAGEFIND=false", "SEO_CARDS=false")


def transcript():
    """(handle, text) of every message line of the sample transcript, as written."""
    return [(m["handle"], m["text"]) for m in map(LINE.match, SOURCE.read_text(encoding="utf-8").splitlines()) if m]


def shown_numbers(doc):
    return {dd["data-stat"]: dd.get_text(strip=True) for dd in doc.find_all("dd", attrs={"data-stat": True})}


def words(element):
    """The element's text with runs of white space as one space (links change the spacing)."""
    return " ".join(element.get_text().split())


def threads(doc):
    """[(question text, [answer texts])] as the recap page shows them."""
    out = []
    for section in doc.find_all("section", class_="recap-thread"):
        question = words(section.find(class_="recap-question").find(class_="recap-text"))
        answers = [words(p) for p in section.select(".recap-answers .recap-text")]
        out.append((question, answers))
    return out


def all_text(output):
    """Every HTML and XML file of the built site, as one text."""
    files = (p for p in output.rglob("*") if p.is_file() and p.suffix in (".html", ".xml"))
    return "\n".join(p.read_text(errors="replace") for p in files)


def recap_header(title, source, fmt, hosts="@cmgrchat_host", extra=""):
    """The header of a recap whose messages are in an export beside it (no Format: when `fmt` is '')."""
    return (
        f"Title: {title}\nDate: 2011-10-27 20:00\nTimezone: America/New_York\nHashtag: #cmgrchat\n"
        f"Hosts: {hosts}\nTags: klout\nSource: {source}\n" + (f"Format: {fmt}\n" if fmt else "") + extra + "\n"
    )
