"""One channel of a Slack workspace export (what Slack's "Export data" zip holds).

An export's top folder holds `users.json`, `channels.json` (the public
channels), `integration_logs.json`, and one folder per channel, named after
it, of day files `YYYY-MM-DD.json` (UTC days), each a JSON list of messages.
Exports of private conversations add `groups.json` (private channels),
`mpims.json` (group DMs), `dms.json` (DMs) and their folders.

`parse(path, tz, options)` takes any of:

- the export's top folder (the zip unpacked): the channel read is the one
  `options.channel` names (the recap's `Channel:`, with or without "#",
  any case), matched against the names in channels.json and the folder
  names; without it, the only channel there is. Only public channels, those
  of channels.json, are offered: private channels, group DMs and DMs are
  never read, even when named. A Channel: that matches nothing, or none in an
  export of several channels, is an error listing the channels ("... has 3
  channels: general, cmgrchat, random; say which with 'Channel: NAME'"). An
  export without channels.json offers every folder of day files that
  groups.json, mpims.json and dms.json do not name;
- a channel's folder, or one day file: `Channel:` is not needed (nor
  checked: the folder may have been renamed). users.json and channels.json
  are looked for beside the day files, then one folder up (the export's top).

A message::

    {"type": "message", "user": "U0CM00001", "text": "A1: ...",
     "ts": "1319760000.000100", "thread_ts": "1319760000.000100",
     "user_profile": {"name": "...", "display_name": "...", "real_name": "..."},
     "files": [{"name": "...", "title": "...", "url_private": "...", ...}]}

- Kept: plain messages and the subtypes `thread_broadcast` (and its old
  name `reply_broadcast`), `me_message`, `file_share` and `file_comment`.
  Skipped: every other subtype (bot_message, channel_join, channel_leave,
  channel_topic, channel_purpose, channel_name, channel_archive,
  pinned_item, tombstone, ...), anything with a `bot_id` (apps), hidden
  messages, and messages left without text. Attachments (link unfurls) and
  blocks are not read: `text` is what the person wrote. An edited message
  has its edited text, as exported.
- Files are never linked (Slack's file links need a login and hold team and
  user ids): each of `files` (or the old single `file`) adds
  "[file: TITLE]" (its title, else its name) to the text. An old export's
  upload text ("<@U1|jen> uploaded a file: <...|Title> and commented: hi")
  keeps only the comment. A `file_comment` (old exports) is a message by
  the comment's user: "comment on file TITLE: TEXT".
- Handle: the user's `name` in users.json (else `user_profile.name`); if the
  user is unknown to both, `member-` and a short hash of the user id (the id
  itself never reaches the site). Display name: `display_name`, else
  `real_name`, else the handle. E-mail addresses, avatars and the rest of the
  profiles are never read into a message.
- Time: the whole seconds of `ts` (the part after the dot only orders
  messages within a second). `id` is `ts` (a time, not an id); a reply in a
  thread (`thread_ts` != `ts`) gets `thread` and `reply_to` = `thread_ts`;
  a thread's first message gets `thread` = its own `ts`.
- Text: Slack's message formatting is decoded (see `markup_text`): people
  (`<@U123>`, `<@U123|name>`) become `@handle`, channels `#name`, `<!here>`
  `@here`, user groups their label, dates their fallback text, e-mail links
  their label only (an address is "an e-mail address"), phone links their
  label as plain text, and links `label (https://x)`, or just the link when
  the label is the link; a link into Slack that holds an id (a file, a
  message's permalink) keeps only its label. Then `&lt;`, `&gt;`, `&amp;`
  -> `<`, `>`, `&`. Text starting "RT @" is a retweet, as in the other
  formats.

Errors name the file and the message's place in it ("record 7").
"""

import hashlib
import json
import os
import re
from pathlib import Path
from urllib.parse import urlsplit

from chat_recaps.model import Message, ReadOptions
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
    strip_at,
    unescape_twitter,
)

NAME = "slack"
LABEL = "Slack workspace export (folder or .zip; one channel)"

