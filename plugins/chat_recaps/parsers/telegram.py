"""A Telegram chat as Telegram Desktop exports it to JSON (`result.json`).

"Export chat history" (format: JSON) writes one chat::

    {"name": "cmgrchat", "type": "public_supergroup", "id": 1319700000,
     "messages": [{"id": 1001, "type": "message", "date": "2011-10-27T20:00:00",
                   "date_unixtime": "1319760000", "from": "Jen Alvarez", "from_id": "user380007919",
                   "reply_to_message_id": 1000, "text": "A1: ...", "text_entities": [...]}, ...]}

"Export Telegram data" (the whole account) writes `{"about": ..., "personal_information":
{...}, "chats": {"list": [chat, ...]}, "left_chats": {"list": [...]}, ...}`; the chat read
is the one whose `name` is the recap's `Channel:` header, else the only chat there is
(several chats and no Channel: is an error that lists their names). A one-chat export
whose name is not the Channel: given is refused too. Nothing but the chat's messages
is read: never the personal information, contacts or phone numbers.

- Kept: records of type `message` with some text. `service` records (joins, pins,
  group creation, calls, ...) are skipped, and so are media messages without a
  caption (a photo, file, sticker, voice note or poll alone): the recap publishes
  text only, and never a file's name, path or link. A caption is the message's text.
- Handle and display name: `from` as spelled (spaces allowed; hosts are given by that
  name). A deleted account (`from` null or empty) is "Deleted Account". `from_id`
  (the user id) never reaches a message.
- Time: `date_unixtime` (whole seconds, a string) when present; else `date`, the
  exporting computer's local time without a zone, taken to be in the recap's zone.
  `id` is the message id; `reply_to` is `reply_to_message_id`.
- Text: `text` is a string, or a list of strings and entity objects
  (`{"type": "bold" | "link" | "mention" | "hashtag" | ..., "text": ...}`) whose texts are
  joined; when `text` is absent, `text_entities` (a list of such objects) is read.
  A `text_link` whose label is not its http(s) address becomes "label (address)";
  other addresses (tg://, mailto:) are left out. A forwarded message
  (`forwarded_from`) repeats someone else's words: it is marked as a retweet, so
  threading drops it, as is text starting "RT @".

Errors name the file and the message's place in its chat's list ("record 7").
"""

import re
from datetime import datetime

from chat_recaps.model import Message
from kbutil.diagnostics import SourceError

from .common import (
    Fields,
    from_epoch,
    in_zone,
    is_retweet_text,
    json_kind,
    load_json,
    normalize_text,
    record_error,
    shown,
)

NAME = "telegram"
LABEL = "Telegram Desktop JSON export (result.json)"

KEPT_TYPE = "message"
DELETED_ACCOUNT = "Deleted Account"
CHAT_TYPES = (
    "personal_chat", "bot_chat", "private_group", "private_supergroup", "public_supergroup",
    "private_channel", "public_channel", "saved_messages", "replies",
)
SNIFF_CHAT_TYPE = re.compile(r'"type"\s*:\s*"(?:' + "|".join(CHAT_TYPES) + ')"')
SNIFF_FROM_ID = re.compile(r'"(?:from|actor)_id"\s*:\s*"(?:user|channel|chat)\d+"')
SNIFF_UNIXTIME = re.compile(r'"date_unixtime"\s*:\s*"\d+"')
UNIXTIME = re.compile(r"\d{1,12}")
LOCAL_TIME = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2})?")
HTTP = re.compile(r"https?://", re.IGNORECASE)
SHAPE = (
    "expected a Telegram Desktop JSON export: an object with a 'messages' list (one chat) "
    "or with 'chats': {'list': [...]} (the whole account)"
)
LISTED_CHATS = 12


def sniff(head):
    """Say whether text starting with `head` is a Telegram Desktop JSON export."""
    text = head.lstrip("\ufeff \t\r\n")
    if not text.startswith("{"):
        return False
    if '"personal_information"' in text and ('"chats"' in text or '"contacts"' in text):
        return True
    if '"messages"' not in text:
        return False
    return bool(SNIFF_UNIXTIME.search(text) or SNIFF_FROM_ID.search(text) or SNIFF_CHAT_TYPE.search(text))


def same_name(name, wanted):
    """Say whether a chat called `name` is the chat `wanted` (case and a leading '#' aside)."""
    return isinstance(name, str) and name.strip().lstrip("#").casefold() == wanted.strip().lstrip("#").casefold()


def chat_label(chat):
    """A chat's name as a message lists it."""
    name = chat.get("name") if isinstance(chat, dict) else None
    return repr(name) if isinstance(name, str) else "(no name)"


def listed(chats):
    """The names of `chats`, for a message."""
    names = [chat_label(c) for c in chats[:LISTED_CHATS]]
    more = f" and {len(chats) - LISTED_CHATS} more" if len(chats) > LISTED_CHATS else ""
    return ", ".join(names) + more


