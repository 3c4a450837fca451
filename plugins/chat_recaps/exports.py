"""Chat exports: which formats the site reads, how one is recognised, and how it is opened.

`read_export(source, fmt, tz, options)` is the whole API the reader and
`invoke new-recap` use. `source` is a file, a folder or a ZIP archive:

- A ZIP archive is unpacked into a temporary folder first (never outside
  it: members with absolute paths or `..` are refused, links are skipped,
  and the unpacked size is capped at MAX_UNPACKED_BYTES), then treated as a
  folder. Messages name the file inside it as `export.zip/folder/file`.
- A folder is searched for the export it holds: a Slack workspace (its
  users.json / channels.json, or channel folders of day files), an X archive
  (`data/tweets.js`), or the one file in it that is a supported export.
- A file's format is the `Format:` header when given; otherwise it is
  recognised from the file's first 64 KiB (its content, not its name). A file
  no parser recognises is refused as "FILE looks like WHAT; supported: ...".
"""

import json
import logging
import os
import re
import stat
import tempfile
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from kbutil.diagnostics import SourceError, display_path

from .parsers import csv_tweets, discord, irc, mastodon, slack, telegram, transcript, twarc, tweets_js, whatsapp, zoom
from .parsers.common import notices, read_export_text

HEAD_BYTES = 64 * 1024
# A ZIP archive unpacks to at most this many bytes (a chat export of 100,000
# messages is tens of MB; this leaves room for the media exports hold).
MAX_UNPACKED_BYTES = 2 * 1024**3
IGNORED_NAMES = {"__MACOSX", ".DS_Store", "Thumbs.db"}
CSV_TIME_COLUMNS = {"created_at", "time", "timestamp"}
CSV_TEXT_COLUMNS = {"full_text", "text", "tweet"}
TWEETS_JS_PREFIX = re.compile(r"\s*window\.YTD\.tweets?\.part\d+\s*=")


@dataclass(frozen=True)
class Format:
    name: str  # the Format: header value
    label: str  # what it is, for messages
    sniff: object  # sniff(head text) -> bool
    parse: object  # parse(path, tz, options) -> [Message]


def sniff_csv(head):
    first = head.lstrip("\ufeff").split("\n", 1)[0].strip().lower()
    columns = {c.strip().strip('"') for c in first.split(",")}
    return len(columns) > 1 and bool(columns & CSV_TEXT_COLUMNS) and bool(columns & CSV_TIME_COLUMNS)


def sniff_discord(head):
    text = head.lstrip("\ufeff \t\r\n")
    return text.startswith("{") and '"guild"' in text and '"messages"' in text


def sniff_transcript(head):
    lines = [line for line in head.splitlines()[:40] if line.strip() and not transcript.is_continuation(line)]
    lines = lines[:-1] if len(lines) > 1 else lines  # the last may be cut short
    matching = sum(bool(transcript.LINE.match(line.strip())) for line in lines)
    return bool(lines) and matching * 2 > len(lines)


def parse_transcript(path, tz, options):
    if options.day is None:
        raise SourceError(path, None, "a transcript needs the recap's 'Date:' (its lines give only times)")
    return transcript.parse_lines(path, read_export_text(path).splitlines(), 1, options.day, tz)


def parse_tweets_js(path, tz, options):
    owner = options.hosts[0] if options.hosts else None
    return tweets_js.parse(path, owner, owner, tz)


def module_format(module):
    return Format(module.NAME, module.LABEL, module.sniff, module.parse)


# In the order they are tried when recognising a file: the most specific first.
FORMATS = (
    Format("tweets-js", "X/Twitter archive (data/tweets.js)", lambda head: bool(TWEETS_JS_PREFIX.match(head)),
           parse_tweets_js),
    Format("discord", "DiscordChatExporter JSON", sniff_discord, lambda path, tz, options: discord.parse(path, tz)),
    *(module_format(m) for m in (slack, telegram, twarc, mastodon)),
    Format("csv", "tweets CSV (TAGS, twarc1 or similar; a text and a time column)", sniff_csv,
           lambda path, tz, options: csv_tweets.parse(path, tz)),
    *(module_format(m) for m in (whatsapp, zoom, irc)),
    Format("transcript", "transcript ('[time] @handle: text' lines)", sniff_transcript, parse_transcript),
)
BY_NAME = {f.name: f for f in FORMATS}


