"""The Mastodon statuses parser: the sample chat as a hashtag timeline and a context, each rule, bad input.

The fixtures in tests/fixtures/recaps/mastodon/ are written by make_mastodon.py
from the sample recap, so timeline.json holds the same chat as the transcript.
"""

import json
import sys
from dataclasses import astuple
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chat_recaps import stats
from chat_recaps.model import Message, ReadOptions
from chat_recaps.parsers import mastodon, transcript
from chat_recaps.threading import thread_chat
from kbutil.diagnostics import SourceError, display_path

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "recaps"
FOLDER = FIXTURES / "mastodon"
TIMELINE = FOLDER / "timeline.json"
CONTEXT = FOLDER / "context.json"
SAMPLE = ROOT / "tests" / "fixtures" / "site" / "content" / "recaps" / "cmgrchat-klout-2011-10-27.recap"
NEW_YORK = ZoneInfo("America/New_York")
UTC = UTC
HOSTS = ("cmgrchat_host",)
NO_OPTIONS = ReadOptions()
CHAT_START = datetime(2011, 10, 28, 0, 0, tzinfo=UTC)  # 8:00 PM in New York
SERVER = "https://chat.example"


def read_recap(path):
    """The transcript Messages of a .recap file (header handled as the reader does)."""
    lines = Path(path).read_text(encoding="utf-8").split("\n")
    blank = lines.index("")
    header = dict(line.split(": ", 1) for line in lines[:blank])
    day = date.fromisoformat(header["Date"].split()[0])
    return transcript.parse_lines(path, lines[blank + 1 :], blank + 2, day, ZoneInfo(header["Timezone"]))


def summary(messages, hosts=HOSTS):
    """What a recap page shows of a chat: questions, their answers' texts, and the numbers."""
    recap = thread_chat(messages, hosts=hosts)
    numbers = stats.compute(recap)
    threads = [(t.question.text, [a.text for a in t.answers]) for t in recap.threads]
    return threads, (numbers.messages, numbers.participants, numbers.questions, numbers.answers)


def parse(path, tz=NEW_YORK):
    return mastodon.parse(path, tz, NO_OPTIONS)


def raised(call, *args):
    with pytest.raises(SourceError) as caught:
        call(*args)
    return caught.value


def where(path, line=None):
    return f"{display_path(path)}:{line}: " if line else f"{display_path(path)}: "


ACCOUNT = {"id": "106000000000015838", "username": "jen", "acct": "jen", "display_name": "Jen Alvarez",
           "url": f"{SERVER}/@jen", "avatar": f"{SERVER}/avatars/jen.png", "note": "<p>Woodworking forum lead</p>"}


def status(**fields):
    """A public status by jen, changed by `fields` (a value of ... removes the field)."""
    base = {"id": "1001", "created_at": "2011-10-28T00:06:00.000Z", "in_reply_to_id": None, "visibility": "public",
            "spoiler_text": "", "content": "<p>A1: hello</p>", "account": ACCOUNT, "media_attachments": [],
            "mentions": [], "reblog": None}
    base.update(fields)
    return {k: v for k, v in base.items() if v is not ...}


def write(tmp_path, *values, name="statuses.json"):
    """Write the JSON values one after another (a str as it is); return the path."""
    path = tmp_path / name
    path.write_text("\n".join(v if isinstance(v, str) else json.dumps(v) for v in values) + "\n", encoding="utf-8")
    return path


def one(tmp_path, **fields):
    """The one Message of a timeline holding one status."""
    [message] = parse(write(tmp_path, [status(**fields)]))
    return message


def text_of(tmp_path, content, **fields):
    return one(tmp_path, content=content, **fields).text


@pytest.fixture(scope="module")
def messages():
    return parse(TIMELINE)


@pytest.fixture(scope="module")
def sample():
    return read_recap(SAMPLE)


# -- the sample chat ------------------------------------------------------------------------


