"""`invoke new-recap`: put a chat export into content/recaps/ with a header the build accepts.

The export (a file, a folder or a .zip, in any supported format) is read
first, with the same code the build uses, so a problem is reported now, as
one line naming the file, and nothing is written. The new files are made in
a staging folder beside their place, read back as the build will read them,
and only then moved into place; an existing recap is replaced only when
asked (--replace), and then only once the new one has passed its checks.
"""

import os
import shlex
import shutil
import tempfile
import zipfile
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pelican.utils import get_date

from kbutil.diagnostics import SourceError
from kbutil.header import check_header, read_header

from .exports import find_export, format_named, opened
from .handles import handle_key, strip_at
from .model import ReadOptions
from .parsers.common import read_export_text
from .sessions import busiest, find_sessions, spans_more_than_a_chat
from .source import HOST, load_messages
from .threading import thread_chat

TIME_FORMAT = "%Y-%m-%d %H:%M"


class NewRecapError(ValueError):
    """A problem with what new-recap was asked to do; its text is the whole message."""


def one_line(value):
    return " ".join(str(value).split())


def parse_time(option, value, tz):
    """The --from/--to/--date value as an aware datetime in `tz`, or None."""
    if not value:
        return None
    try:
        moment = get_date(value)
    except ValueError:
        raise NewRecapError(f"new-recap: {option} {value!r} is not a date and time, e.g. 2016-01-14 20:00") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=tz)


def zone(name):
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise NewRecapError(
            f"new-recap: --timezone {name!r} is not a known time zone (e.g. America/New_York)"
        ) from None


def check_request(title, hashtag, hosts):
    if not title or not hashtag or not hosts:
        raise NewRecapError("new-recap: give --title, --hashtag and at least one --host")
    if not hashtag.lstrip("#").replace("_", "").isalnum():
        raise NewRecapError(f"new-recap: --hashtag {hashtag!r} is not a hashtag (letters, digits and _)")
    for host in hosts:
        if not HOST.fullmatch(host):
            raise NewRecapError(f"new-recap: --host {host!r} cannot be a host (no commas or control characters)")


def read_messages(export, fmt, tz, options):
    """(Format, [Message]) of the export, read as the build reads it."""
    with opened(export) as where:
        path, found = find_export(where, format_named(export, fmt) if fmt else None)
        return found, found.parse(os.fspath(path), tz, options)


def check_hosts(hosts, messages):
    """Every host must have written in the export, spelled as the export spells them."""
    counts = {}
    for m in messages:
        key = handle_key(m.handle)
        shown, count = counts.get(key, (m.handle if m.author == m.handle else f"{m.handle} ({m.author})", 0))
        counts[key] = (shown, count + 1)
    missing = [h for h in hosts if handle_key(h) not in counts]
    if missing:
        top = sorted(counts.values(), key=lambda item: (-item[1], item[0]))[:8]
        names = ", ".join(f"{shown!r} ({count})" for shown, count in top)
        raise NewRecapError(
            f"new-recap: no message in the export is by {', '.join(map(repr, missing))}; "
            f"give --host as the export spells its authors (the most active: {names})"
        )


def header_text(title, date, tz, hashtag, hosts, fmt="", source="", channel="", start=None, end=None):
    """The metadata header of a new .recap file."""
    lines = [f"Title: {title}", f"Date: {date:{TIME_FORMAT}}", f"Timezone: {tz.key}",
             f"Hashtag: #{hashtag.lstrip('#')}", f"Hosts: {', '.join(hosts)}", "Topic: ", "Tags: ", "Summary: "]
    if source:
        lines += [f"Source: {source}", f"Format: {fmt}"]
    if channel:
        lines.append(f"Channel: {channel}")
    if start:
        lines.append(f"Start: {start:{TIME_FORMAT}}")
    if end:
        lines.append(f"End: {end:{TIME_FORMAT}}")
    return "\n".join(lines) + "\n\n"


def has_workspace_files(folder):
    return any((folder / name).is_file() for name in ("users.json", "channels.json"))


def copy_name(export, slug, fmt):
    """The name the export gets in content/recaps/ ('' when it is pasted into the .recap)."""
    if fmt == "transcript" and export.is_file() and not zipfile.is_zipfile(export):
        return ""
    if export.is_dir():
        return slug
    suffix = "".join(export.suffixes[-1:]).lower() or ".txt"
    return f"{slug}{suffix}"


def check_recap(recap, folder, hosts):
    """Read the staged recap as the build will; NewRecapError if the build would refuse it."""
    try:
        text = recap.read_text(encoding="utf-8")
        check_header(recap, text, required=("title", "date"))
        lines = text.splitlines()
        meta, body_start = read_header(lines)
        messages = load_messages(str(recap), meta, lines, body_start, content_root=str(folder))
        if not messages:
            raise SourceError(recap, None, "the chat has no messages")
        thread_chat(messages, tuple(hosts))
    except SourceError as err:
        raise NewRecapError(f"new-recap: the recap would not build: {err.message}") from None


