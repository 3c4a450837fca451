"""Exports as people have them: recognised by content, zipped, mis-encoded, cut to one session."""

import logging
import shutil
import zipfile
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from chat_recaps import exports
from chat_recaps.model import Message, ReadOptions
from chat_recaps.parsers import common
from chat_recaps.sessions import busiest, find_sessions, spans_more_than_a_chat
from chat_recaps.source import hosts, within_window
from helpers import ROOT
from kbutil.diagnostics import SourceError

FIXTURES = ROOT / "tests" / "fixtures" / "recaps"
NEW_YORK = ZoneInfo("America/New_York")
OPTIONS = ReadOptions(hosts=("cmgrchat_host",), day=date(2011, 10, 27))
TRANSCRIPT_LINES = "[8:00 PM] @host: Q1: Hello?\n[8:01 PM] @guest: A1: Hi!\n"


def raised(call, *args):
    with pytest.raises(SourceError) as info:
        call(*args)
    return info.value


@pytest.mark.parametrize(
    "fixture, name",
    [("klout.csv", "csv"), ("tweets.js", "tweets-js"), ("discord.json", "discord"),
     ("slack/cmgrchat/2011-10-28.json", "slack")],
)
def test_formats_are_recognised_by_their_content_not_their_name(tmp_path, fixture, name):
    renamed = tmp_path / "export.dat"
    shutil.copy(FIXTURES / fixture, renamed)
    assert exports.recognise(renamed).name == name


def test_a_transcript_is_recognised(tmp_path):
    path = tmp_path / "chat.log"
    path.write_text(TRANSCRIPT_LINES, encoding="utf-8")
    assert exports.recognise(path).name == "transcript"


@pytest.mark.parametrize(
    "content, says",
    [
        (b"%PDF-1.4 stuff", "looks like a PDF document"),
        (b"\x89PNG\r\n\x1a\n....", "looks like an image"),
        (b"<html><body>Chat</body></html>", "looks like an HTML or XML page"),
        (b'{"kind": "chat", "items": []}', "looks like JSON: an object with keys 'kind', 'items'"),
        (b'[{"who": "a", "said": "b"}]', "looks like JSON: a list of objects with keys 'who', 'said'"),
        (b"Dear diary,\nNothing happened today.\n", "looks like text whose lines are not chat messages"),
    ],
)
def test_an_unknown_format_says_what_it_looks_like_and_what_is_supported(tmp_path, content, says):
    path = tmp_path / "mystery.txt"
    path.write_bytes(content)
    err = raised(exports.recognise, path)
    assert str(err).startswith(f"{path}: {says}"), str(err)
    assert "supported: " in str(err) and "; whatsapp (" in str(err) and "; irc (" in str(err)


def test_an_unknown_format_name_is_refused():
    err = raised(exports.format_named, "x.recap", "myspace")
    assert "Format: 'myspace' is not one of" in str(err)


def zip_of(path, members):
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def test_a_zipped_export_is_read_and_its_errors_name_the_file_inside(tmp_path):
    good = zip_of(tmp_path / "Chat export.zip", {"chat/klout.csv": (FIXTURES / "klout.csv").read_bytes(),
                                                 "chat/photo.jpg": b"\xff\xd8\xff\xe0 not really"})
    messages = exports.read_export(good, "", NEW_YORK, OPTIONS)
    assert len(messages) > 70
    broken = (FIXTURES / "discord.json").read_text(encoding="utf-8")[:5000]
    bad = zip_of(tmp_path / "bad.zip", {"export/discord.json": "{" + broken.split("{", 1)[1]})
    err = raised(exports.read_export, bad, "discord", NEW_YORK, OPTIONS)
    assert str(err).startswith(f"{bad}/export/discord.json:"), str(err)


@pytest.mark.parametrize(
    "members, says",
    [
        ({"../escape.csv": "x"}, "would unpack outside the archive's folder"),
        ({"/etc/passwd.csv": "x"}, "would unpack outside"),
        ({"readme.txt": "Dear diary,\nnothing\n", "notes.md": "# Notes\n"}, "holds no export this site reads"),
    ],
)
def test_bad_archives_are_refused_naming_the_archive(tmp_path, members, says):
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for name, data in members.items():
            info = zipfile.ZipInfo(name)
            zipped.writestr(info, data)
    err = raised(exports.read_export, archive, "", NEW_YORK, OPTIONS)
    assert str(err).startswith(f"{archive}: ") and says in str(err), str(err)
    assert not (tmp_path / "escape.csv").exists()


