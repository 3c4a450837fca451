"""`invoke new-recap`'s work, called directly: what it writes, what it refuses, what it advises."""

import json
import shutil
import zipfile

import pytest

from chat_recaps.create import NewRecapError, new_recap
from helpers import ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "recaps"


def made(tmp_path, export, *hosts, **options):
    return new_recap(tmp_path, export, options.pop("title", "A chat"), "cmgrchat", list(hosts) or ["cmgrchat_host"],
                     **options)


def refused(tmp_path, export, *hosts, **options):
    with pytest.raises(NewRecapError) as info:
        made(tmp_path, export, *hosts, **options)
    assert not (tmp_path / "content" / "recaps").exists() or not any((tmp_path / "content" / "recaps").iterdir())
    return str(info.value)


def recaps(tmp_path):
    return tmp_path / "content" / "recaps"


def test_an_export_is_copied_with_a_header_naming_its_format_and_first_message(tmp_path):
    lines = made(tmp_path, FIXTURES / "discord.json", timezone="America/New_York")
    text = (recaps(tmp_path) / "a-chat.recap").read_text(encoding="utf-8")
    assert "Date: 2011-10-27 20:00\nTimezone: America/New_York\n" in text
    assert "Hosts: cmgrchat_host\n" in text and "Source: a-chat.json\nFormat: discord\n" in text
    assert (recaps(tmp_path) / "a-chat.json").read_bytes() == (FIXTURES / "discord.json").read_bytes()
    assert lines[0].startswith("Wrote content/recaps/a-chat.recap (DiscordChatExporter JSON, ")
    assert not any(p.name.startswith(".new-recap") for p in recaps(tmp_path).iterdir())


def test_a_zipped_export_is_copied_as_it_is(tmp_path):
    archive = tmp_path / "Klout chat export.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.write(FIXTURES / "klout.csv", "export/klout.csv")
    made(tmp_path, archive)
    text = (recaps(tmp_path) / "a-chat.recap").read_text(encoding="utf-8")
    assert "Source: a-chat.zip\nFormat: csv\n" in text
    assert (recaps(tmp_path) / "a-chat.zip").read_bytes() == archive.read_bytes()


def test_a_window_cuts_one_session_and_is_written_as_start_and_end(tmp_path):
    made(tmp_path, FIXTURES / "discord.json", timezone="America/New_York",
         start="2011-10-27 20:10", end="2011-10-27 20:20")
    text = (recaps(tmp_path) / "a-chat.recap").read_text(encoding="utf-8")
    assert "Date: 2011-10-27 20:10\n" in text and "Start: 2011-10-27 20:10\nEnd: 2011-10-27 20:20\n" in text


def long_discord(tmp_path, evenings):
    """The sample Discord chat repeated on `evenings` Thursdays, a week apart."""
    export = json.loads((FIXTURES / "discord.json").read_text(encoding="utf-8"))
    records = []
    for week in range(evenings):
        for number, record in enumerate(export["messages"]):
            day = 27 + 7 * week
            month, day = (10, day) if day <= 31 else (11, day - 31)
            stamp = record["timestamp"].replace("2011-10-27", f"2011-{month:02d}-{day:02d}")
            stamp = stamp.replace("2011-10-28", f"2011-{month:02d}-{day + 1:02d}")
            records.append(dict(record, id=f"{week}{number:05d}", timestamp=stamp, reference=None))
    export["messages"] = records[: len(records) - 20 * (evenings - 1)]  # the later evenings are quieter
    path = tmp_path / "long export.json"
    path.write_text(json.dumps(export), encoding="utf-8")
    return path


def test_an_export_of_several_weeks_names_its_busiest_sessions_and_how_to_pick_one(tmp_path):
    lines = made(tmp_path, long_discord(tmp_path, 3), timezone="America/New_York")
    advice = "\n".join(lines)
    assert "The export spans 2011-10-27 20:00 to 2011-11-10" in advice and "more than one chat" in advice
    assert "  2011-10-27 20:00 to 21:" in advice and "Start: 2011-10-27 20:00  End: 2011-10-27 21:" in advice
    assert advice.index("2011-10-27 20:00 to") < advice.index("2011-11-03 20:00 to")  # busiest first
    assert "--from 'START' --to 'END' --replace" in advice and "long export.json' --title 'A chat'" in advice


def test_the_advice_can_be_followed_and_replaces_the_whole_export_with_one_session(tmp_path):
    export = long_discord(tmp_path, 3)
    made(tmp_path, export, timezone="America/New_York")
    whole = (recaps(tmp_path) / "a-chat.recap").read_text(encoding="utf-8")
    assert "already exists; nothing was written (add --replace" in refused_again(tmp_path, export)
    assert (recaps(tmp_path) / "a-chat.recap").read_text(encoding="utf-8") == whole  # a refusal changes nothing
    lines = made(tmp_path, export, timezone="America/New_York", start="2011-11-10 19:00", end="2011-11-10 19:22",
                 replace=True)
    text = (recaps(tmp_path) / "a-chat.recap").read_text(encoding="utf-8")
    assert "Start: 2011-11-10 19:00\nEnd: 2011-11-10 19:22\n" in text and "Date: 2011-11-10 19:00" in text
    assert lines[0].endswith("39 messages); fill in Topic, Tags and Summary, then build.")
    assert sorted(p.name for p in recaps(tmp_path).iterdir()) == ["a-chat.json", "a-chat.recap"]