def test_the_timeline_shows_the_same_questions_answers_and_numbers_as_the_transcript(messages, sample):
    """Threaded with the host's acct, the hashtag timeline gives the transcript's recap."""
    assert summary(messages) == summary(sample)
    threads, numbers = summary(messages)
    assert numbers == (77, 13, 4, 58) and len(threads) == 4


def test_sample_messages(messages, sample):
    """Every public status, oldest first, by acct and display name; the boost is the RT."""
    assert len(messages) == 79
    assert [m.time for m in messages] == [m.time for m in sample]
    assert [m.handle for m in messages] == [m.handle for m in sample]
    assert messages[0].author == "CMGR Chat Host" and messages[0].time == CHAT_START
    assert messages[0].time.tzinfo == NEW_YORK and messages[0].where == "record 80"  # newest first: the last
    for got, want in zip(messages, sample):
        assert got.text == (want.text.split(": ", 1)[1] if want.is_retweet else want.text)
        assert got.is_retweet == want.is_retweet


def test_the_boost_is_the_hosts_retweet_of_mos_answer(messages):
    [boost] = [m for m in messages if m.is_retweet]
    assert (boost.handle, boost.author) == ("cmgrchat_host", "CMGR Chat Host")
    assert boost.text.startswith("A1: Down 9.") and boost.time == datetime(2011, 10, 27, 20, 7, tzinfo=NEW_YORK)


def test_the_followers_only_status_is_not_read(messages):
    assert not any("Not for the recap" in m.text or "report page" in m.text for m in messages)
    assert "Not for the recap" in TIMELINE.read_text(encoding="utf-8")


def test_replies(messages):
    """A-answers reply to their question, '@handle' answers to that person's status."""
    by_id = {m.id: m for m in messages}
    carla = next(m for m in messages if m.text.startswith("@newbie_nate Not at all"))
    assert by_id[carla.reply_to].text.startswith("A1: I had to look up my score")
    late = next(m for m in messages if m.text.startswith("A1: (late, sorry!)"))
    assert by_id[late.reply_to].text.startswith("Q1: ")


def test_nothing_of_the_accounts_but_their_names_is_kept(messages):
    """Account ids, avatars, profile pages and notes never reach a message; no HTML either."""
    text = json.dumps([[str(v) for v in astuple(m)] for m in messages])
    for private in ("106000000000", "avatars", "chat.example", "Opinions my own", "<p>", "<span", "&lt;", "&#39;"):
        assert private not in text
    assert any("<script>alert(1)</script>" in m.text for m in messages)


def test_a_context_gives_the_replies_to_the_question(sample):
    """context.json: the statuses below Q3 (the question itself is not in a context)."""
    replies = parse(CONTEXT)
    assert len(replies) == 12 and all(m.reply_to for m in replies)
    assert sum(m.text.startswith("A3:") for m in replies) == 10
    assert {m.text for m in replies} <= {m.text for m in sample}


def test_the_status_and_its_context_in_one_file(tmp_path, messages):
    """The question saved before its context: Q3 with its answers; the host's reply is open conversation."""
    timeline = json.loads(TIMELINE.read_text(encoding="utf-8"))
    question = next(s for s in timeline if s["content"].startswith("<p>Q3."))
    path = tmp_path / "thread.json"
    path.write_text(json.dumps(question, indent=2) + "\n" + CONTEXT.read_text(encoding="utf-8"), encoding="utf-8")
    recap = thread_chat(parse(path), hosts=HOSTS)
    [thread] = recap.threads
    assert thread.number == 3 and len(thread.answers) == 11
    assert [m.text[:12] for m in recap.open_conversation] == ["@newbie_nate"]


# -- field rules ----------------------------------------------------------------------------


def test_handle_name_and_time(tmp_path):
    m = one(tmp_path)
    assert (m.handle, m.author, m.id, m.where, m.text) == ("jen", "Jen Alvarez", "1001", "record 1", "A1: hello")
    assert m.time == datetime(2011, 10, 27, 20, 6, tzinfo=NEW_YORK)


