"""Chat recaps from every export format: the same chat from each, malformed exports, a big export."""

import re
import shutil

import pytest
from recap_pages import FIXTURES, NO_SEARCH_NO_CARDS, SOURCE, all_text, recap_header, shown_numbers, threads

from helpers import ROOT, assert_clean_build, failed_build_log, page, run_pelican, soup

HOST_NAME = "CMGR Chat Host"  # how exports that know people by name spell the host
# Format: (export beside the recap, Hosts, extra header lines). The new formats
# are recognised from their content: their recaps have no Format: line.
EXPORTS = {
    "csv": ("klout.csv", "@cmgrchat_host", ""),
    "slack": ("slack/cmgrchat", "@cmgrchat_host", ""),
    "discord": ("discord.json", "@cmgrchat_host", ""),
    "tweets-js": ("tweets.js", "@cmgrchat_host", ""),
    "telegram": ("telegram/result.json", HOST_NAME, ""),
    "whatsapp": ("whatsapp/WhatsApp Chat with cmgrchat.txt", HOST_NAME, ""),
    "irc": ("irc/cmgrchat.log", "cmgrchat_host", ""),
    "zoom": ("zoom/meeting_saved_chat.txt", HOST_NAME, ""),
    "twarc": ("twarc/cmgrchat.jsonl", "cmgrchat_host", ""),
    "mastodon": ("mastodon/timeline.json", "cmgrchat_host", ""),
    "slack-workspace": ("slack-workspace/Community Managers Slack export Oct 1 2011 - Dec 9 2011.zip",
                        "@cmgrchat_host", "Channel: cmgrchat\nStart: 2011-10-27 19:00\nEnd: 2011-10-27 23:00\n"),
}
RECOGNISED = {"telegram", "whatsapp", "irc", "zoom", "twarc", "mastodon", "slack-workspace"}
SAME_CHAT = [name for name in EXPORTS if name != "tweets-js"]


@pytest.fixture(scope="module")
def every_format(tmp_path_factory):
    """The sample chat built once from the transcript and once from each export; (output, build log)."""
    root = tmp_path_factory.mktemp("formats")
    recaps = root / "content" / "recaps"
    shutil.copytree(FIXTURES, recaps / "exports", ignore=shutil.ignore_patterns("bad", "*.py", "__pycache__"))
    shutil.copy(SOURCE, recaps / "transcript.recap")
    for name, (source, hosts, extra) in EXPORTS.items():
        fmt = "" if name in RECOGNISED else name
        (recaps / f"{name}.recap").write_text(recap_header(f"From {name}", f"exports/{source}", fmt, hosts, extra))
    output = root / "output"
    result = run_pelican(output, settings=ROOT / "pelicanconf.py", content=root / "content", cwd=root,
                         extra=["-e", *NO_SEARCH_NO_CARDS])
    assert_clean_build(result)
    return output, result.stdout + result.stderr


def recap_page(output, title_slug):
    return page(output, f"2011/10/{title_slug}/")


@pytest.mark.parametrize("name", SAME_CHAT)
def test_every_format_shows_the_same_questions_answers_and_numbers(every_format, name):
    output, _ = every_format
    reference = recap_page(output, "cmgrchat-recap-klout-and-influence-scores")
    doc = recap_page(output, f"from-{name}")
    assert shown_numbers(doc) == shown_numbers(reference)
    assert threads(doc) == threads(reference)


def test_an_export_not_in_utf8_builds_and_the_build_says_how_it_was_read(every_format):
    _, log = every_format
    assert "irc/cmgrchat.log: not UTF-8; read as cp1252" in log, log


def test_no_raw_slack_id_reaches_any_output_file(every_format):
    output, _ = every_format
    text = all_text(output)
    assert not re.search(r"\b[UCTFBWS]0[A-Z0-9]{7,}\b", text)
    assert "files.slack.com" not in text and "tel:" not in text and "mailto:" not in text


def test_a_tweets_archive_holds_the_hosts_questions(every_format):
    output, _ = every_format
    doc = recap_page(output, "from-tweets-js")
    reference = recap_page(output, "cmgrchat-recap-klout-and-influence-scores")
    assert [q for q, _ in threads(doc)] == [q for q, _ in threads(reference)]
    assert all(answers == [] for _, answers in threads(doc))
    assert "host@example.org" not in (output / "2011/10/from-tweets-js/index.html").read_text(encoding="utf-8")


