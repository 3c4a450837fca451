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
    is_retweet_text,
    load_json,
    normalize_text,
    parse_iso_time,
    record_error,
    strip_at,
)

KEPT_TYPES = {"Default", "Reply"}


def author_of(path, number, record):
    """Return (handle, display name) of message `record`."""
    author = record.get("author")
    if not isinstance(author, dict) or not str(author.get("name") or "").strip():
        raise record_error(path, number, "the message has no 'author' with a 'name'")
    handle = strip_at(str(author["name"]))
    return handle, str(author.get("nickname") or "").strip() or handle


def reply_target(record):
    """Return the id of the message `record` replies to, or ""."""
    reference = record.get("reference")
    if isinstance(reference, dict) and reference.get("messageId"):
        return str(reference["messageId"])
    return ""


def record_message(path, number, record, tz):
    """Return the Message for `record` (number `number`), or None to skip it."""
    if not isinstance(record, dict):
        raise record_error(path, number, "expected a message object")
    if record.get("type", "Default") not in KEPT_TYPES:
        return None
    if not record.get("id"):
        raise record_error(path, number, "the message has no 'id'")
    try:
        moment = parse_iso_time(str(record.get("timestamp", ""))).astimezone(tz)
    except ValueError:
        raise record_error(
            path, number,
            f"invalid timestamp {record.get('timestamp')!r} "
            "(expected ISO 8601, e.g. '2011-10-28T00:05:00+00:00')",
        ) from None
    text = normalize_text(str(record.get("content") or ""))
    if not text:
        return None
    handle, name = author_of(path, number, record)
    return Message(
        author=name,
        handle=handle,
        time=moment,
        text=text,
        where=f"record {number}",
        id=str(record["id"]),
        reply_to=reply_target(record),
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
