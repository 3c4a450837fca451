"""The pure core of chat recaps: threading, stats, charts and message text."""

import random
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser

import pytest

from chat_recaps.charts import bar_chart, chart_table
from chat_recaps.model import Message
from chat_recaps.stats import compute, extract_hashtags, extract_links, extract_mentions
from chat_recaps.text import render_text
from chat_recaps.threading import thread_chat

HOST = "cmgrchat"
SVG = "{http://www.w3.org/2000/svg}"


def at(clock):
    """'20:05' or '20:05:30' on the chat's day, in UTC."""
    parts = [int(p) for p in clock.split(":")] + [0]
    return datetime(2024, 5, 2, parts[0], parts[1], parts[2], tzinfo=UTC)


def msg(handle, clock, text, id="", reply_to="", thread="", author=None, is_retweet=False):
    return Message(
        author=author or handle.title(),
        handle=handle,
        time=at(clock),
        text=text,
        where=f"line {clock}",
        id=id,
        reply_to=reply_to,
        thread=thread,
        is_retweet=is_retweet,
    )


def numbers(recap):
    return [t.number for t in recap.threads]


def texts(messages):
    return [m.text for m in messages]


def answers_of(recap, number):
    return texts(next(t for t in recap.threads if t.number == number).answers)


# --------------------------------------------------------------------------- threading


@pytest.mark.parametrize(
    "text",
    [
        "Q1: What is a community?",
        "Q1) What is a community?",
        "Q1. What is a community?",
        "Q1 - What is a community?",
        "Q1-What is a community?",
        "Question 1: What is a community?",
        "question 1) What is a community?",
        "QUESTION 1. What is a community?",
        "q 1: What is a community?",
        "Q 1 : What is a community?",
        "  Q1: What is a community?",
        "#cmgrchat Q1: What is a community?",
        "#CMGRchat  q1) What is a community?",
    ],
)
def test_question_prefix_forms(text):
    recap = thread_chat([msg(HOST, "20:00", text), msg("ann", "20:01", "Belonging.")], ["@CMGRchat"])
    assert numbers(recap) == [1]
    assert recap.threads[0].question.text == text
    assert answers_of(recap, 1) == ["Belonging."]
    assert recap.open_conversation == []


@pytest.mark.parametrize(
    "text",
    [
        "Q1 What is a community?",  # no separator
        "FAQ1: where is the FAQ?",
        "Questions 1: are welcome",
        "Q0: zero is no question",
        "We start with Q1: soon",
    ],
)
def test_not_a_question(text):
    recap = thread_chat([msg(HOST, "20:00", text)], [HOST])
    assert recap.threads == []
    assert texts(recap.open_conversation) == [text]


def test_only_hosts_ask_questions():
    recap = thread_chat(
        [msg(HOST, "20:00", "Q1: Why?"), msg("ann", "20:01", "Q2: asked by a guest")], [HOST]
    )
    assert numbers(recap) == [1]
    assert answers_of(recap, 1) == ["Q2: asked by a guest"]


@pytest.mark.parametrize(
    "text",
    [
        "A1: people",
        "A1) people",
        "A1. people",
        "A 1 - people",
        "a1: people",
        "Answer 1: people",
        "answer 1) people",
        "#cmgrchat A1: people",
        "@cmgrchat A1: people",
    ],
)
def test_answer_prefix_forms_name_their_question(text):
    # Given after Q2 was asked: the prefix wins over the latest question.
    chat = [
        msg(HOST, "20:00", "Q1: What is community?"),
        msg(HOST, "20:10", "Q2: Which tools?"),
        msg("ann", "20:15", text),
    ]
    recap = thread_chat(chat, [HOST])
    assert answers_of(recap, 1) == [text]
    assert answers_of(recap, 2) == []


def test_out_of_order_answers_land_under_their_question_in_time_order():
    chat = [
        msg(HOST, "20:00", "Q1: One?"),
        msg("ann", "20:02", "A1: first"),
        msg(HOST, "20:10", "Q2: Two?"),
        msg("bob", "20:11", "A2: tools"),
        msg("cat", "20:12", "A1: late to Q1"),
        msg("dan", "20:13", "a2) more tools"),
    ]
    shuffled = chat[:]
    random.Random(4).shuffle(shuffled)
    recap = thread_chat(shuffled, [HOST])
    assert numbers(recap) == [1, 2]
    assert answers_of(recap, 1) == ["A1: first", "A1: late to Q1"]
    assert answers_of(recap, 2) == ["A2: tools", "a2) more tools"]
    assert texts(recap.messages) == texts(chat)