def write_recap(folder, slug, export, name, text, check, replace=False):
    """Stage the export copy (as `name`) and the .recap, `check` the staged recap, then move both in.

    Existing files are refused, or with `replace` moved aside and put back
    if the move fails half-way.
    """
    recap = folder / f"{slug}.recap"
    targets = [recap] + ([folder / name] if name else [])
    for target in targets:
        if target.exists() and not replace:
            raise NewRecapError(f"new-recap: {target} already exists; nothing was written "
                                "(add --replace to write over it)")
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".new-recap-", dir=folder) as staging:
        staging = Path(staging)
        if name:
            (shutil.copytree if export.is_dir() else shutil.copyfile)(export, staging / name)
        (staging / recap.name).write_text(text, encoding="utf-8")
        check(staging / recap.name)
        (staging / ".replaced").mkdir()
        moved = []
        try:
            for target in reversed(targets):  # the export first, then the .recap that names it
                if target.exists():
                    os.replace(target, staging / ".replaced" / target.name)
                    moved.append(target)
                os.replace(staging / target.name, target)
        except OSError as err:
            for target in moved:
                if target.is_dir():
                    shutil.rmtree(target, ignore_errors=True)
                os.replace(staging / ".replaced" / target.name, target)
            raise NewRecapError(f"new-recap: could not move the recap into {folder}: {err}; "
                                "nothing was changed") from None


# How the readers' messages name a header, and the new-recap option that sets it.
HEADERS_AS_OPTIONS = (
    ("with 'Channel: NAME'", "with --channel NAME"),
    ("in a 'Channel:' header", "with --channel NAME"),
    ("(the recap's Channel:)", "(--channel)"),
)


def as_options(message):
    """A reader's message with the recap headers it mentions named as new-recap's options."""
    for header, option in HEADERS_AS_OPTIONS:
        message = message.replace(header, option)
    return message


def session_advice(export, messages, tz, command):
    """Lines saying the export spans more than a chat, with its busiest sessions and how to pick one."""
    times = [m.time for m in messages]
    first, last = min(times).astimezone(tz), max(times).astimezone(tz)
    lines = [f"The export spans {first:{TIME_FORMAT}} to {last:{TIME_FORMAT}}, more than one chat; "
             f"the recap holds all {len(messages)} messages. Its busiest sessions:"]
    for session in busiest(find_sessions(messages)):
        start, end = session.start.astimezone(tz), session.end.astimezone(tz)
        lines.append(f"  {start:{TIME_FORMAT}} to {end:%H:%M}  {session.count} messages   "
                     f"Start: {start:{TIME_FORMAT}}  End: {end:{TIME_FORMAT}}")
    lines.append("To recap one session, put its Start: and End: lines in the header, or make the recap again with "
                 f"{command} --from 'START' --to 'END' --replace")
    return lines


def new_recap(root, path, title, hashtag, hosts, *, date="", start="", end="", channel="", timezone="UTC", fmt="",
              replace=False):
    """Write content/recaps/SLUG.recap (and the export beside it); return the lines to print."""
    from pelican.settings import DEFAULT_CONFIG
    from pelican.utils import slugify

    title, hashtag, hosts = one_line(title), one_line(hashtag), [strip_at(one_line(h)) for h in hosts if one_line(h)]
    check_request(title, hashtag, hosts)
    tz = zone(timezone)
    export = Path(path)
    if not export.exists():
        raise NewRecapError(f"new-recap: {path} does not exist")
    slug = slugify(title, regex_subs=DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"])
    if not slug:
        raise NewRecapError(f"new-recap: cannot make a file name from the title {title!r}")
    window = parse_time("--from", start, tz), parse_time("--to", end, tz)
    day = window[0] or parse_time("--date", date, tz)
    # Lines that give only a time (transcripts, some logs) are on --date's day, else today.
    options = ReadOptions(hosts=tuple(hosts), channel=channel.strip().lstrip("#"),
                          day=(day or datetime.now(tz)).date())
    try:
        found, messages = read_messages(export, fmt, tz, options)
    except SourceError as err:
        raise NewRecapError(f"new-recap: {as_options(str(err))}") from None
    stop = window[1] + timedelta(minutes=1) if window[1] else None
    chosen = [m for m in messages if (not window[0] or m.time >= window[0]) and (not stop or m.time < stop)]
    if not chosen:
        raise NewRecapError(f"new-recap: {path} has no message{' in that window' if any(window) else ''}")
    check_hosts(hosts, chosen)
    if found.name == "slack" and export.is_dir() and has_workspace_files(export.parent):
        # A channel folder: its names are in users.json and channels.json one level up.
        export, options = export.parent, ReadOptions(options.hosts, options.channel or export.name, options.day)
    folder = Path(root) / "content" / "recaps"
    begins = (window[0] or min(m.time for m in chosen)).astimezone(tz)  # the chat starts with its first message
    name = copy_name(export, slug, found.name)
    if name:
        text = header_text(title, begins, tz, hashtag, hosts, found.name, name, options.channel, *window)
    else:  # a transcript: pasted under the header
        text = header_text(title, begins, tz, hashtag, hosts) + read_export_text(export)
    write_recap(folder, slug, export, name, text, lambda recap: check_recap(recap, folder, hosts), replace)
    lines = [f"Wrote {Path('content', 'recaps', slug + '.recap')} ({found.label}, {len(chosen)} messages); "
             "fill in Topic, Tags and Summary, then build."]
    if not any(window) and spans_more_than_a_chat(chosen):
        given = {"--channel": options.channel, "--timezone": timezone if timezone != "UTC" else "", "--format": fmt}
        command = "invoke new-recap " + " ".join(shlex.quote(a) for a in (
            str(path), "--title", title, "--hashtag", hashtag, *[x for h in hosts for x in ("--host", h)],
            *[x for option, value in given.items() if value for x in (option, value)]))
        lines += session_advice(export, chosen, tz, command)
    return lines
