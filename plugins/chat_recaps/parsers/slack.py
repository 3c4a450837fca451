"""One channel of a Slack export (the unzipped folder Slack's export tool gives).

`path` is the channel's folder, holding one file per day, `YYYY-MM-DD.json`,
each a JSON list of messages (other files are ignored); a single day file may
be given instead. `users.json` (optional) is looked for in the channel folder,
then in its parent (the export's top folder, where Slack puts it).

A message::

    {"type": "message", "user": "U0CM00001", "text": "A1: ...",
     "ts": "1319760000.000100", "thread_ts": "1319760000.000100",
     "user_profile": {"name": "...", "display_name": "...", "real_name": "..."}}

- Kept: plain messages and the subtypes `thread_broadcast`, `me_message` and
  `file_share`; every other subtype (channel_join, channel_leave,
  channel_topic, channel_purpose, bot_message, ...) is skipped, as are
  messages without text.
- Handle: the user's `name` in users.json (else `user_profile.name`); if the
  user is unknown to both, `member-` and a short hash of the user id (the id
  itself never reaches the site). Display name: `display_name`, else
  `real_name`, else the handle. E-mail addresses, avatars and the rest of the
  profiles are never read into a message.
- Time: the whole seconds of `ts` (the part after the dot only orders
  messages within a second). `id` is `ts`; a reply in a thread
  (`thread_ts` != `ts`) gets `thread` and `reply_to` = `thread_ts`; a thread's
  first message gets `thread` = its own `ts`.
- Text: Slack markup is decoded: `<@U123>` -> `@name`, `<#C1|general>` ->
  `#general`, `<!here>` -> `@here`, `<https://x|label>` -> `label (https://x)`
  (just the label when it is the link itself), `<https://x>` -> `https://x`;
  then `&lt;`, `&gt;`, `&amp;` -> `<`, `>`, `&`. Text starting "RT @" is a
  retweet, as in the other formats.

Errors name the day file and the message's place in it ("record 7").
"""

import hashlib
import os
import re

from chat_recaps.model import Message
from kbutil.diagnostics import SourceError

from .common import (
    Fields,
    from_epoch,
    in_zone,
    is_retweet_text,
    load_json,
    normalize_text,
    record_error,
    shown,
    strip_at,
    unescape_twitter,
)

DAY_FILE = re.compile(r"\d{4}-\d{2}-\d{2}\.json")
KEPT_SUBTYPES = {None, "", "thread_broadcast", "me_message", "file_share"}
TS = re.compile(r"(\d+)(?:\.\d+)?")
MARKUP = re.compile(r"<([^<>]*)>")


def day_files(path):
    """Return the day files of the channel folder `path` (or `path` itself), by date."""
    if os.path.isfile(path):
        return [os.fspath(path)]
    if not os.path.isdir(path):
        raise SourceError(path, None, "no such Slack export folder")
    names = sorted(name for name in os.listdir(path) if DAY_FILE.fullmatch(name))
    if not names:
        raise SourceError(
            path, None, "no day files (YYYY-MM-DD.json): expected a Slack export's channel folder"
        )
    return [os.path.join(path, name) for name in names]


def find_users_file(folder):
    """Return the users.json of the export holding channel `folder`, or None."""
    for candidate in (folder, os.path.dirname(os.path.abspath(folder))):
        users_path = os.path.join(candidate, "users.json")
        if os.path.isfile(users_path):
            return users_path
    return None


def load_users(folder):
    """Return {user id: (handle, display name)} from users.json, or {} without one."""
    users_path = find_users_file(folder)
    if users_path is None:
        return {}
    records = load_json(users_path)
    if not isinstance(records, list):
        raise SourceError(users_path, 1, "expected a JSON list of users")
    return dict(user_entry(users_path, n, user) for n, user in enumerate(records, start=1))


def user_entry(users_path, number, user):
    """Return (user id, (handle, display name)) for entry `number` of users.json."""
    fields = Fields(users_path, number, user)
    user_id, name = fields.ident("id"), fields.text("name")
    if not isinstance(user, dict) or not user_id or not name:
        raise record_error(users_path, number, "expected a user with an 'id' and a 'name'")
    return user_id, (strip_at(name), display_name(fields.object("profile")))


def display_name(profile):
    """Return the display name in a profile's Fields (display_name, else real_name), or ""."""
    return (profile.text("display_name") or profile.text("real_name")).strip()


def decode_markup(text, users):
    """Turn Slack's message markup into the plain text a reader would have seen."""

    def replace(m):
        target, _, label = m[1].partition("|")
        if target.startswith("@"):
            known = users.get(target[1:])
            return "@" + (known[0] if known else strip_at(label) or target[1:])
        if target.startswith("#"):
            return "#" + (label or target[1:])
        if target.startswith("!"):
            return label or "@" + target[1:].split("^")[0]
        if not label or label == target or label == re.sub(r"^(?:https?://|mailto:)", "", target):
            return label or target
        return f"{label} ({target})"

    return unescape_twitter(MARKUP.sub(replace, text))


def slack_time(ts):
    """Return the UTC time of a Slack `ts` ("1319760000.000200"); ValueError if it is not one."""
    m = TS.fullmatch(ts)
    if not m:
        raise ValueError(ts)
    return from_epoch(int(m[1]))


def author_of(fields, users):
    """Return (handle, display name) of the message whose Fields are `fields`."""
    user_id = fields.ident("user")
    if user_id in users:
        handle, name = users[user_id]
    else:
        profile = fields.object("user_profile")
        handle = strip_at(profile.text("name") or unknown_member(user_id))
        name = display_name(profile)
    return handle, name or handle


def unknown_member(user_id):
    """A stable handle for a user the export does not name, without their id."""
    return "member-" + hashlib.sha256(user_id.encode()).hexdigest()[:8]


def record_message(day_path, number, record, users, tz):
    """Return the Message for `record` (number `number` in `day_path`), or None to skip it."""
    if not isinstance(record, dict):
        raise record_error(day_path, number, "expected a message object")
    fields = Fields(day_path, number, record)
    if fields.text("type", "message") != "message" or fields.text("subtype", None) not in KEPT_SUBTYPES:
        return None
    ts = fields.ident("ts")
    try:
        moment = in_zone(slack_time(ts), tz)
    except ValueError:
        raise fields.error(f"invalid or missing 'ts' {shown(record.get('ts'))}") from None
    if not fields.ident("user"):
        raise fields.error("the message has no 'user'")
    text = normalize_text(decode_markup(fields.text("text"), users))
    if not text:
        return None
    handle, name = author_of(fields, users)
    thread = fields.ident("thread_ts")
    return Message(
        author=name,
        handle=handle,
        time=moment,
        text=text,
        where=f"{os.path.basename(day_path)} record {number}",
        id=ts,
        reply_to=thread if thread and thread != ts else "",
        thread=thread,
        is_retweet=is_retweet_text(text),
    )


def parse_day(day_path, users, tz):
    """Return the [Message] of one day file."""
    records = load_json(day_path)
    if not isinstance(records, list):
        raise SourceError(day_path, 1, "expected a JSON list of messages")
    messages = (record_message(day_path, n, r, users, tz) for n, r in enumerate(records, start=1))
    return [m for m in messages if m is not None]


def parse(path, tz):
    """Return the [Message] of the Slack channel folder `path`, day by day, times in `tz`."""
    paths = day_files(path)
    users = load_users(os.path.dirname(paths[0]))
    return [message for day_path in paths for message in parse_day(day_path, users, tz)]