def supported():
    """The supported formats, for messages: the Format: values with what each is."""
    return "; ".join(f"{f.name} ({f.label})" for f in FORMATS)


def format_named(where, name):
    """The Format called `name`; SourceError naming `where` when there is none."""
    fmt = BY_NAME.get(name.strip().lower())
    if fmt is None:
        raise SourceError(where, None, f"Format: {name!r} is not one of {', '.join(BY_NAME)}")
    return fmt


def read_head(path):
    """The first HEAD_BYTES of a file: (bytes, text decoded for recognition only)."""
    try:
        with open(path, "rb") as handle:
            data = handle.read(HEAD_BYTES)
    except OSError as err:
        raise SourceError(path, None, f"cannot read the export: {err.strerror}") from err
    return data, data.decode("utf-8", errors="replace").lstrip("\ufeff")


def recognise(path):
    """The Format of the file at `path`, from its content; SourceError saying what it looks like."""
    data, head = read_head(path)
    if not data.strip():
        raise SourceError(path, None, "the file is empty")
    for fmt in FORMATS:
        try:
            if fmt.sniff(head):
                return fmt
        except Exception:  # a sniffer must never decide by crashing  # noqa: BLE001
            continue
    raise SourceError(path, None, f"looks like {looks_like(data, head)}; supported: {supported()}")


def looks_like(data, head):
    """What a file that no parser recognises seems to be, in a few words."""
    if data.startswith(b"%PDF"):
        return "a PDF document"
    if data.startswith(b"PK\x03\x04"):
        return "a ZIP archive inside the export"
    if data.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"RIFF")):
        return "an image or media file"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or data.count(b"\x00") > len(data) // 20:
        return "binary data (or UTF-16 text: save it as UTF-8)"
    text = head.strip()
    if text.startswith("<"):
        return "an HTML or XML page"
    if text.startswith(("{", "[")):
        return json_shape(text)
    first = text.split("\n", 1)[0][:60]
    return f"text whose lines are not chat messages of a known kind (first line: {first!r})"


def json_shape(text):
    """Say what JSON `text` (perhaps cut short) holds, e.g. "JSON: an object with keys 'a', 'b'"."""
    try:
        value = json.JSONDecoder().raw_decode(text)[0]
    except ValueError:
        return "JSON of a kind no parser here reads"
    if isinstance(value, dict):
        keys = ", ".join(repr(k) for k in list(value)[:6])
        rest = "" if "\n{" not in text and "\n" not in text.strip() else " (one per line: JSON Lines)"
        return f"JSON: an object with keys {keys}{rest}" if keys else "JSON: an empty object"
    if isinstance(value, list):
        return "JSON: a list" + (f" of objects with keys {', '.join(map(repr, list(value[0])[:6]))}"
                                 if value and isinstance(value[0], dict) else "")
    return "JSON of a kind no parser here reads"


def visible_files(root):
    """Every file below `root` that is not system clutter, as sorted relative POSIX paths."""
    found = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in IGNORED_NAMES and not d.startswith("."))
        for name in files:
            if name not in IGNORED_NAMES and not name.startswith("."):
                found.append(Path(folder, name).relative_to(root).as_posix())
    return sorted(found)


def is_slack_root(folder):
    """A Slack workspace export's top folder, or one of its channel folders."""
    folder = Path(folder)
    if (folder / "users.json").is_file() or (folder / "channels.json").is_file():
        return True
    return any(slack.DAY_FILE.fullmatch(p.name) for p in folder.iterdir() if p.is_file())


def top_folder(root):
    """`root`, or the one folder inside it when that is all it holds (a ZIP of a folder)."""
    entries = [p for p in Path(root).iterdir() if p.name not in IGNORED_NAMES]
    return entries[0] if len(entries) == 1 and entries[0].is_dir() else Path(root)