def test_latest_question_fallback_and_ties():
    chat = [
        msg(HOST, "20:00", "Q1: One?"),
        msg("ann", "20:05", "No prefix at all"),
        msg("bob", "20:10", "Posted the same second as Q2"),
        msg(HOST, "20:10", "Q2: Two?"),
        msg("cat", "20:30", "Much later"),
    ]
    recap = thread_chat(chat, [HOST])
    assert answers_of(recap, 1) == ["No prefix at all"]
    assert answers_of(recap, 2) == ["Posted the same second as Q2", "Much later"]


def test_reply_to_an_answer_follows_the_answer():
    chat = [
        msg(HOST, "20:00", "Q1: One?", id="q1"),
        msg(HOST, "20:10", "Q2: Two?", id="q2"),
        msg("ann", "20:11", "Slack, mostly", id="a"),
        msg(HOST, "20:20", "Q3: Three?", id="q3"),
        msg("bob", "20:21", "Same here!", id="b", reply_to="a"),
        msg("cat", "20:22", "Replying to the question itself", reply_to="q1"),
    ]
    recap = thread_chat(chat, [HOST])
    assert answers_of(recap, 1) == ["Replying to the question itself"]
    assert answers_of(recap, 2) == ["Slack, mostly", "Same here!"]
    assert answers_of(recap, 3) == []


def test_reply_chain_arriving_out_of_order():
    # Each reply is stamped before the message it replies to (clock skew) and
    # after Q3, so only the chain leads to Q2.
    chain = [
        msg("cat", "20:25", "c replies to b", id="c", reply_to="b"),
        msg("bob", "20:26", "b replies to a", id="b", reply_to="a"),
        msg("ann", "20:27", "a replies to Q2", id="a", reply_to="q2"),
    ]
    questions = [
        msg(HOST, "20:00", "Q1: One?", id="q1"),
        msg(HOST, "20:10", "Q2: Two?", id="q2"),
        msg(HOST, "20:20", "Q3: Three?", id="q3"),
    ]
    for order in (chain + questions, list(reversed(chain)) + questions):
        recap = thread_chat(order, [HOST])
        assert answers_of(recap, 2) == ["c replies to b", "b replies to a", "a replies to Q2"]
        assert answers_of(recap, 3) == []


def test_a_long_reply_chain_needs_no_recursion():
    chat = [msg(HOST, "20:00", "Q1: One?", id="q1"), msg(HOST, "20:01", "Q2: Two?", id="q2")]
    start = at("20:02")
    for i in range(5000):  # replies stamped in reverse: the first one resolved is the deepest
        parent = "q1" if i == 0 else f"m{i - 1}"
        chat.append(
            Message("Ann", "ann", start + timedelta(seconds=5000 - i), f"reply {i}", id=f"m{i}", reply_to=parent)
        )
    recap = thread_chat(chat, [HOST])
    assert len(recap.threads[0].answers) == 5000
    assert recap.threads[1].answers == []


def test_reply_cycle_terminates_with_the_latest_question():
    chat = [
        msg(HOST, "20:00", "Q1: One?", id="q1"),
        msg("ann", "20:05", "to b", id="a", reply_to="b"),
        msg("bob", "20:06", "to a", id="b", reply_to="a"),
        msg("cat", "20:07", "to myself", id="c", reply_to="c"),
    ]
    recap = thread_chat(chat, [HOST])
    assert answers_of(recap, 1) == ["to b", "to a", "to myself"]


def test_reply_to_host_chatter_falls_back_to_latest_question():
    chat = [
        msg(HOST, "20:00", "Q1: One?", id="q1"),
        msg(HOST, "20:05", "Great answers so far!", id="h"),
        msg("ann", "20:06", "Thanks!", reply_to="h"),
    ]
    recap = thread_chat(chat, [HOST])
    assert texts(recap.open_conversation) == ["Great answers so far!"]
    assert answers_of(recap, 1) == ["Thanks!"]