@pytest.mark.parametrize(
    "account, handle, author",
    [
        ({"acct": "jen@woodworking.example", "username": "jen", "display_name": "Jen A."},
         "jen@woodworking.example", "Jen A."),
        ({"acct": "jen", "username": "jen", "display_name": ""}, "jen", "jen"),
        ({"acct": "@jen", "username": "jenny", "display_name": "  "}, "jen", "jenny"),
        ({"username": "jen"}, "jen", "jen"),
    ],
)
def test_handle_is_acct_and_author_the_display_name(tmp_path, account, handle, author):
    m = one(tmp_path, account=account)
    assert (m.handle, m.author) == (handle, author)


@pytest.mark.parametrize(
    "content, text",
    [
        ("<p>A1: one</p><p>two<br />three<br>four</p>", "A1: one\n\ntwo\nthree\nfour"),
        ("<p>a  b\n c</p>\n<p>d</p>", "a b c\n\nd"),
        ("<p>&lt;script&gt;alert(1)&lt;/script&gt; Q&amp;A don&#39;t &quot;x&quot; &nbsp;ok</p>",
         "<script>alert(1)</script> Q&A don't \"x\" \xa0ok"),
        ('<p><a href="https://chat.example/tags/cmgrchat" class="mention hashtag" rel="tag">#<span>cmgrchat</span></a>'
         " and #plain</p>", "#cmgrchat and #plain"),
        ('<p><a href="https://chat.example/tags/Klout" rel="tag">#<span>Klout</span></a></p>', "#Klout"),
        ("<p>plain text, no tags</p>", "plain text, no tags"),
        ("no paragraph at all", "no paragraph at all"),
        ("<ul><li>one</li> <li>two</li></ul><blockquote><p>quoted</p></blockquote>after",
         "one\ntwo\n\nquoted\n\nafter"),
        ("<p>x<script>alert(1)</script><style>p{}</style>y<!-- note -->z</p>", "xyz"),
        ('<p>A1: <img src="https://chat.example/emoji.png" alt=":blob:"> <b>bold</b> <del>gone</del></p>',
         "A1: bold gone"),
        ("<p>ctrl\x01char \ud800 lone</p>", "ctrl char \ufffd lone"),
        ("<!DOCTYPE html><html><head><title>t</title></head><body><p>x</p></body></html>", "x"),
        ("<?xml version='1.0' encoding='utf-8'?><p>y</p>", "y"),
        ("<!DOCTYPE html>", ...),
    ],
)
def test_content_html_becomes_plain_text(tmp_path, content, text):
    if text is ...:  # nothing to read: the status is skipped
        assert parse(write(tmp_path, [status(content=content)])) == []
    else:
        assert text_of(tmp_path, content) == text


MENTIONS = [{"id": "7", "username": "nate", "url": "https://other.example/@nate", "acct": "nate@other.example"},
            {"id": "8", "username": "mo", "url": f"{SERVER}/@mo", "acct": "mo"}]