DAY_FILE = re.compile(r"\d{4}-\d{2}-\d{2}\.json")
KEPT_SUBTYPES = {None, "", "thread_broadcast", "reply_broadcast", "me_message", "file_share", "file_comment"}
TS = re.compile(r"(\d+)(?:\.\d+)?")
MARKUP = re.compile(r"<([^<>]*)>")
# Private conversations: their listings, and what in each entry names the folder.
PRIVATE_LISTS = (("groups.json", "name"), ("mpims.json", "name"), ("dms.json", "id"))
IGNORED_FOLDERS = {"__MACOSX"}
LISTED_CHANNELS = 20
# An old export's upload message: "<@U1|jen> uploaded a file: <link|title> and commented: text".
OLD_UPLOAD = re.compile(
    r"<@[^<>]*> (?:uploaded|shared|posted) a file: <(?P<link>[^<>]*)>(?: and commented: (?P<comment>.*))?", re.DOTALL
)
# What looks like a Slack id (user, channel, team, file, bot, group, subteam...).
SLACK_ID = re.compile(r"(?<![A-Za-z0-9])[A-Z][A-Z0-9]{8,}(?![A-Za-z0-9])")
SLACK_HOST = re.compile(r"(?:^|\.)(?:slack\.com|slack-files\.com|slack-edge\.com|slack-msgs\.com)$")
EMAIL = re.compile(r"[^\s@<>()\[\],;:\"']+@[^\s@<>()\[\],;:\"']+\.[A-Za-z]{2,}")
AN_EMAIL = "an e-mail address"
SPECIAL_MENTIONS = {"here", "channel", "everyone", "group"}
# The head of a day file: a list whose first item is an object.
SNIFF_START = re.compile(r"\[\s*\{")
SNIFF_TYPE = re.compile(r'"type"\s*:\s*"message"')
SNIFF_TS = re.compile(r'"ts"\s*:\s*"\d{9,11}\.\d+"')


# -- recognising a day file ----------------------------------------------------------------


def sniff(head):
    """Say whether text starting with `head` is a Slack day file (a list of messages with a 'ts')."""
    try:
        text = head.lstrip("\ufeff \t\r\n")
        if not SNIFF_START.match(text):
            return False
        try:
            first, _ = json.JSONDecoder().raw_decode(text, text.index("{"))
        except ValueError:  # the first message does not fit in the head
            return bool(SNIFF_TYPE.search(text) and SNIFF_TS.search(text))
        if not isinstance(first, dict):
            return False
        ts = first.get("ts")
        return first.get("type") == "message" and isinstance(ts, str) and bool(TS.fullmatch(ts))
    except Exception:  # a sniffer never raises  # noqa: BLE001
        return False


# -- finding the channel --------------------------------------------------------------------


def day_files(folder):
    """The day files of `folder`, by date ([] when it has none)."""
    try:
        names = sorted(p.name for p in Path(folder).iterdir() if DAY_FILE.fullmatch(p.name) and p.is_file())
    except OSError:
        return []
    return [Path(folder, name) for name in names]


def subfolders(folder):
    """The folders in `folder` that are not system clutter, by name."""
    return sorted(p for p in folder.iterdir()
                  if p.is_dir() and not p.name.startswith(".") and p.name not in IGNORED_FOLDERS)


def is_top_folder(folder):
    """Say whether `folder` is an export's top folder: its listings, or channel folders of day files."""
    if any((folder / name).is_file() for name in ("users.json", "channels.json")):
        return True
    return any(day_files(sub) for sub in subfolders(folder))


def channel_day_files(path, channel):
    """The day files to read for `path` (day file, channel folder or export) and `channel`."""
    path = Path(path)
    if path.is_file():
        return [path]
    if not path.is_dir():
        raise SourceError(path, None, "no such Slack export folder")
    days = day_files(path)
    if days:
        return days
    inner = subfolders(path)
    if not is_top_folder(path) and len(inner) == 1 and is_top_folder(inner[0]):
        path = inner[0]  # a zip that holds the export inside one folder
    if not is_top_folder(path):
        raise SourceError(path, None, "no day files (YYYY-MM-DD.json): expected a Slack export's "
                                      "top folder (users.json, channels.json) or a channel's folder")
    return day_files(choose_channel(path, channel))