def locate(root, fmt=None):
    """(path, Format) of the export inside the folder `root`; SourceError when none or several."""
    base = top_folder(root)
    if (fmt is None or fmt.name == "slack") and is_slack_root(base):
        return base, BY_NAME["slack"]
    archive = base / "data" / "tweets.js"
    if (fmt is None or fmt.name == "tweets-js") and archive.is_file():
        return archive, BY_NAME["tweets-js"]
    candidates = []
    for relative in visible_files(base):
        found = recognised_as(base / relative, fmt)
        if found:
            candidates.append((relative, found))
    if len(candidates) == 1:
        return base / candidates[0][0], candidates[0][1]
    files = ", ".join(relative for relative, _ in candidates[:8]) if candidates else ", ".join(visible_files(base)[:8])
    if candidates:
        raise SourceError(root, None, f"holds several exports ({files}); put the one the recap is about beside it")
    kind = f"{fmt.name} export ({fmt.label})" if fmt else "export this site reads"
    raise SourceError(root, None, f"holds no {kind} (files: {files or 'none'}); supported: {supported()}")


def recognised_as(path, fmt=None):
    """The Format of the file `path` (only `fmt` when given), or None when it is not an export."""
    try:
        if fmt is None:
            return recognise(path)
        return fmt if fmt.sniff(read_head(path)[1]) else None
    except SourceError:
        return None


def unpack(archive, into):
    """Unpack the ZIP file `archive` into the folder `into`, safely; SourceError on a bad archive."""
    try:
        with zipfile.ZipFile(archive) as zipped:
            members = [m for m in zipped.infolist() if not m.is_dir()]
            if sum(m.file_size for m in members) > MAX_UNPACKED_BYTES:
                raise SourceError(archive, None, f"unpacks to more than {MAX_UNPACKED_BYTES // 1024**3} GiB")
            for member in members:
                unpack_member(archive, zipped, member, Path(into))
    except zipfile.BadZipFile as err:
        raise SourceError(archive, None, f"is not a readable ZIP archive ({err})") from None
    except (OSError, EOFError, zipfile.LargeZipFile, NotImplementedError, RuntimeError) as err:
        raise SourceError(archive, None, f"cannot unpack the ZIP archive: {err}") from None


def unpack_member(archive, zipped, member, into):
    if member.flag_bits & 0x1:
        raise SourceError(archive, None, f"{member.filename} is encrypted; export the chat without a password")
    if stat.S_ISLNK(member.external_attr >> 16):
        return  # a link could point anywhere: skipped
    target = (into / member.filename).resolve()
    if not target.is_relative_to(into.resolve()) or target == into.resolve():
        raise SourceError(archive, None, f"{member.filename!r} would unpack outside the archive's folder")
    target.parent.mkdir(parents=True, exist_ok=True)
    written = 0
    with zipped.open(member) as source, open(target, "wb") as out:
        while chunk := source.read(1024 * 1024):
            written += len(chunk)
            if written > max(member.file_size, 0) + 1024 * 1024:  # a member that lies about its size
                raise SourceError(archive, None, f"{member.filename} is larger than the archive says")
            out.write(chunk)


class RenamePaths(logging.Filter):
    """Show paths in the unpacked folder as paths inside the archive."""

    def __init__(self, folder, archive):
        super().__init__()
        self.folder, self.archive = display_path(folder), display_path(archive)

    def filter(self, record):
        record.args = tuple(
            arg.replace(self.folder, self.archive) if isinstance(arg, str) else arg for arg in record.args or ()
        )
        return True


@contextmanager
def opened(source):
    """Yield the folder or file to read for `source`: a ZIP archive is unpacked for the duration."""
    if not (os.path.isfile(source) and zipfile.is_zipfile(source)):
        yield source
        return
    with tempfile.TemporaryDirectory(prefix="recap-export-") as folder:
        unpack(source, folder)
        rename = RenamePaths(folder, source)
        notices.addFilter(rename)
        try:
            yield Path(folder)
        except SourceError as err:
            path = err.path.replace(str(Path(folder)), os.fspath(source), 1)
            raise SourceError(path, err.line, err.message) from None
        finally:
            notices.removeFilter(rename)


def find_export(source, fmt=None):
    """(path, Format) of the export `source` names, in what `opened(source)` gives."""
    if os.path.isdir(source):
        return locate(source, fmt)
    return source, fmt or recognise(source)


def read_export(source, fmt_name, tz, options):
    """The [Message] of the export at `source` (file, folder or ZIP), in format `fmt_name` or recognised."""
    fmt = format_named(source, fmt_name) if fmt_name else None
    with opened(source) as where:
        path, fmt = find_export(where, fmt)
        return fmt.parse(os.fspath(path), tz, options)
