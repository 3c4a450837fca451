"""Properties of the JSON export parsers (tweets.js, Slack, Discord) on arbitrary exports.

Each returns messages or raises SourceError, whatever the export holds; any
other exception is a failure.
"""

import os
import tempfile

from hypothesis import given
from hypothesis import strategies as st
from property_inputs import json_bytes, json_values
from recap_inputs import (
    ACCOUNT,
    ACCOUNT_PREFIX,
    DISCORD,
    SLACK_DAY,
    SLACK_USERS,
    TWEETS,
    TWEETS_PREFIX,
    json_exports,
    parsed,
    write,
    zones,
)

from chat_recaps.parsers import discord, slack, tweets_js


@given(
    tweets=json_exports(TWEETS, TWEETS_PREFIX),
    account=st.none() | json_exports(ACCOUNT, ACCOUNT_PREFIX),
    owner=st.sampled_from(["cmgrchat_host", "@host", "", None]),
    tz=zones,
)
def test_tweets_js_archive_gives_messages_or_source_error(tweets, account, owner, tz):
    """tweets_js.parse on any tweets.js (and account.js beside it, or none) returns messages or raises SourceError."""
    with tempfile.TemporaryDirectory() as folder:
        path = write(folder, "data/tweets.js", tweets)
        if account is not None:
            write(folder, "data/account.js", account)
        parsed(tweets_js.parse, path, owner, owner, tz)


@given(
    days=st.lists(json_exports(SLACK_DAY), min_size=1, max_size=2),
    users=st.sampled_from([None, "channel", "export"]).flatmap(
        lambda where: st.tuples(st.just(where), json_exports(SLACK_USERS))),
    single_file=st.booleans(),
    tz=zones,
)
def test_slack_export_gives_messages_or_source_error(days, users, single_file, tz):
    """slack.parse on any channel folder (day files, users.json here or above) gives messages or SourceError."""
    with tempfile.TemporaryDirectory() as folder:
        paths = [write(folder, f"cmgrchat/2011-10-{28 + n}.json", data) for n, data in enumerate(days)]
        where, data = users
        if where:
            write(folder, "cmgrchat/users.json" if where == "channel" else "users.json", data)
        parsed(slack.parse, paths[0] if single_file else os.path.join(folder, "cmgrchat"), tz)


@given(
    data=st.one_of(json_exports(DISCORD), st.lists(json_values()).map(
        lambda records: json_bytes({"messages": records}))),
    tz=zones,
)
def test_discord_export_gives_messages_or_source_error(data, tz):
    """discord.parse on any file returns messages or raises SourceError."""
    with tempfile.TemporaryDirectory() as folder:
        parsed(discord.parse, write(folder, "channel.json", data), tz)