def listed(names):
    """'3 channels: a, b, c' (at most LISTED_CHANNELS names)."""
    shown_names = ", ".join(names[:LISTED_CHANNELS])
    more = f" and {len(names) - LISTED_CHANNELS} more" if len(names) > LISTED_CHANNELS else ""
    return f"{len(names)} channel{'s' if len(names) != 1 else ''}: {shown_names}{more}"


def public_channels(root):
    """[(name, folder)] of the export's public channels that have day files, as channels.json lists them."""
    listing = root / "channels.json"
    if listing.is_file():
        folders = [(name, root / name) for _, name in load_listing(listing, "channel")]
    else:
        private = private_folders(root)
        folders = [(sub.name, sub) for sub in subfolders(root) if sub.name not in private]
    return [(name, folder) for name, folder in folders if folder.is_dir() and day_files(folder)]


def private_folders(root):
    """The folder names of the export's private channels, group DMs and DMs."""
    names = set()
    for file_name, key in PRIVATE_LISTS:
        listing = root / file_name
        if listing.is_file():
            names |= {ident if key == "id" else name for ident, name in load_listing(listing, "conversation")}
    return names


def choose_channel(root, channel):
    """The folder of the public channel `channel` names (the only one when it is "")."""
    offered = public_channels(root)
    wanted = channel.strip().lstrip("#").strip()
    names = [name for name, _ in offered]
    if not offered:
        raise SourceError(root, None, "holds no public channel with messages "
                                      "(no channel of channels.json has a folder of day files)")
    if wanted:
        found = [folder for name, folder in offered if name.casefold() == wanted.casefold()]
        if found:
            return found[0]
        if wanted.casefold() in {name.casefold() for name in private_folders(root)}:
            raise SourceError(root, None, f"{wanted!r} is a private channel or direct messages, which are "
                                          f"never read; it has {listed(names)} (public)")
        raise SourceError(root, None, f"has no channel {wanted!r}; it has {listed(names)}; "
                                      "say which with 'Channel: NAME'")
    if len(offered) == 1:
        return offered[0][1]
    raise SourceError(root, None, f"has {listed(names)}; say which with 'Channel: NAME'")


# -- users and channels ---------------------------------------------------------------------


def find_beside(folder, name):
    """The file `name` in `folder` or the folder above it (the export's top), or None."""
    folder = Path(os.path.abspath(folder))
    for candidate in (folder, folder.parent):
        if (candidate / name).is_file():
            return candidate / name
    return None


def load_listing(path, kind):
    """[(id, name)] of a list of objects with an 'id' and a 'name' (users, channels...)."""
    records = load_json(path)
    if not isinstance(records, list):
        raise SourceError(path, 1, f"expected a JSON list of {kind}s")
    entries = []
    for number, record in enumerate(records, start=1):
        fields = Fields(path, number, record)
        ident, name = fields.ident("id"), fields.text("name")
        if not isinstance(record, dict) or not ident or (not name and kind != "conversation"):
            raise record_error(path, number, f"expected a {kind} with an 'id' and a 'name'")
        entries.append((ident, name))
    return entries


def load_users(folder):
    """Return {user id: (handle, display name)} from users.json, or {} without one."""
    users_path = find_beside(folder, "users.json")
    if users_path is None:
        return {}
    records = load_json(users_path)
    if not isinstance(records, list):
        raise SourceError(users_path, 1, "expected a JSON list of users")
    return dict(user_entry(users_path, n, user) for n, user in enumerate(records, start=1))


def load_channels(folder):
    """Return {channel id: name} of the public channels in channels.json, or {} without one."""
    channels_path = find_beside(folder, "channels.json")
    return dict(load_listing(channels_path, "channel")) if channels_path else {}


def user_entry(users_path, number, user):
    """Return (user id, (handle, display name)) for entry `number` of users.json."""
    fields = Fields(users_path, number, user)
    user_id, name = fields.ident("id"), fields.text("name")
    if not isinstance(user, dict) or not user_id or not name:
        raise record_error(users_path, number, "expected a user with an 'id' and a 'name'")
    return user_id, (strip_at(name), display_name(fields.object("profile")) or fields.text("real_name").strip())