def test_slack_thread_keys():
    chat = [
        msg(HOST, "20:00", "Q1: One?", id="1714680000.000100", thread="1714680000.000100"),
        msg(HOST, "20:10", "Q2: Two?", id="1714680600.000200"),
        msg("ann", "20:12", "in Q1's thread", id="1714680720.1", thread="1714680000.000100"),
        msg("bob", "20:13", "in Q2's thread", id="1714680780.1", thread="1714680600.000200"),
        msg("cat", "20:14", "A2: prefix", id="1714680840.1", thread="1714680840.1"),
        msg("dan", "20:15", "in the thread of cat's answer", thread="1714680840.1"),
        msg("eve", "20:16", "in the thread of ann's answer", thread="1714680720.1"),
    ]
    recap = thread_chat(chat, [HOST])
    assert answers_of(recap, 1) == ["in Q1's thread", "in the thread of ann's answer"]
    assert answers_of(recap, 2) == ["in Q2's thread", "A2: prefix", "in the thread of cat's answer"]


def test_prefix_beats_reply_link():
    chat = [
        msg(HOST, "20:00", "Q1: One?", id="q1"),
        msg(HOST, "20:10", "Q2: Two?", id="q2"),
        msg("ann", "20:11", "A1: answering Q1 under Q2's tweet", reply_to="q2"),
    ]
    recap = thread_chat(chat, [HOST])
    assert answers_of(recap, 1) == ["A1: answering Q1 under Q2's tweet"]


def test_retweets_and_duplicates_are_folded():
    chat = [
        msg(HOST, "20:00", "Q1: One?"),
        msg("ann", "20:01", "A1: community  is\npeople", id="first"),
        msg("ANN", "20:02", "A1: community is people", id="again"),  # same person, same words
        msg("bob", "20:02", "A1: community is people"),  # someone else: kept
        msg("bob", "20:03", "RT @ann: A1: community is people"),
        msg("cat", "20:04", "A1: great thread", is_retweet=True),
        msg(HOST, "20:04", "Q2: Two?"),
        msg("dan", "20:05", "+1", reply_to="again"),  # reply to the dropped copy: Q1, not Q2
    ]
    recap = thread_chat(chat, [HOST])
    assert [(m.handle, m.text) for m in recap.messages] == [
        (HOST, "Q1: One?"),
        ("ann", "A1: community  is\npeople"),
        ("bob", "A1: community is people"),
        (HOST, "Q2: Two?"),
        ("dan", "+1"),
    ]
    assert answers_of(recap, 1) == ["A1: community  is\npeople", "A1: community is people", "+1"]


def test_open_conversation():
    chat = [
        msg(HOST, "19:58", "Welcome to #cmgrchat! Introduce yourselves"),
        msg("ann", "19:59", "Hi, Ann from Lyon"),
        msg(HOST, "20:00", "Q1: One?"),
        msg(HOST, "20:05", "Q2 is coming in a minute"),
        msg("bob", "20:06", "A9: there is no Q9"),
        msg(HOST, "20:07", "A1: the host's own answer"),
        msg("cat", "20:08", "An answer"),
    ]
    recap = thread_chat(chat, [HOST])
    assert texts(recap.open_conversation) == [
        "Welcome to #cmgrchat! Introduce yourselves",
        "Hi, Ann from Lyon",
        "Q2 is coming in a minute",
        "A9: there is no Q9",
        "A1: the host's own answer",
    ]
    assert answers_of(recap, 1) == ["An answer"]


def test_repeated_question_number_keeps_the_first():
    chat = [
        msg(HOST, "20:00", "Q1: What is community?"),
        msg("ann", "20:01", "People"),
        msg(HOST, "20:02", "Q1: (typo fixed) What is a community?"),
        msg("bob", "20:03", "Belonging"),
    ]
    recap = thread_chat(chat, [HOST])
    assert numbers(recap) == [1]
    assert recap.threads[0].question.text == "Q1: What is community?"
    assert answers_of(recap, 1) == ["People", "Belonging"]
    assert texts(recap.open_conversation) == ["Q1: (typo fixed) What is a community?"]


def test_threads_by_number_and_hosts_normalised():
    chat = [
        msg("Guest", "20:00", "Q2: asked first by the guest host"),
        msg(HOST, "20:05", "Q1: asked second"),
    ]
    recap = thread_chat(chat, ["@CMGRchat", "guest", "@GUEST"])
    assert recap.hosts == ("cmgrchat", "guest")
    assert numbers(recap) == [1, 2]