@pytest.mark.parametrize(
    "link, text",
    [
        ('<span class="h-card"><a href="https://other.example/@nate" class="u-url mention">'
         '@<span>nate</span></a></span>',
         "@nate@other.example"),
        (f'<a href="{SERVER}/@mo" class="u-url mention">@<span>mo</span></a>', "@mo"),
        ('<a href="https://third.example/users/nate" class="u-url mention">@nate</a>', "@nate@other.example"),
        ('<a href="https://third.example/@zed" class="mention">@<span>zed</span></a>', "@zed"),
        ('<a href="https://example.com/devrel/finding-advocates" rel="nofollow noopener noreferrer" target="_blank">'
         '<span class="invisible">https://</span><span class="ellipsis">example.com/devrel/finding-adv</span>'
         '<span class="invisible">ocates</span></a>', "https://example.com/devrel/finding-advocates"),
        ('<a href="https://www.example.com/a"><span class="invisible">https://www.</span><span class="">example.com/a'
         '</span><span class="invisible"></span></a>', "https://www.example.com/a"),
        ('<a href="https://example.com/a/long/path/to/a/page">example.com/a/long/path…</a>',
         "https://example.com/a/long/path/to/a/page"),
        ('<a href="https://example.com/">example.com</a>', "https://example.com/"),
        ('<a href="https://example.com/post">my blog post</a>', "my blog post (https://example.com/post)"),
        ('<a href="https://example.com/other">example.com/somewhere…</a>',
         "example.com/somewhere… (https://example.com/other)"),
        ('<a href="javascript:alert(1)">click me</a>', "click me"),
        ('<a href="mailto:jen@example.com">write to me</a>', "write to me"),
        ('<a href="https://example.com/x"></a>', "https://example.com/x"),
    ],
)
def test_links_become_their_text_or_address(tmp_path, link, text):
    assert text_of(tmp_path, f"<p>A1: see {link} now</p>", mentions=MENTIONS) == f"A1: see {text} now"


def test_a_content_warning_comes_first(tmp_path):
    assert text_of(tmp_path, "<p>A1: spoilers</p>", spoiler_text=" Klout  scores ") == "CW: Klout scores\nA1: spoilers"
    assert text_of(tmp_path, "", spoiler_text="only a warning") == "CW: only a warning"


def test_media_are_noted_never_linked(tmp_path):
    media = [
        {"id": "1", "type": "image", "url": f"{SERVER}/media/1.png", "preview_url": f"{SERVER}/media/1s.png",
         "description": "A chart of\nscores"},
        {"id": "2", "type": "video", "url": f"{SERVER}/media/2.mp4", "description": None},
        {"id": "3", "type": "gifv", "url": f"{SERVER}/media/3.mp4", "description": ""},
        {"id": "4", "type": "audio", "description": "A podcast clip"},
        {"id": "5", "type": "unknown", "remote_url": "https://other.example/5.bin"},
    ]
    assert text_of(tmp_path, "<p>A1: look</p>", media_attachments=media) == (
        "A1: look\n[image: A chart of scores]\n[video]\n[GIF]\n[audio: A podcast clip]\n[attachment]"
    )
    assert text_of(tmp_path, "", media_attachments=media[:1]) == "[image: A chart of scores]"


def test_a_boost_is_the_boosted_text_marked_as_a_retweet(tmp_path):
    boosted = status(id="900", account={"acct": "mo", "display_name": "Mo Haddad"}, content="<p>A1: Down 9</p>",
                     created_at="2011-10-28T00:06:00.000Z", in_reply_to_id="800")
    m = one(tmp_path, id="1002", content="", reblog=boosted, created_at="2011-10-28T00:07:00.000Z")
    assert (m.handle, m.text, m.is_retweet, m.id, m.reply_to) == ("jen", "A1: Down 9", True, "1002", "")
    assert m.time == datetime(2011, 10, 27, 20, 7, tzinfo=NEW_YORK)


def test_rt_text_is_a_retweet(tmp_path):
    assert one(tmp_path, content="<p>RT @mo: A1: Down 9</p>").is_retweet


@pytest.mark.parametrize(
    "visibility, kept",
    [("public", True), ("unlisted", True), (..., True), (None, True),
     ("private", False), ("direct", False), ("limited", False), ("local", False)],
)
def test_only_public_and_unlisted_statuses_are_kept(tmp_path, visibility, kept):
    assert len(parse(write(tmp_path, [status(visibility=visibility)]))) == int(kept)


def test_a_skipped_status_is_not_read_further(tmp_path):
    """A private status is never read: even its broken fields do not matter."""
    path = write(tmp_path, [status(visibility="direct", created_at="never", account=[], content=5)])
    assert parse(path) == []


