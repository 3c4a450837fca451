"""Chat recaps in the built site: the page, its numbers, people pages, privacy, safety (formats: test_recap_formats)."""

import json
import re
import shutil
from collections import Counter
from datetime import UTC

import pytest
from recap_pages import NO_SEARCH_NO_CARDS, RECAP, all_text, shown_numbers, threads, transcript

from helpers import ROOT, SITE_CONTENT, assert_clean_build, page, run_pelican, soup


def expected_numbers():
    """The recap's numbers counted straight from the transcript, independently of the plugin."""
    kept, seen = [], set()
    for handle, text in transcript():
        if text.startswith("RT @") or (handle, text) in seen:
            continue
        seen.add((handle, text))
        kept.append((handle, text))
    questions = [t for h, t in kept if h == "cmgrchat_host" and re.match(r"(?i)(q|question)\s*\d+\s*[:).]", t)]
    return {"messages": len(kept), "participants": len({h for h, _ in kept}), "questions": len(questions)}


def test_recap_numbers_equal_those_counted_from_the_transcript(site):
    numbers = shown_numbers(page(site, RECAP))
    expected = expected_numbers()
    assert {k: int(numbers[k]) for k in expected} == expected
    assert expected["questions"] == 4 and expected["participants"] >= 12
    assert numbers["duration"] == "60 minutes"


def test_questions_have_anchors_and_their_answers(site):
    doc = page(site, RECAP)
    for n in range(1, 5):
        section = doc.find(id=f"q{n}")
        assert section is not None and section.find("a", href=f"#q{n}")
    found = threads(doc)
    assert [q.split(":")[0].split(")")[0].split(".")[0] for q, _ in found] == ["Q1", "Q2", "Q3", "Question 4"]
    # An A1 sent after Q2 was asked still sits under Q1, not under Q2.
    lines = transcript()
    q2 = next(i for i, (_, text) in enumerate(lines) if text.startswith("Q2"))
    late = next(text for _, text in lines[q2:] if text.startswith("A1"))
    probe = late.split("#")[0].strip()
    assert any(probe in answer for answer in found[0][1])
    assert not any(probe in answer for answer in found[1][1])
    answers = sum(len(a) for _, a in found)
    assert int(shown_numbers(doc)["answers"]) == answers


def test_retweets_and_duplicates_are_folded(site):
    text = page(site, RECAP).find("main").get_text(" ")
    assert "RT @" not in text
    counts = Counter(t for _, t in transcript())
    duplicate = next(t for t, c in counts.items() if c > 1 and not t.startswith("RT @"))
    probe = duplicate.split("#")[0].strip()
    assert " ".join(text.split()).count(" ".join(probe.split())) == 1


def chart_rows(chart):
    """[(label, count)] of a chart's data table."""
    return [(tr.th.get_text(strip=True), tr.td.get_text(strip=True)) for tr in chart.find("table").select("tbody tr")]


def test_charts_are_inline_svg_with_text_alternatives(site):
    doc = page(site, RECAP)
    charts = doc.find_all("figure", class_="recap-chart")
    assert len(charts) == 2
    for chart in charts:
        svg = chart.find("svg")
        assert svg["role"] == "img" and svg.find("title") and svg.find("desc")
        assert svg.find_parent(attrs={"data-feed-ignore": True}) is not None  # the drawing stays out of feeds
        assert chart.find("table") is not None and chart.find("details") is None  # the table is plain
        assert svg.find("script") is None
        assert len(svg.find_all("rect", class_="bar")) == len(chart_rows(chart))
    per_question = charts[1].find("svg").find_all("rect", class_="bar")
    assert len(per_question) == 4
    # The one-hour chat (20:00 to 21:00) is drawn in 2-minute bars, labelled with local times.
    activity = charts[0]
    assert activity.find("svg").find("title").get_text() == "Messages per 2 minutes"
    assert "America/New_York" in activity.find("svg").find("desc").get_text()
    rows = chart_rows(activity)
    assert len(rows) == 31 and rows[0][0] == "20:00" and rows[-1][0] == "21:00"
    assert sum(int(count) for _, count in rows) == int(shown_numbers(doc)["messages"])
    labels = activity.find("svg").find_all("text", class_="label")
    assert 1 < len(labels) < len(rows)