def test_no_hosts_means_no_questions():
    recap = thread_chat([msg(HOST, "20:00", "Q1: One?")], [])
    assert recap.threads == [] and recap.hosts == ()
    assert len(recap.open_conversation) == 1


# --------------------------------------------------------------------------- stats


def small_chat():
    return thread_chat(
        [
            msg(HOST, "20:00", "Welcome to #cmgrchat! Intros please", author="CMGR Chat"),
            msg("alice", "20:01", "Hi! Alice from #Denver #cmgrchat", author="alice Smith"),
            msg(HOST, "20:02", "Q1: What is community? #cmgrchat", author="CMGR Chat"),
            msg("bob", "20:03", "A1: people https://example.com/a. #cmgrchat", author="Bob Jones"),
            msg("alice", "20:03:30", "A1: belonging (see https://example.com/a) #CMGRchat", author="alice Smith"),
            msg(HOST, "20:05", "Q2: Tools? #cmgrchat", author="CMGR Chat"),
            msg("bob", "20:06", "A2: Discourse https://discourse.org #tools", author="Bob Jones"),
            msg("Bob", "20:06:10", "A2:  Discourse https://discourse.org  #tools", author="Bob Jones"),
            msg("bob", "20:06:20", "RT @alice: A1: belonging", author="Bob Jones"),
            msg("carol", "20:07:59", "Slack and https://example.com/b!", author="Carol"),
        ],
        [HOST],
    )


def test_stats_of_a_small_chat():
    stats = compute(small_chat())
    assert stats.messages == 8
    assert stats.participants == 4
    assert stats.questions == 2
    assert stats.answers == 4
    assert stats.started == at("20:00")
    assert stats.ended == at("20:07:59")
    assert stats.duration == timedelta(minutes=7, seconds=59)
    assert list(stats.answers_per_question) == [(1, 2), (2, 2)]
    assert list(stats.top_contributors) == [
        ("cmgrchat", "CMGR Chat", 3),
        ("alice", "alice Smith", 2),
        ("bob", "Bob Jones", 2),
        ("carol", "Carol", 1),
    ]
    assert list(stats.links) == [
        ("https://example.com/a", 2),
        ("https://discourse.org", 1),
        ("https://example.com/b", 1),
    ]
    assert list(stats.hashtags) == [("cmgrchat", 6), ("denver", 1), ("tools", 1)]
    assert stats.activity.title == "Messages per minute"
    assert [count for _, count in stats.activity.bars] == [1, 1, 1, 2, 0, 1, 1, 1]
    assert stats.activity.labels() == [f"20:0{i}" for i in range(8)]
    assert list(stats.participants_list) == [
        ("alice", "alice Smith", 2),
        ("bob", "Bob Jones", 2),
        ("carol", "Carol", 1),
        ("cmgrchat", "CMGR Chat", 3),
    ]
    assert compute(small_chat()) == stats  # deterministic


def top_chat():
    chat = [msg(HOST, "20:00", "Q1: One?")]
    for i, handle in enumerate(["fay", "eve", "dan", "cat", "bob", "ann"]):
        for _ in range(i % 2 + 1):
            chat.append(msg(handle, f"20:{i + 1:02d}", f"https://{handle}.example/ from {handle} #{handle}x {_}"))
    return thread_chat(chat, [HOST])


def test_stats_top_five_only():
    stats = compute(top_chat())
    # ann, eve, cat: 2 messages; then bob, cmgrchat, dan, fay: 1, by handle.
    assert [h for h, _, _ in stats.top_contributors] == ["ann", "cat", "eve", "bob", "cmgrchat"]
    assert [url for url, _ in stats.links] == [
        "https://ann.example/", "https://cat.example/", "https://eve.example/",
        "https://bob.example/", "https://dan.example/",
    ]
    assert [tag for tag, _ in stats.hashtags] == ["annx", "catx", "evex", "bobx", "danx"]


def test_stats_top_three_when_told():
    stats = compute(top_chat(), top=3)
    assert [h for h, _, _ in stats.top_contributors] == ["ann", "cat", "eve"]
    assert [url for url, _ in stats.links] == ["https://ann.example/", "https://cat.example/", "https://eve.example/"]
    assert [tag for tag, _ in stats.hashtags] == ["annx", "catx", "evex"]
    assert stats.participants == 7 and len(stats.participants_list) == 7  # the full list is not cut