def test_a_boost_of_a_private_status_is_skipped(tmp_path):
    assert parse(write(tmp_path, [status(reblog=status(id="9", visibility="private"))])) == []


def test_statuses_without_text_are_skipped(tmp_path):
    assert parse(write(tmp_path, [status(content="<p> </p>"), status(id="2", content=...)])) == []


def test_in_reply_to_id(tmp_path):
    assert one(tmp_path, in_reply_to_id="107000000000000001").reply_to == "107000000000000001"
    assert one(tmp_path, in_reply_to_id=42).reply_to == "42"


def test_pages_as_a_list_of_lists_and_one_after_another(tmp_path):
    """Pages newest first, the same status in two pages once, messages oldest first."""
    first = [status(id="30", created_at="2011-10-28T00:08:00Z"), status(id="20", created_at="2011-10-28T00:07:00Z")]
    second = [status(id="20", content="<p>A1: again</p>"), status(id="10", content="<p>Q1: go</p>")]
    expected = [("10", "Q1: go"), ("20", "A1: hello"), ("30", "A1: hello")]
    assert [(m.id, m.text) for m in parse(write(tmp_path, [first, second]))] == expected
    assert [(m.id, m.text) for m in parse(write(tmp_path, first, second))] == expected
    path = write(tmp_path, first, {"ancestors": second[1:], "descendants": second[:1]})
    assert [(m.id, m.text) for m in parse(path)] == expected


def test_same_time_statuses_come_in_id_order(tmp_path):
    path = write(tmp_path, [status(id="10", content="<p>b</p>"), status(id="9", content="<p>a</p>")])
    assert [m.text for m in parse(path)] == ["a", "b"]


def test_empty_timeline_and_context(tmp_path):
    assert parse(write(tmp_path, [])) == []
    assert parse(write(tmp_path, {"ancestors": [], "descendants": []})) == []
    assert parse(write(tmp_path, [[], []])) == []


# -- errors ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "fields, says",
    [
        ({"id": ...}, "the status has no 'id'"),
        ({"id": 1.5}, "'id' should be a string or a whole number, not a number"),
        ({"created_at": ...}, "the status has no 'created_at'"),
        ({"created_at": "Thu Oct 27 20:02:11 +0000 2011"},
         "invalid created_at 'Thu Oct 27 20:02:11 +0000 2011' (expected ISO 8601, e.g. '2011-10-28T00:02:11.000Z')"),
        ({"created_at": "0001-01-01T00:00:00Z"}, "invalid created_at '0001-01-01T00:00:00Z'"),
        ({"visibility": 1}, "'visibility' should be a string, not a number"),
        ({"account": ...}, "the status has no 'account' with an 'acct'"),
        ({"account": {"acct": ["jen"]}}, "'account.acct' should be a string, not a list"),
        ({"account": {"acct": "jen", "display_name": 3}}, "'account.display_name' should be a string, not a number"),
        ({"content": {"html": "x"}}, "'content' should be a string, not an object"),
        ({"content": "<b>" * 3000 + "deep"}, "'content' nests its HTML elements too deeply"),
        ({"spoiler_text": False}, "'spoiler_text' should be a string, not true or false"),
        ({"in_reply_to_id": []}, "'in_reply_to_id' should be a string or a whole number, not a list"),
        ({"mentions": {}}, "'mentions' should be a list, not an object"),
        ({"mentions": ["@mo"]}, "'mentions[1]' should be an object, not a string"),
        ({"mentions": [{"acct": 5}]}, "'mentions[1].acct' should be a string, not a number"),
        ({"media_attachments": [None]}, "'media_attachments[1]' should be an object, not null"),
        ({"media_attachments": [{"type": "image", "description": 4}]},
         "'media_attachments[1].description' should be a string, not a number"),
        ({"reblog": "1000"}, "'reblog' should be an object, not a string"),
        ({"reblog": {"visibility": "public", "content": 5}}, "'reblog.content' should be a string, not a number"),
    ],
)
def test_bad_statuses_are_named_by_their_place(tmp_path, fields, says):
    path = write(tmp_path, {"ancestors": [status(id="1")], "descendants": [status(**{"id": "2", **fields})]})
    assert str(raised(parse, path)).startswith(where(path) + "record 2: " + says)