def feed_items(output):
    """(feed file, item link, "content" or "summary", html) of every item of every Atom, RSS and JSON feed."""
    import xml.etree.ElementTree as ET

    atom = "{http://www.w3.org/2005/Atom}"
    for file in sorted((output / "feeds").rglob("*.xml")):
        root = ET.parse(file).getroot()
        for entry in root.iter(f"{atom}entry"):
            for kind in ("content", "summary"):
                element = entry.find(f"{atom}{kind}")
                if element is not None and element.text:
                    yield file, entry.find(f"{atom}link").get("href"), kind, element.text
        for item in root.iter("item"):  # RSS: the full content (RSS_FEED_SUMMARY_ONLY is off)
            yield file, item.findtext("link"), "content", item.findtext("description") or ""
    for file in sorted((output / "feeds").rglob("*.json")):
        for item in json.loads(file.read_text(encoding="utf-8"))["items"]:
            yield file, item["url"], "content", item.get("content_html", "")
            yield file, item["url"], "summary", item.get("summary", "")


def assert_feeds_carry_tables_not_svg(output, url_path):
    """The recap at `url_path` in every feed: no SVG; its full content has the chart tables of the page."""
    from bs4 import BeautifulSoup

    tables = [chart_rows(chart) for chart in page(output, url_path).find_all("figure", class_="recap-chart")]
    found = Counter()
    for file, link, kind, html in feed_items(output):
        if not link.rstrip("/").endswith(url_path.rstrip("/")):
            continue
        assert "<svg" not in html.lower() and "<title" not in html.lower(), (file, kind)
        if kind == "content":
            item = BeautifulSoup(html, "html.parser")
            assert [chart_rows(chart) for chart in item.find_all("figure", class_="recap-chart")] == tables, file
            assert item.find("details") is None and item.find(attrs={"data-feed-ignore": True}) is None
            found[file.name.rsplit(".", 1)[0].rsplit(".", 1)[-1] if file.suffix == ".xml" else "json"] += 1
    assert set(found) == {"atom", "rss", "json"}, found


def test_feeds_carry_the_chart_tables_and_no_svg(site):
    assert_feeds_carry_tables_not_svg(site, RECAP)


@pytest.fixture(scope="module")
def top_three(tmp_path_factory):
    """A tiny site with RECAPS_TOP = 3: one chat of 30 messages over nine weeks, from a CSV export."""
    import csv
    from datetime import datetime, timedelta

    root = tmp_path_factory.mktemp("top3")
    recaps = root / "content" / "recaps"
    recaps.mkdir(parents=True)
    start = datetime(2016, 1, 14, 1, 0, tzinfo=UTC)
    rows = [["from_user", "created_at", "text"], ["host", start.isoformat(), "Q1: What is new? #tinychat"]]
    for i in range(29):
        handle = f"member{i % 6}"
        rows.append([handle, (start + timedelta(hours=54 * i + 24)).isoformat(),
                     f"A1: note {i} https://example.org/{i % 4} #tinychat #tag{i % 5}"])
    with (recaps / "tiny.csv").open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    (recaps / "tiny.recap").write_text(
        "Title: Tiny chat\nDate: 2016-01-13 20:00\nTimezone: America/New_York\nHashtag: #tinychat\n"
        "Hosts: @host\nSource: tiny.csv\nFormat: csv\n\n", encoding="utf-8")
    output = root / "output"
    result = run_pelican(output, settings=ROOT / "pelicanconf.py", content=root / "content", cwd=root,
                         extra=["-e", "RECAPS_TOP=3", *NO_SEARCH_NO_CARDS])
    assert_clean_build(result)
    return output


TINY = "2016/01/tiny-chat/"


def test_recaps_top_lists_that_many(top_three):
    doc = page(top_three, TINY)
    for name in ("contributors", "links", "hashtags"):
        assert len(doc.find("ol" if name != "hashtags" else "ul", attrs={"data-list": name}).find_all("li")) == 3, name
    assert len(doc.find("section", class_="recap-participants").find_all("li")) == 7  # everyone, still


def test_nine_weeks_are_drawn_in_weeks_and_feeds_carry_the_table(top_three):
    doc = page(top_three, TINY)
    chart = doc.find("figure", class_="recap-chart")
    assert chart.find("svg").find("title").get_text() == "Messages per week"
    rows = chart_rows(chart)
    assert len(rows) == 10 and rows[0][0] == "Jan 11" and sum(int(c) for _, c in rows) == 30
    assert len((top_three / TINY / "index.html").read_bytes()) < 200_000
    assert_feeds_carry_tables_not_svg(top_three, TINY)