def display_name(profile):
    """Return the display name in a profile's Fields (display_name, else real_name), or ""."""
    return (profile.text("display_name") or profile.text("real_name")).strip()


def unknown_member(user_id):
    """A stable handle for a user the export does not name, without their id."""
    return "member-" + hashlib.sha256(user_id.encode()).hexdigest()[:8]


# -- text --------------------------------------------------------------------------------


def decode_markup(text, users, channels=None):
    """Turn Slack's message markup into the plain text a reader would have seen."""
    out, position = [], 0
    for m in MARKUP.finditer(text):
        out.append(unescape_twitter(text[position : m.start()]))
        out.append(markup_text(m[1], users, channels or {}))
        position = m.end()
    out.append(unescape_twitter(text[position:]))
    return "".join(out)


def markup_text(inner, users, channels):
    """The text of one `<...>` of Slack's formatting (what is between the brackets)."""
    target, _, label = inner.partition("|")
    target, label = unescape_twitter(target).strip(), unescape_twitter(label).strip()
    if target.startswith("@"):
        known = users.get(target[1:])
        return "@" + (known[0] if known else strip_at(label) or unknown_member(target[1:]))
    if target.startswith("#"):
        return "#" + (channels.get(target[1:]) or label.lstrip("#") or "channel")
    if target.startswith("!"):
        return command_text(target[1:], label)
    scheme = target.split(":", 1)[0].lower() if ":" in target else ""
    if scheme == "mailto":
        label = re.sub(r"(?i)^mailto:", "", label)
        return EMAIL.sub(AN_EMAIL, label) if label else AN_EMAIL
    if scheme == "tel":
        return re.sub(r"(?i)^tel:", "", label) or target[4:]
    return link_text(target, label)


def command_text(command, label):
    """The text of `<!here>`, `<!subteam^S1|@mods>`, `<!date^1319760000^{date}|Oct 27>`..."""
    name, _, argument = command.partition("^")
    if name in SPECIAL_MENTIONS:
        return "@" + name
    if name == "subteam":
        return "@" + (strip_at(label) or "group")
    if name == "date":
        return label or date_text(argument)
    return label or ("@" + name if name.isalpha() and name.islower() else "")


def date_text(argument):
    """A `<!date^SECONDS^...>` without its fallback text: the day and time in UTC."""
    seconds = argument.split("^", 1)[0]
    try:
        return from_epoch(int(seconds)).strftime("%Y-%m-%d %H:%M UTC")
    except ValueError:
        return "a date"


def link_text(target, label):
    """A link as text: "label (https://x)", or the link (or label) alone when they are the same."""
    if is_slack_link(target):
        if re.search(r"(?i)/files(?:-pri|-tmb)?/|//files\.|//slack-files\.", target):
            return file_label(label if label != target else "")
        return label if label and label != target else "[Slack link]"
    bare = re.sub(r"(?i)^https?://", "", target)
    if not label or label in (target, bare, bare.rstrip("/")):
        return label or target
    return f"{label} ({target})"


def is_slack_link(target):
    """Say whether `target` is a link into Slack that holds an id (a file, a message's permalink)."""
    try:
        host = urlsplit(target).hostname or ""
    except ValueError:
        return False
    return (bool(SLACK_HOST.search(host)) and bool(SLACK_ID.search(target))) or target.lower().startswith("slack:")


def file_title(path, number, item, key):
    """The title (else the name) of a file object of a message, "" when it has neither."""
    if not isinstance(item, dict):
        raise record_error(path, number, f"'{key}' should be an object, not {json_kind(item)}")
    fields = Fields(path, number, item, f"{key}.")
    return " ".join((fields.text("title") or fields.text("name")).split())


def file_titles(fields, day_path, number):
    """The titles of a message's files (`files`, else an old export's single `file`)."""
    items = fields.items("files")
    if items:
        return [file_title(day_path, number, item, f"files[{i}]") for i, item in enumerate(items)]
    return [file_title(day_path, number, fields.record["file"], "file")] if fields.has("file") else []