@pytest.mark.parametrize(
    "content, line, says",
    [
        (f"[{json.dumps(status())}, 5]", None, "record 2: expected a status object, not a number"),
        (f'[[{json.dumps(status())}], ["x"]]', None, "record 2: expected a status object, not a string"),
        ('[]\n{"ancestors": [], "descendants": {}}', 2, "'descendants' should be a list of statuses, not an object"),
        ('{"ancestors": "none"}', 1, "'ancestors' should be a list of statuses, not a string"),
        ('{"statuses": []}', 1, "expected Mastodon statuses: a list of statuses (a timeline), a context "
                                '{"ancestors": [...], "descendants": [...]} or a status'),
        ('[]\n\n"text"', 3, "expected Mastodon statuses"),
        ('[\n  {"id": "1",\n', 3, "invalid JSON: "),
        ("[]\n]", 2, "invalid JSON: expecting value at column 1"),
        ('[{"id": 1e999}]', None, "invalid JSON: the number 1e999 is too large"),
        ("  \n", None, "the file is empty"),
    ],
)
def test_broken_files(tmp_path, content, line, says):
    path = tmp_path / "statuses.json"
    path.write_text(content, encoding="utf-8")
    assert str(raised(parse, path)).startswith(where(path, line) + says)


# -- recognising the format ------------------------------------------------------------------


def test_mastodon_files_are_recognised():
    for path in (TIMELINE, CONTEXT):
        head = path.read_text(encoding="utf-8")[: 64 * 1024]
        assert mastodon.sniff(head), path.name
        assert mastodon.sniff(head[:1500]), path.name  # cut in the middle of a status
    assert mastodon.sniff('{"ancestors": [], "descendants": []}')
    assert mastodon.sniff(json.dumps(status()))
    assert mastodon.sniff("\ufeff" + json.dumps([[status()]]))


@pytest.mark.parametrize(
    "head",
    [
        "",
        "[]",
        "{",
        '{"data": [{"id": "1", "author_id": "2", "created_at": "2011-10-28T00:06:00.000Z"}], "__twarc": {}}\n',
        '{"guild": {"id": "1"}, "channel": {}, "messages": [{"id": "1", "type": "Default"}]}',
        '{"name": "cmgrchat", "type": "public_supergroup", "messages": [{"date_unixtime": "1319760000"}]}',
        '[{"type": "message", "user": "U0CM00001", "text": "hi", "ts": "1319760000.000100"}]',
        '{"@context": "https://www.w3.org/ns/activitystreams", "orderedItems": [{"visibility": "public"}]}',
        "[8:00 PM] @cmgrchat_host: Welcome to #cmgrchat!\n",
        "\x00\x01\x02 binary",
    ],
)
def test_other_files_are_not_taken_for_mastodon(head):
    assert mastodon.sniff(head) is False


@given(st.text(max_size=300))
def test_sniff_never_raises(head):
    assert mastodon.sniff(head) in (True, False)


# -- any input: messages or SourceError --------------------------------------------------------

KEYS = ["id", "created_at", "in_reply_to_id", "visibility", "spoiler_text", "content", "account", "acct",
        "username", "display_name", "mentions", "url", "media_attachments", "type", "description", "reblog",
        "ancestors", "descendants"]