def test_hostile_messages_show_as_text_and_run_nothing(site):
    raw = (site / RECAP / "index.html").read_text(encoding="utf-8")
    doc = soup(site / RECAP / "index.html")
    content = doc.find("div", class_="recap")
    assert "<script>alert(1)</script>" in content.get_text()
    assert content.find("script") is None and content.find("img") is None
    assert not any(a["href"].lower().startswith("javascript") for a in doc.find_all("a", href=True))
    assert not any(attr.startswith("on") for tag in content.find_all(True) for attr in tag.attrs)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in raw


def test_people_pages_list_answers_and_are_linked(site):
    doc = page(site, RECAP)
    link = doc.find("main").find("a", href=re.compile(r"people/metrics_marco/$"))
    assert link is not None
    person = page(site, "people/metrics_marco/")
    answers = [
        " ".join(li.find(class_="recap-text").get_text(" ").split())
        for li in person.find_all("li", class_="recap-message")
    ]
    on_recap = [
        " ".join(li.find(class_="recap-text").get_text(" ").split())
        for li in doc.select(".recap-answers > li")
        if li.find(class_="recap-handle").get_text() == "@metrics_marco"
    ]
    assert answers == on_recap and len(answers) >= 4
    assert person.find("a", href=re.compile(r"cmgrchat-recap-klout-and-influence-scores/#q\d$"))
    index = page(site, "people/")
    handles = {h for h, _ in transcript()}
    listed = {a["href"].rstrip("/").split("/")[-1] for a in index.find("main").find_all("a")}
    assert listed == handles


def test_recaps_have_their_own_category_and_feed(site):
    category = page(site, "category/chat-recaps/")
    assert category.find("main").find("a", href=re.compile("cmgrchat-recap-klout-and-influence-scores/$"))
    assert (site / "feeds" / "category" / "chat-recaps.atom.xml").is_file()
    tags = {a.get_text(strip=True) for a in page(site, RECAP).select("main a[rel=tag]")}
    assert {"klout", "influence", "cmgrchat"} <= {t.lower() for t in tags}


def test_klout_post_links_to_the_recap(site):
    post = page(site, "2011/10/clouting-klout/")
    assert post.find("main").find("a", href=re.compile("cmgrchat-recap-klout-and-influence-scores/$"))


def build_with(tmp_path, settings):
    content = tmp_path / "content"
    shutil.copytree(SITE_CONTENT, content)
    output = tmp_path / "output"
    extra = ["-e", *NO_SEARCH_NO_CARDS, *(f"{k}={json.dumps(v)}" for k, v in settings.items())]
    result = run_pelican(output, settings=ROOT / "pelicanconf.py", content=content, cwd=tmp_path, extra=extra)
    assert_clean_build(result)
    return output


def test_opted_out_people_are_left_out_or_anonymised(tmp_path):
    output = build_with(tmp_path, {"RECAPS_OPT_OUT": {"skeptic_steve": "omit", "perks_priya": "anonymise"}})
    text = all_text(output)
    assert "skeptic_steve" not in text
    assert "perks_priya" not in text
    assert not (output / "people" / "skeptic_steve").exists() and not (output / "people" / "perks_priya").exists()
    doc = page(output, RECAP)
    priya = next(t for h, t in transcript() if h == "perks_priya" and t.startswith("A"))
    assert " ".join(priya.split("#")[0].split()) in " ".join(doc.get_text(" ").split())
    assert "a participant" in doc.find("div", class_="recap").get_text()
    steve = next(t for h, t in transcript() if h == "skeptic_steve" and t.startswith("A"))
    assert steve.split("#")[0].strip() not in doc.get_text()


def test_anonymise_everyone(tmp_path):
    output = build_with(tmp_path, {"RECAPS_ANONYMISE": True})
    text = all_text(output)
    for handle in {h for h, _ in transcript()}:
        assert handle not in text, handle
    assert not (output / "people").exists()
    doc = page(output, RECAP)
    assert "Participant 1" in doc.get_text() or "Participant 2" in doc.get_text()