def account_chats(path, export):
    """The chats of a whole-account export: `chats.list` then `left_chats.list`."""
    chats = []
    for key in ("chats", "left_chats"):
        section = export.get(key)
        if section is None:
            continue
        items = section.get("list") if isinstance(section, dict) else None
        if not isinstance(items, list):
            raise SourceError(path, None, f"'{key}' should be an object with a 'list' of chats")
        for number, chat in enumerate(items, start=1):
            if not isinstance(chat, dict):
                raise SourceError(path, None, f"'{key}.list' item {number} should be a chat object, "
                                              f"not {json_kind(chat)}")
            chats.append(chat)
    return chats


def pick_chat(path, export, channel):
    """The chat object of the export to read, chosen by `channel` when it holds several."""
    if not isinstance(export, dict):
        raise SourceError(path, None, SHAPE)
    if "messages" in export:
        if channel and not same_name(export.get("name"), channel):
            raise SourceError(path, None, f"is the export of the chat {chat_label(export)}, "
                                          f"not {channel!r} (the recap's Channel:)")
        return export
    if "chats" not in export:
        raise SourceError(path, None, SHAPE)
    chats = account_chats(path, export)
    if not chats:
        raise SourceError(path, None, "the export holds no chats")
    if channel:
        found = [c for c in chats if same_name(c.get("name"), channel)]
        if not found:
            raise SourceError(path, None, f"has no chat named {channel!r} (chats: {listed(chats)})")
        return found[0]
    if len(chats) > 1:
        raise SourceError(path, None, f"holds {len(chats)} chats ({listed(chats)}); "
                                      "name the one the recap is about in a 'Channel:' header")
    return chats[0]


def link_text(label, href):
    """What a `text_link` entity reads as: its label, and its http(s) address when that differs."""
    if not HTTP.match(href):
        return label
    bare = HTTP.sub("", href, count=1)
    if label.strip() in (href, bare, bare.rstrip("/")):
        return label
    return f"{label} ({href})" if label.strip() else href


def entity_text(fields, key, number, item):
    """The text of item `number` of the list in `key`: a string, or an entity object."""
    if isinstance(item, str):
        return item
    if not isinstance(item, dict):
        raise fields.error(f"'{key}' item {number} should be a string or an object, not {json_kind(item)}")
    entity = Fields(fields.path, fields.number, item, f"{key}[{number}].")
    label = entity.text("text")
    if entity.text("type") == "text_link":
        return link_text(label, entity.text("href"))
    return label


def message_text(fields):
    """The plain text of a message: `text` (string or list), else `text_entities`."""
    key = "text" if fields.has("text") else "text_entities"
    value = fields.record.get(key)
    if value is None:
        return ""
    if isinstance(value, str) and key == "text":
        return value
    if not isinstance(value, list):
        expected = "a string or a list" if key == "text" else "a list"
        raise fields.error(f"'{key}' should be {expected}, not {json_kind(value)}")
    return "".join(entity_text(fields, key, n, item) for n, item in enumerate(value, start=1))


def message_time(fields, tz):
    """The time of the message, in `tz`: `date_unixtime`, else `date` read in `tz`."""
    if fields.has("date_unixtime"):
        written = fields.ident("date_unixtime")
        try:
            if not UNIXTIME.fullmatch(written):
                raise ValueError(written)
            return in_zone(from_epoch(int(written)), tz)
        except ValueError:
            raise fields.error(
                f"invalid date_unixtime {shown(written)} (expected whole seconds, e.g. '1319760000')"
            ) from None
    written = fields.text("date")
    if not written:
        raise fields.error("the message has no 'date'")
    try:
        if not LOCAL_TIME.match(written.strip()):
            raise ValueError(written)
        moment = datetime.fromisoformat(written.strip())
        return in_zone(moment if moment.tzinfo else moment.replace(tzinfo=tz), tz)
    except ValueError:
        raise fields.error(f"invalid date {shown(written)} (expected e.g. '2011-10-27T20:00:00')") from None


def record_message(path, number, record, tz):
    """Return the Message for `record` (number `number`), or None to skip it."""
    if not isinstance(record, dict):
        raise record_error(path, number, f"expected a message object, not {json_kind(record)}")
    fields = Fields(path, number, record)
    if fields.text("type", KEPT_TYPE) != KEPT_TYPE:
        return None
    message_id = fields.ident("id")
    if not message_id:
        raise fields.error("the message has no 'id'")
    moment = message_time(fields, tz)
    text = normalize_text(message_text(fields))
    forwarded = fields.has("forwarded_from")
    fields.text("forwarded_from")  # checked: a string when present
    if not text:
        return None  # a photo, file or sticker without a caption
    name = fields.text("from").strip() or DELETED_ACCOUNT
    return Message(
        author=name,
        handle=name,
        time=moment,
        text=text,
        where=f"record {number}",
        id=message_id,
        reply_to=fields.ident("reply_to_message_id"),
        is_retweet=forwarded or is_retweet_text(text),
    )


def parse(path, tz, options):
    """Return the [Message] of the Telegram Desktop JSON export `path`, times in `tz`."""
    chat = pick_chat(path, load_json(path), options.channel)
    records = chat.get("messages")
    if not isinstance(records, list):
        raise SourceError(path, None, f"the chat {chat_label(chat)} has no 'messages' list")
    messages = (record_message(path, n, r, tz) for n, r in enumerate(records, start=1))
    return [m for m in messages if m is not None]