def file_label(title):
    """How a file shows in a message: "[file: TITLE]", never a link."""
    return f"[file: {title}]" if title else "[file]"


# -- messages ----------------------------------------------------------------------------


def slack_time(ts):
    """Return the UTC time of a Slack `ts` ("1319760000.000200"); ValueError if it is not one."""
    m = TS.fullmatch(ts)
    if not m:
        raise ValueError(ts)
    return from_epoch(int(m[1]))


def author_of(user_id, fields, users):
    """Return (handle, display name) of the user `user_id`, who wrote the message of `fields`."""
    if user_id in users:
        handle, name = users[user_id]
    else:
        profile = fields.object("user_profile")
        handle = strip_at(profile.text("name") or unknown_member(user_id))
        name = display_name(profile)
    return handle, name or handle


def message_text(fields, subtype, users, channels, day_path, number):
    """(user id, text) of a kept message: its text, with its files and any file comment."""
    raw = fields.text("text")
    if subtype == "file_comment":
        comment = fields.object("comment")
        user_id = comment.ident("user")
        if not user_id:
            raise fields.error("the file comment has no 'comment.user'")
        titles = file_titles(fields, day_path, number)
        said = normalize_text(decode_markup(comment.text("comment"), users, channels))
        about = f"comment on file {titles[0]}" if titles and titles[0] else "comment on a file"
        return user_id, f"{about}: {said}" if said else about
    titles = file_titles(fields, day_path, number)
    old_upload = OLD_UPLOAD.fullmatch(raw) if subtype == "file_share" else None
    if old_upload:  # the file is named below, the uploader is the author: only the comment is kept
        raw = old_upload["comment"] or ""
        titles = titles or [unescape_twitter(old_upload["link"].partition("|")[2]).strip()]
    text = normalize_text(decode_markup(raw, users, channels))
    return fields.ident("user"), " ".join([text, *map(file_label, titles)]).strip()


def record_message(day_path, number, record, users, channels, tz):
    """Return the Message for `record` (number `number` in `day_path`), or None to skip it."""
    if not isinstance(record, dict):
        raise record_error(day_path, number, "expected a message object")
    fields = Fields(day_path, number, record)
    subtype = fields.text("subtype", None)
    if fields.text("type", "message") != "message" or subtype not in KEPT_SUBTYPES:
        return None
    if fields.has("bot_id") or record.get("hidden") is True:
        return None
    ts = fields.ident("ts")
    try:
        moment = in_zone(slack_time(ts), tz)
    except ValueError:
        raise fields.error(f"invalid or missing 'ts' {shown(record.get('ts'))}") from None
    user_id, text = message_text(fields, subtype, users, channels, day_path, number)
    if not user_id:
        raise fields.error("the message has no 'user'")
    text = normalize_text(text)
    if not text:
        return None
    handle, name = author_of(user_id, fields, users)
    thread = fields.ident("thread_ts")
    return Message(
        author=name,
        handle=handle,
        time=moment,
        text=text,
        where=f"{day_path.name} record {number}",
        id=ts,
        reply_to=thread if thread and thread != ts else "",
        thread=thread,
        is_retweet=is_retweet_text(text),
    )


def parse_day(day_path, users, channels, tz):
    """Return the [Message] of one day file."""
    records = load_json(day_path)
    if not isinstance(records, list):
        raise SourceError(day_path, 1, "expected a JSON list of messages")
    messages = (record_message(day_path, n, r, users, channels, tz) for n, r in enumerate(records, start=1))
    return [m for m in messages if m is not None]


def parse(path, tz, options=None):
    """Return the [Message] of one channel of the Slack export at `path`, day by day, times in `tz`.

    `path` is the export's top folder, a channel's folder or a day file;
    `options.channel` names the channel to read from a top folder.
    """
    options = options or ReadOptions()
    paths = channel_day_files(path, options.channel)
    folder = paths[0].parent
    users, channels = load_users(folder), load_channels(folder)
    return [message for day_path in paths for message in parse_day(day_path, users, channels, tz)]