def configured(values):
    """(settings, problems): `values` with the recap settings filled in and checked."""
    import logging

    from chat_recaps.settings import SETTINGS
    from kbutil.config import configure

    problems = configure(values, SETTINGS, logging.getLogger("test"))
    return values, problems


@pytest.mark.parametrize("top", [0, -1, 2.5, "5", True, None])
def test_recaps_top_must_be_a_positive_whole_number(top):
    settings, [problem] = configured({"RECAPS_TOP": top})
    assert problem == f"setting RECAPS_TOP={top!r}: must be a whole number of at least 1 (default 5)"
    assert settings["RECAPS_TOP"] == 5


def test_recaps_top_default_and_a_good_value():
    assert configured({}) == ({**configured({})[0], "RECAPS_TOP": 5}, [])
    assert configured({"RECAPS_TOP": 3})[0]["RECAPS_TOP"] == 3


@pytest.mark.parametrize("opt_out", [{"ann": "hide"}, ["ann"], {"ann": True}])
def test_recaps_opt_out_choices_are_checked(opt_out):
    settings, [problem] = configured({"RECAPS_OPT_OUT": opt_out})
    assert problem.startswith("setting RECAPS_OPT_OUT=") and settings["RECAPS_OPT_OUT"] == {}


def test_stats_of_an_empty_chat():
    stats = compute(thread_chat([], [HOST]))
    assert (stats.messages, stats.participants, stats.questions, stats.answers) == (0, 0, 0, 0)
    assert stats.started is None and stats.ended is None
    assert stats.duration == timedelta(0)
    assert stats.activity.bars == () and list(stats.links) == []


@pytest.mark.parametrize(
    "text, links",
    [
        ("see https://example.com/x.", ["https://example.com/x"]),
        ("(https://example.com/x)", ["https://example.com/x"]),
        ("https://en.wikipedia.org/wiki/Foo_(bar), yes", ["https://en.wikipedia.org/wiki/Foo_(bar)"]),
        ("[http://a.example/b]!?;:", ["http://a.example/b"]),
        ("two: https://a.example/?q=1&r=2 and http://b.example/#top", ["https://a.example/?q=1&r=2", "http://b.example/#top"]),
        ("ftp://a.example javascript:alert(1) www.example.com https://", []),
    ],
)
def test_extract_links(text, links):
    assert extract_links(text) == links


def test_extract_hashtags_and_mentions():
    text = "#CMgrChat #1 C# &#39; #2024goals https://x.example/#frag https://medium.com/@writer @Ann_1 jane@example.com"
    assert extract_hashtags(text) == ["CMgrChat", "2024goals"]
    assert extract_mentions(text) == ["Ann_1"]
    assert extract_mentions("@" + "a" * 30 + " @" + "b" * 31) == ["a" * 30]
    assert extract_mentions("(@ann), @bob: hi") == ["ann", "bob"]


# --------------------------------------------------------------------------- charts


def parse_svg(svg):
    root = ET.fromstring(svg)
    assert root.tag == SVG + "svg"
    return root


PER_QUESTION = ([1, 3, 0], ["Q1", "Q2", "Q3"], "Answers per question", "How many answers.")


def test_bar_chart_structure():
    svg = bar_chart(*PER_QUESTION, id_prefix="per-question")
    root = parse_svg(svg)
    assert root.get("role") == "img"
    assert root.get("class") == "chart"
    assert root.get("aria-labelledby") == "per-question-title per-question-desc"
    assert root.get("viewBox") == "0 0 640 200"
    assert root.find(SVG + "title").get("id") == "per-question-title"
    assert root.find(SVG + "title").text == "Answers per question"
    assert root.find(SVG + "desc").get("id") == "per-question-desc"
    rects = root.findall(SVG + "rect")
    assert len(rects) == 3
    assert [r.find(SVG + "title").text for r in rects] == ["Q1: 1", "Q2: 3", "Q3: 0"]
    assert all(r.get("class") == "bar" for r in rects)
    heights = [float(r.get("height")) for r in rects]
    assert heights[1] == pytest.approx(3 * heights[0], abs=0.02) and heights[2] == 0
    assert root.findall(f"{SVG}line[@class='axis']")
    assert [t.text for t in root.findall(f"{SVG}text[@class='tick']")] == ["0", "1", "2", "3"]
    for forbidden in ("<script", "style=", "fill=", "href", "NaN", "inf"):
        assert forbidden not in svg
    assert svg == bar_chart(*PER_QUESTION, id_prefix="per-question")