def test_an_archive_that_unpacks_too_large_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(exports, "MAX_UNPACKED_BYTES", 1000)
    archive = zip_of(tmp_path / "big.zip", {"klout.csv": "a" * 5000})
    assert "unpacks to more than" in str(raised(exports.read_export, archive, "", NEW_YORK, OPTIONS))


def test_a_file_that_is_not_a_zip_but_named_so_is_recognised_by_content(tmp_path):
    path = tmp_path / "export.zip"
    shutil.copy(FIXTURES / "klout.csv", path)
    assert exports.read_export(path, "", NEW_YORK, OPTIONS)


def test_several_exports_in_one_archive_are_named(tmp_path):
    archive = zip_of(tmp_path / "two.zip", {"a.csv": (FIXTURES / "klout.csv").read_bytes(),
                                            "b.json": (FIXTURES / "discord.json").read_bytes()})
    err = raised(exports.read_export, archive, "", NEW_YORK, OPTIONS)
    assert "holds several exports (a.csv, b.json)" in str(err)


def test_an_export_in_another_encoding_is_read_and_the_build_says_which(tmp_path, caplog):
    path = tmp_path / "chat.txt"
    path.write_bytes("[8:00 PM] @host: Q1: Caf\u00e9 or th\u00e9?\n[8:01 PM] @guest: A1: Caf\u00e9!\n".encode("cp1252"))
    with caplog.at_level(logging.INFO, logger="chat_recaps.notices"):
        messages = exports.read_export(path, "", NEW_YORK, OPTIONS)
    assert [m.text for m in messages] == ["Q1: Caf\u00e9 or th\u00e9?", "A1: Caf\u00e9!"]
    assert f"{path}: not UTF-8; read as cp1252" in caplog.text


def test_an_export_mixing_utf8_and_other_bytes_names_the_first_bad_line(tmp_path):
    path = tmp_path / "chat.txt"
    path.write_bytes("[8:00 PM] @host: Q1: Caf\u00e9?\n".encode() + "[8:01 PM] @guest: A1: th\u00e9\n".encode("cp1252"))
    err = raised(common.read_export_text, path)
    assert str(err).startswith(
        f"{path}:2: byte 0xE9 at column 25 is not UTF-8 and the file mixes UTF-8 with another encoding",
    )


def test_binary_data_is_refused_at_its_first_bad_line(tmp_path):
    path = tmp_path / "chat.txt"
    path.write_bytes(b"line one\n" + bytes(range(128, 256)) * 8)
    err = raised(common.read_export_text, path)
    assert str(err).startswith(f"{path}:2: byte 0x80"), str(err)


def message(minutes, handle="jen"):
    moment = datetime(2016, 1, 14, 20, 0, tzinfo=UTC) + timedelta(minutes=minutes)
    return Message(author=handle, handle=handle, time=moment, text=f"at {minutes}")


def test_sessions_are_runs_without_a_long_silence_and_the_busiest_come_first():
    messages = [message(m) for m in (0, 10, 20, 30, 24 * 60, 24 * 60 + 5, 9 * 24 * 60)]
    sessions = find_sessions(messages)
    assert [s.count for s in sessions] == [4, 2, 1]
    assert busiest(sessions, 2)[0].start == messages[0].time and busiest(sessions, 2)[1].count == 2
    assert spans_more_than_a_chat(messages) and not spans_more_than_a_chat(messages[:4])


def test_a_window_keeps_the_messages_from_start_to_the_end_of_its_last_minute(tmp_path):
    recap = tmp_path / "w.recap"
    recap.write_text("Title: W\nDate: 2016-01-14 20:00\nStart: 2016-01-14 20:10\nEnd: 2016-01-14 20:30\n\n")
    messages = [message(m) for m in (0, 10, 20, 30)] + [message(30.5), message(31)]
    meta = {"start": "2016-01-14 20:10", "end": "2016-01-14 20:30"}
    kept = within_window(str(recap), meta, UTC, messages)
    assert [m.text for m in kept] == ["at 10", "at 20", "at 30", "at 30.5"]
    err = raised(within_window, str(recap), {"start": "2017-01-01 00:00"}, UTC, messages)
    assert str(err).startswith(f"{recap}:3: no message between Start: and End: (the export runs from 2016-01-14 20:00")
    err = raised(within_window, str(recap), {"start": "yesterday"}, UTC, messages)
    assert "Start: 'yesterday' is not a date and time" in str(err)


def test_hosts_are_names_as_the_export_spells_them():
    assert hosts("x.recap", {"hosts": "@cmgrchat, Deleted User, Jen Alvarez"}) == (
        "cmgrchat", "Deleted User", "Jen Alvarez")
    assert "is not a handle or name" in str(raised(hosts, "x.recap", {"hosts": "a\x07b"}))