def test_a_replacement_that_would_not_build_leaves_the_old_recap(tmp_path):
    made(tmp_path, FIXTURES / "discord.json")
    before = {p.name: p.read_bytes() for p in recaps(tmp_path).iterdir()}
    with pytest.raises(NewRecapError, match="no message in the export is by 'nobody'"):
        made(tmp_path, FIXTURES / "discord.json", "nobody", replace=True)
    assert {p.name: p.read_bytes() for p in recaps(tmp_path).iterdir()} == before


SLACK_ZIP = FIXTURES / "slack-workspace" / "Community Managers Slack export Oct 1 2011 - Dec 9 2011.zip"


def test_a_slack_workspace_zip_needs_a_channel_and_its_advice_repeats_the_options(tmp_path):
    says = refused(tmp_path, SLACK_ZIP)
    assert says.endswith("has 3 channels: general, cmgrchat, random; say which with --channel NAME")
    assert "has no channel 'lounge'" in refused(tmp_path, SLACK_ZIP, channel="lounge")
    lines = made(tmp_path, SLACK_ZIP, channel="#cmgrchat", timezone="America/New_York")
    text = (recaps(tmp_path) / "a-chat.recap").read_text(encoding="utf-8")
    assert "Source: a-chat.zip\nFormat: slack\nChannel: cmgrchat\n" in text
    advice = "\n".join(lines)
    assert "2011-10-27 20:00 to 21:00  79 messages" in advice
    assert advice.endswith("--channel cmgrchat --timezone America/New_York --from 'START' --to 'END' --replace")


def test_hosts_are_checked_against_the_export_and_may_hold_spaces(tmp_path):
    export = json.loads((FIXTURES / "discord.json").read_text(encoding="utf-8"))
    for record in export["messages"]:
        if record["author"]["name"] == "cmgrchat_host":
            record["author"]["name"] = "Deleted User"
    path = tmp_path / "dm.json"
    path.write_text(json.dumps(export), encoding="utf-8")
    says = refused(tmp_path, path, "Deleted Usr")
    assert "no message in the export is by 'Deleted Usr'" in says and "'Deleted User (CMGR Chat Host)'" in says
    made(tmp_path, path, "Deleted User")
    assert "Hosts: Deleted User\n" in (recaps(tmp_path) / "a-chat.recap").read_text(encoding="utf-8")


def test_a_zipped_transcript_is_copied_and_read_from_the_zip(tmp_path):
    archive = tmp_path / "chat log.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("chat log/klout chat.txt", "[20:05] @host: Q1: Caf\u00e9?\n[20:06] @guest: A1: Th\u00e9!\n"
                        .encode("cp1252"))
    lines = made(tmp_path, archive, "host", date="2011-10-20")
    text = (recaps(tmp_path) / "a-chat.recap").read_text(encoding="utf-8")
    assert "Date: 2011-10-20 20:05\n" in text and "Source: a-chat.zip\nFormat: transcript\n" in text
    assert (recaps(tmp_path) / "a-chat.zip").read_bytes() == archive.read_bytes()
    assert lines[0].startswith("Wrote content/recaps/a-chat.recap (") and "2 messages" in lines[0]


def test_a_transcript_in_another_encoding_is_pasted_as_utf8(tmp_path):
    path = tmp_path / "chat.txt"
    path.write_bytes("[20:05] @host: Q1: Caf\u00e9?\n[20:06] @guest: A1: Th\u00e9!\n".encode("cp1252"))
    made(tmp_path, path, "host", date="2011-10-20")
    text = (recaps(tmp_path) / "a-chat.recap").read_text(encoding="utf-8")
    assert text.endswith("\n\n[20:05] @host: Q1: Caf\u00e9?\n[20:06] @guest: A1: Th\u00e9!\n")
    assert "Date: 2011-10-20 20:05\n" in text and "Source:" not in text


@pytest.mark.parametrize(
    "content, says",
    [
        (b"%PDF-1.4\n", "looks like a PDF document; supported: "),
        (b'{"events": [1, 2]}', "looks like JSON: an object with keys 'events'"),
        (b"", "the file is empty"),
    ],
)
def test_what_cannot_be_read_is_one_line_and_nothing_is_written(tmp_path, content, says):
    path = tmp_path / "export.json"
    path.write_bytes(content)
    assert f"new-recap: {path}: {says}" in refused(tmp_path, path)


def test_requests_that_cannot_make_a_recap_are_refused(tmp_path):
    assert "does not exist" in refused(tmp_path, tmp_path / "nothing.json")
    assert "not a known time zone" in refused(tmp_path, FIXTURES / "discord.json", timezone="Mars/Olympus")
    assert "--from 'yesterday' is not a date" in refused(tmp_path, FIXTURES / "discord.json", start="yesterday")
    assert "has no message in that window" in refused(tmp_path, FIXTURES / "discord.json",
                                                      start="2020-01-01 00:00", end="2020-01-01 01:00")
    with pytest.raises(NewRecapError, match="is not a hashtag"):
        new_recap(tmp_path, FIXTURES / "discord.json", "T", "two words", ["cmgrchat_host"])


def test_it_never_overwrites(tmp_path):
    made(tmp_path, FIXTURES / "discord.json")
    before = (recaps(tmp_path) / "a-chat.recap").read_bytes()
    shutil.copy(FIXTURES / "klout.csv", tmp_path / "other.csv")
    assert "already exists; nothing was written" in refused_again(tmp_path, tmp_path / "other.csv")
    assert (recaps(tmp_path) / "a-chat.recap").read_bytes() == before
    assert not (recaps(tmp_path) / "a-chat.csv").exists()


def refused_again(tmp_path, export):
    with pytest.raises(NewRecapError) as info:
        made(tmp_path, export)
    return str(info.value)