def test_exports_leave_out_emails_ids_and_avatars(every_format):
    text = all_text(every_format[0])
    assert "@example.org" not in text.replace("@example.org/", "")
    assert not re.search(r"avatar|profile_images|image_72|U0CM\d+", text)


def build(tmp_path, settings=()):
    """Build tmp_path/content with the site's settings (no search index, no cards) into tmp_path/output."""
    return run_pelican(tmp_path / "output", settings=ROOT / "pelicanconf.py", content=tmp_path / "content",
                       cwd=tmp_path, extra=["-e", *NO_SEARCH_NO_CARDS, *settings])


MALFORMED = [
    ("truncated.json", "discord", r"truncated\.json:\d+: invalid JSON"),
    ("missing_columns.csv", "csv", r"missing_columns\.csv:1: no column for the tweet time"),
    ("mixed_encoding.csv", "csv",
     r"mixed_encoding\.csv:4: byte 0xE9 at column \d+ is not UTF-8 and the file mixes"),
    ("empty.csv", "csv", r"empty\.csv: the file is empty"),
    ("tweets_no_prefix.js", "tweets-js", r"tweets_no_prefix\.js:1: expected the file to start with"),
]


@pytest.fixture(scope="module")
def malformed_log(tmp_path_factory):
    """One build of a recap of each malformed export above, and of a transcript with a bad line."""
    tmp_path = tmp_path_factory.mktemp("malformed")
    recaps = tmp_path / "content" / "recaps"
    recaps.mkdir(parents=True)
    for fixture, fmt, _ in MALFORMED:
        shutil.copy(FIXTURES / "bad" / fixture, recaps / fixture)
        (recaps / f"bad-{fixture}.recap").write_text(recap_header("Bad", fixture, fmt))
    shutil.copy(FIXTURES / "bad" / "transcript_bad_line.recap", recaps / "bad.recap")
    return failed_build_log(build(tmp_path))


@pytest.mark.parametrize("fixture, fmt, says", MALFORMED)
def test_malformed_exports_fail_the_build_naming_file_and_line(malformed_log, fixture, fmt, says):
    assert re.search(says, malformed_log), malformed_log


def test_a_bad_transcript_line_fails_the_build_naming_it(malformed_log):
    assert "content/recaps/bad.recap:8: " in malformed_log, malformed_log


def test_a_big_export_builds(tmp_path):
    """A big archive (a megabyte, about 2,500 tweets) builds into one recap page without a crash.

    `invoke bench --recaps` builds 120,000 messages and prints time, memory and sizes with their ratios.
    """
    import csv
    from datetime import UTC, datetime, timedelta

    rows = list(csv.reader((FIXTURES / "klout.csv").open(newline="")))
    header, body = rows[0], rows[1:]
    at = {name: header.index(name) for name in ("created_at", "id_str", "text", "in_reply_to_status_id_str")}
    recaps = tmp_path / "content" / "recaps"
    recaps.mkdir(parents=True)
    start, count, kept = datetime(2011, 10, 28, tzinfo=UTC), 0, 0
    with (recaps / "big.csv").open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        while handle.tell() < 1024 * 1024:
            for row in body:
                count += 1
                row = list(row)
                row[at["created_at"]] = (start + timedelta(seconds=count)).strftime("%a %b %d %H:%M:%S +0000 %Y")
                row[at["id_str"]], row[at["in_reply_to_status_id_str"]] = str(10**17 + count), ""
                kept += not row[at["text"]].startswith("RT @")  # retweets are folded
                row[at["text"]] += f" (message {count})"
                writer.writerow(row)
    (recaps / "big.recap").write_text(recap_header("Big chat", "big.csv", "csv"))
    no_feeds = [f"{key}=null" for key in ("FEED_ALL_ATOM", "FEED_ALL_RSS", "CATEGORY_FEED_ATOM", "CATEGORY_FEED_RSS",
                                           "TAG_FEED_ATOM", "TAG_FEED_RSS", "AUTHOR_FEED_ATOM", "AUTHOR_FEED_RSS")]
    assert_clean_build(build(tmp_path, no_feeds))
    numbers = shown_numbers(soup(tmp_path / "output" / "2011" / "10" / "big-chat" / "index.html"))
    assert int(numbers["messages"]) == kept and kept > 2_000
