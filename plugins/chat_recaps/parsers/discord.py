"""A Discord channel as exported to JSON by DiscordChatExporter.

The file is one JSON object::

    {"guild": {...}, "channel": {...},
     "messages": [{"id": "...", "type": "Default", "timestamp": "2011-10-28T00:05:00+00:00",
                   "content": "...", "author": {"id": "...", "name": "...", "nickname": "...",
                   "avatarUrl": "..."}, "reference": {"messageId": "..."}}, ...]}

- Kept: messages of type `Default` and `Reply` with some text; other types
  (ChannelPinnedMessage, GuildMemberJoin, ThreadCreated, ...) are skipped.
- Handle: `author.name`; display name: `author.nickname`, else the name.
  The author's id, avatar, roles and colour are never read into a message.
- Time: `timestamp` (ISO 8601; without a zone, UTC). `id` is the message id;
  `reply_to` is `reference.messageId`.
- Text: `content` as it is (DiscordChatExporter writes mentions as "@name").
  Text starting "RT @" is a retweet, as in the other formats.

Errors name the file and the message's place in the list ("record 7").
"""

from chat_recaps.model import Message
from kbutil.diagnostics import SourceError

from .common import (
    Fields,
    in_zone,
    is_retweet_text,
    load_json,
    normalize_text,
    parse_iso_time,
    record_error,
    shown,
    strip_at,
)

KEPT_TYPES = {"Default", "Reply"}


def author_of(fields):
    """Return (handle, display name) of the message whose Fields are `fields`."""
    author = fields.object("author")
    name = author.text("name").strip()
    if not name:
        raise fields.error("the message has no 'author' with a 'name'")
    handle = strip_at(name)
    return handle, author.text("nickname").strip() or handle


def message_time(fields, tz):
    """Return the time of the message, in `tz`."""
    written = fields.text("timestamp")
    try:
        return in_zone(parse_iso_time(written), tz)
    except ValueError:
        raise fields.error(
            f"invalid timestamp {shown(written)} (expected ISO 8601, e.g. '2011-10-28T00:05:00+00:00')"
        ) from None


def record_message(path, number, record, tz):
    """Return the Message for `record` (number `number`), or None to skip it."""
    if not isinstance(record, dict):
        raise record_error(path, number, "expected a message object")
    fields = Fields(path, number, record)
    if fields.text("type", "Default") not in KEPT_TYPES:
        return None
    message_id = fields.ident("id")
    if not message_id:
        raise fields.error("the message has no 'id'")
    moment = message_time(fields, tz)
    text = normalize_text(fields.text("content"))
    if not text:
        return None
    handle, name = author_of(fields)
    return Message(
        author=name,
        handle=handle,
        time=moment,
        text=text,
        where=f"record {number}",
        id=message_id,
        reply_to=fields.object("reference").ident("messageId"),
        is_retweet=is_retweet_text(text),
    )


def parse(path, tz):
    """Return the [Message] of the DiscordChatExporter JSON file `path`, times in `tz`."""
    export = load_json(path)
    records = export.get("messages") if isinstance(export, dict) else None
    if not isinstance(records, list):
        raise SourceError(
            path, None,
            "expected a DiscordChatExporter JSON export: an object with a 'messages' list",
        )
    messages = (record_message(path, n, r, tz) for n, r in enumerate(records, start=1))
    return [m for m in messages if m is not None]