def test_bar_chart_escapes_text():
    svg = bar_chart([2], ['<script>alert("x")</script> & co'], 'Title <b>"', "Desc & <i>", id_prefix='x"><script>')
    root = parse_svg(svg)
    assert "<script" not in svg and "<b>" not in svg and "<i>" not in svg
    assert root.find(SVG + "rect").find(SVG + "title").text == '<script>alert("x")</script> & co: 2'
    assert root.find(SVG + "title").text == 'Title <b>"'
    assert root.find(SVG + "desc").text == "Desc & <i>"
    ids = root.get("aria-labelledby").split()
    assert ids == [root.find(SVG + "title").get("id"), root.find(SVG + "desc").get("id")]
    assert all(set(i) <= set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_") for i in ids)


def test_bar_chart_empty_and_all_zero():
    root = parse_svg(bar_chart([], [], "Nothing", "No messages."))
    assert root.findall(SVG + "rect") == []
    assert root.find(SVG + "title").text == "Nothing"
    assert root.find(f"{SVG}text[@class='empty']").text == "No data"

    svg = bar_chart([0, 0, 0], ["0", "1", "2"], "Quiet", "All zero.")
    rects = parse_svg(svg).findall(SVG + "rect")
    assert len(rects) == 3 and {r.get("height") for r in rects} == {"0"}
    assert "nan" not in svg.lower() and "inf" not in svg.lower()


def test_bar_chart_many_minutes_thins_labels():
    values = [i % 7 for i in range(120)]
    root = parse_svg(bar_chart(values, [str(i) for i in range(120)], "Per minute", "d", width=1200))
    assert len(root.findall(SVG + "rect")) == 120
    labels = root.findall(f"{SVG}text[@class='label']")
    assert 1 < len(labels) < 120 and labels[0].text == "0"


def test_bar_chart_mismatched_lengths():
    with pytest.raises(ValueError):
        bar_chart([1, 2], ["one"], "t", "d")


def test_chart_table():
    table = chart_table([3, 0], ["Q1", "<b>Q2</b>"], "Answers & questions")
    root = ET.fromstring(table)
    assert root.tag == "table"
    assert root.find("caption").text == "Answers & questions"
    rows = root.findall("tbody/tr")
    assert [(r.find("th").text, r.find("td").text) for r in rows] == [("Q1", "3"), ("<b>Q2</b>", "0")]
    assert "<b>" not in table
    empty = ET.fromstring(chart_table([], [], "Nothing"))
    assert len(empty.findall("tbody/tr")) == 1


# --------------------------------------------------------------------------- text


class Links(HTMLParser):
    """Every start tag with its attributes, to check nothing escaped an attribute."""

    def __init__(self, html):
        super().__init__()
        self.tags = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def no_links(_):
    return None


def people(handle):
    return f"/people/{handle.lower()}/" if handle.lower() in ("ann", "bob") else None


def tags(tag):
    return f"/tag/{tag.lower()}.html" if tag.lower() == "cmgrchat" else None


def render(text):
    return render_text(text, people, tags)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;"),
        ("javascript:alert(1)", "javascript:alert(1)"),
        ("JaVaScRiPt:alert(1) data:text/html,<b>x</b> vbscript:msgbox",
         "JaVaScRiPt:alert(1) data:text/html,&lt;b&gt;x&lt;/b&gt; vbscript:msgbox"),
        ("Tom & \"Jerry\" 'x'", "Tom &amp; &quot;Jerry&quot; &#x27;x&#x27;"),
        ("one\ntwo\r\nthree\rfour", "one<br>two<br>three<br>four"),
    ],
)
def test_text_is_escaped(text, expected):
    assert render(text) == expected
    assert Links(render(text)).tags == [("br", {})] * render(text).count("<br>")


def test_url_becomes_a_link():
    html = render("See https://example.com/a?b=1&c=2.")
    assert html == (
        'See <a href="https://example.com/a?b=1&amp;c=2" rel="nofollow ugc noopener">'
        "https://example.com/a?b=1&amp;c=2</a>."
    )