HTML = st.sampled_from([
    "<p>A1: hi</p>", "<p>a<br>b</p>", '<a href="https://x.example/@jen" class="mention">@jen</a>',
    '<a href="https://example.com/abc"><span class="invisible">https://</span><span class="ellipsis">exa</span></a>',
    '<a href="javascript:x">y</a>', "<script>x</script>", "<b>" * 300, "&amp;&lt;&#0;&#xD800;", "\x00\x0b", "",
]) | st.text(max_size=30)
SCALARS = (
    st.none() | st.booleans() | st.integers(min_value=-(10**15), max_value=10**15)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.sampled_from(["public", "private", "direct", "image", "2011-10-28T00:06:00.000Z", "jen", "jen@x.example",
                       "", "0001-01-01T00:00:00Z"])
    | st.text(max_size=12)
)
JSONISH = st.recursive(
    SCALARS,
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=5), children, max_size=6),
    max_leaves=25,
)
PLAUSIBLE = {
    "id": st.sampled_from(["1", "2", "3", 4]),
    "created_at": st.sampled_from(["2011-10-28T00:06:00.000Z", "2011-10-28T00:06:00+02:00", "1970-01-01T00:00:00Z"]),
    "content": HTML,
    "account": st.fixed_dictionaries({"acct": st.sampled_from(["jen", "mo@x.example", ""])},
                                     optional={"display_name": st.sampled_from(["Jen", ""]), "username": st.just("j")}),
    "visibility": st.sampled_from(["public", "unlisted", "private", "direct"]),
    "in_reply_to_id": st.sampled_from(["1", "2", None]),
    "spoiler_text": st.sampled_from(["", "cw"]),
    "mentions": st.lists(st.fixed_dictionaries({"acct": st.sampled_from(["jen", "mo@x.example"]),
                                                "url": st.sampled_from(["https://x.example/@jen", ""])}), max_size=2),
    "media_attachments": st.lists(st.fixed_dictionaries({"type": st.sampled_from(["image", "video", "x"])},
                                                        optional={"description": st.text(max_size=8)}), max_size=2),
}
REQUIRED = ("id", "created_at", "content", "account")
LIKELY_STATUS = st.fixed_dictionaries(
    {key: PLAUSIBLE[key] for key in REQUIRED},
    optional={key: PLAUSIBLE[key] for key in PLAUSIBLE if key not in REQUIRED},
)
STATUS = LIKELY_STATUS | st.builds(lambda s, boosted: {**s, "reblog": boosted}, LIKELY_STATUS, LIKELY_STATUS) | (
    st.fixed_dictionaries({}, optional={key: plausible | JSONISH for key, plausible in PLAUSIBLE.items()}))
VALUE = (
    st.lists(STATUS, max_size=4)
    | st.lists(st.lists(STATUS, max_size=3), max_size=3)
    | st.fixed_dictionaries({}, optional={"ancestors": st.lists(STATUS, max_size=2),
                                          "descendants": st.lists(STATUS | JSONISH, max_size=3)})
    | STATUS
    | JSONISH
)


@given(values=st.lists(VALUE, min_size=1, max_size=3))
def test_any_statuses_give_messages_or_a_source_error(tmp_path_factory, values):
    """Whatever the JSON holds: a list of Messages, or a SourceError naming the file."""
    path = tmp_path_factory.mktemp("mastodon") / "statuses.json"
    path.write_text("\n".join(json.dumps(v) for v in values), encoding="utf-8")
    try:
        result = parse(path)
    except SourceError as err:
        assert str(err).startswith(display_path(path))
        return
    assert isinstance(result, list) and all(isinstance(m, Message) for m in result)
    assert all(m.time.tzinfo is not None and m.text and m.handle for m in result)


# -- the fixtures are what the generator writes ------------------------------------------------------


def test_the_fixtures_are_up_to_date(tmp_path, sample):
    """make_mastodon.py writes the same bytes as the fixtures hold (run it after changing the sample)."""
    sys.path.insert(0, str(FIXTURES))
    try:
        import make_mastodon
    finally:
        sys.path.remove(str(FIXTURES))
    make_mastodon.write(sample, tmp_path)
    for name in ("timeline.json", "context.json"):
        assert (tmp_path / name).read_bytes() == (FOLDER / name).read_bytes(), name
