"""Chat exports for the property tests: the valid fixtures, broken in a few places, and how to run a parser.

Each parser gets arbitrary bytes, arbitrary JSON, and the valid fixtures of
tests/fixtures/recaps/ with a few parts broken, in a temporary file or folder
as an export would sit beside its .recap file.
"""

import json
import os
from pathlib import Path
from zoneinfo import ZoneInfo

from hypothesis import event
from hypothesis import strategies as st
from property_inputs import json_bytes, json_values, mutated_bytes, mutated_json

from chat_recaps.model import Message
from kbutil.diagnostics import SourceError

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "recaps"
ZONES = ["UTC", "America/New_York", "Pacific/Kiritimati", "Etc/GMT+12", "Asia/Kathmandu"]
zones = st.sampled_from(ZONES).map(ZoneInfo)


def fixture_json(name):
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def few(records):
    """A few records of a fixture, the skipped kinds among them: enough to break, quick to parse."""
    odd = [r for r in records if r.get("subtype") or r.get("type") not in (None, "Default", "message")
           or r.get("thread_ts") not in (None, r.get("ts"))]
    return records[:4] + odd[:3]


DISCORD = fixture_json("discord.json")
DISCORD["messages"] = few(DISCORD["messages"])
SLACK_DAY = few(fixture_json("slack/cmgrchat/2011-10-28.json"))
SLACK_USERS = fixture_json("slack/users.json")[:4]
TWEETS_PREFIX = b"window.YTD.tweets.part0 = "
ACCOUNT_PREFIX = b"window.YTD.account.part0 = "
TWEETS = json.loads((FIXTURES / "tweets.js").read_bytes()[len(TWEETS_PREFIX):])[:5]
ACCOUNT = json.loads((FIXTURES / "account.js").read_bytes()[len(ACCOUNT_PREFIX):])
CSV = b"".join((FIXTURES / "klout.csv").read_bytes().splitlines(keepends=True)[:6])
TRANSCRIPT = b"""\
[8:00 PM] @cmgrchat_host: Welcome to #cmgrchat!
[8:01 PM] Jen Alvarez (@jen_builds_cmty): Hi all!
    Glad to be here.
@moderator_mo: Evening!
[11:59 PM] forum_fran: RT @cmgrchat_host: Q1 is up
[0:01 AM] @cmgrchat_host: Past midnight
"""


def json_exports(valid, prefix=b""):
    """Bytes of an export: the valid one with parts broken, any JSON, or its text mangled."""
    return st.one_of(
        mutated_json(valid).map(lambda v: prefix + json_bytes(v)),
        json_values().map(lambda v: prefix + json_bytes(v)),
        mutated_bytes(prefix + json_bytes(valid)),
    )


def check_messages(messages):
    assert isinstance(messages, list)
    for message in messages:
        assert isinstance(message, Message) and message.time.tzinfo is not None


def parsed(parse, *args):
    """`parse(*args)`: messages, or None for a SourceError; any other exception fails the test."""
    try:
        messages = parse(*args)
    except SourceError as err:
        assert err.message
        event("refused: SourceError")
        return None
    event("messages" if messages else "no messages")
    check_messages(messages)
    return messages


def write(folder, name, data):
    path = os.path.join(folder, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as handle:
        handle.write(data)
    return path