@pytest.mark.parametrize(
    "text, url, after",
    [
        ("(see https://example.com/x)", "https://example.com/x", ")"),
        ("https://en.wikipedia.org/wiki/Foo_(bar)", "https://en.wikipedia.org/wiki/Foo_(bar)", ""),
        ("https://en.wikipedia.org/wiki/Foo_(bar)).", "https://en.wikipedia.org/wiki/Foo_(bar)", ")."),
        ("https://example.com/x,", "https://example.com/x", ","),
        ("https://example.com/x;", "https://example.com/x", ";"),
        ("https://example.com/x:", "https://example.com/x", ":"),
        ("https://example.com/x!?", "https://example.com/x", "!?"),
        ("[https://example.com/x]", "https://example.com/x", "]"),
        ("HTTP://EXAMPLE.COM/X", "HTTP://EXAMPLE.COM/X", ""),
    ],
)
def test_url_end_punctuation(text, url, after):
    html = render(text)
    assert Links(html).tags == [("a", {"href": url, "rel": "nofollow ugc noopener"})]
    assert html.endswith(f"{url}</a>{after}")


@pytest.mark.parametrize(
    "text, href",
    [
        ('https://x.example/a"onmouseover="alert(1)', "https://x.example/a"),
        ("https://x.example/a'onmouseover='alert(1)", "https://x.example/a'onmouseover='alert(1)"),
        ("https://x.example/<script>alert(1)</script>", "https://x.example/"),
        ("https://x.example/a>b", "https://x.example/a"),
    ],
)
def test_url_cannot_break_out_of_its_attribute(text, href):
    html = render(text)
    assert "<script" not in html
    assert Links(html).tags == [("a", {"href": href, "rel": "nofollow ugc noopener"})]


def test_only_http_urls_are_linked():
    for text in ("javascript:alert(1)", "data:text/html;base64,PHNjcmlwdD4=", "ftp://x.example", "https://"):
        assert "<a" not in render(text)


def test_mentions():
    html = render("@ann and @Bob, meet @zoe (mail jane@example.com)")
    assert html == (
        '<a href="/people/ann/" class="mention">@ann</a> and '
        '<a href="/people/bob/" class="mention">@Bob</a>, meet @zoe (mail jane@example.com)'
    )


def test_hashtags():
    html = render("#cmgrchat #CMGRchat #other #1 C#")
    assert html == (
        '<a href="/tag/cmgrchat.html" class="hashtag">#cmgrchat</a> '
        '<a href="/tag/cmgrchat.html" class="hashtag">#CMGRchat</a> #other #1 C#'
    )


def test_mentions_and_hashtags_inside_urls_are_not_linked_separately():
    asked = []

    def record(value):
        asked.append(value)
        return "/x/"

    html = render_text("https://medium.com/@ann/post#cmgrchat", record, record)
    assert asked == []
    link = {"href": "https://medium.com/@ann/post#cmgrchat", "rel": "nofollow ugc noopener"}
    assert Links(html).tags == [("a", link)]


def test_unsafe_callback_urls_are_not_used():
    html = render_text(
        "@ann #cmgrchat @bob",
        lambda h: "javascript:alert(1)" if h == "ann" else '/p/"onclick="x',
        lambda t: "java\tscript:alert(1)",
    )
    assert "javascript" not in html and "java\tscript" not in html
    assert Links(html).tags == [("a", {"href": '/p/"onclick="x', "class": "mention"})]
    assert html.startswith("@ann #cmgrchat ")


def test_plain_text_without_callbacks():
    assert render_text("@ann #cmgrchat", no_links, no_links) == "@ann #cmgrchat"


@pytest.mark.parametrize("length, said", [
    (timedelta(0), "0 minutes"), (timedelta(minutes=1, seconds=59), "1 minute"), (timedelta(minutes=60), "60 minutes"),
    (timedelta(minutes=119), "119 minutes"), (timedelta(hours=2), "2 hours"),
    (timedelta(hours=47, minutes=59), "47 hours"),
    (timedelta(days=63, hours=1), "63 days"), (timedelta(days=3652), "3,652 days"),
])
def test_a_chat_length_is_said_in_minutes_hours_or_days(length, said):
    from types import SimpleNamespace

    from chat_recaps.view import RecapView

    view = RecapView(SimpleNamespace(messages=[]), SimpleNamespace(duration=length), UTC, [], 5)
    assert view.duration() == said
