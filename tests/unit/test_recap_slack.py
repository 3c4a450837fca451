"""The Slack parser: a channel folder, a day file, and a whole workspace export as Slack zips it.

Fixtures (written by tests/fixtures/recaps/make_fixtures.py from the sample recap):
tests/fixtures/recaps/slack/ (one channel: the sample chat) and
tests/fixtures/recaps/slack-workspace/*.zip (#general, #cmgrchat, #random over nine
weeks; #cmgrchat holds the sample chat on the evening of 2011-10-27, New York time).
"""

import json
import re
import shutil
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from chat_recaps.model import ReadOptions
from chat_recaps.parsers import slack
from kbutil.diagnostics import SourceError, display_path

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "recaps"
CHANNEL = FIXTURES / "slack" / "cmgrchat"
WORKSPACE_ZIP = FIXTURES / "slack-workspace" / "Community Managers Slack export Oct 1 2011 - Dec 9 2011.zip"
NEW_YORK = ZoneInfo("America/New_York")
UTC = UTC
CHAT_START = datetime(2011, 10, 28, 0, 0, tzinfo=UTC)  # 8:00 PM in New York
CHAT_END = datetime(2011, 10, 28, 1, 0, tzinfo=UTC)
# The sample evening as the site-level recap cuts it (Start: / End: in New York time).
EVENING = (datetime(2011, 10, 27, 19, 0, tzinfo=NEW_YORK), datetime(2011, 10, 27, 23, 1, tzinfo=NEW_YORK))
# A Slack id: user, channel, team, file, bot, group, DM, enterprise user, user group.
SLACK_ID = re.compile(r"(?<![A-Za-z0-9])[UCTFBGDWS][A-Z0-9]{8,}(?![A-Za-z0-9])")
GOOD_SLACK = {"type": "message", "user": "U1", "text": "ok", "ts": "1319760000.000100"}
USERS = {"U1": ("jen", "Jen")}
CHANNELS = {"C1": "general"}


def raised(call, *args):
    """Return the SourceError that `call(*args)` raises."""
    with pytest.raises(SourceError) as caught:
        call(*args)
    return caught.value


def where(path, line=None):
    """Return how a SourceError names `path` (and `line`)."""
    return f"{display_path(path)}:{line}: " if line else f"{display_path(path)}: "


def with_fields(good, **changes):
    """`good` with `changes` (None removes the key)."""
    record = dict(good, **changes)
    return {key: value for key, value in record.items() if value is not None}


def write_json(path, value):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(value), encoding="utf-8")
    return path


def write_day(folder, records, name="2011-10-28.json"):
    """Write a Slack day file."""
    return write_json(Path(folder) / name, records)


def parse(path, channel=""):
    return slack.parse(path, UTC, ReadOptions(channel=channel))


def texts(messages):
    return [m.text for m in messages]


def one_text(tmp_path, record, users=None, channels=None):
    """The text of the one message `record` makes, in a workspace with `users` and `channels`."""
    write_day(tmp_path / "chan", [record])
    write_json(tmp_path / "users.json", users or [{"id": "U1", "name": "jen"}])
    write_json(tmp_path / "channels.json", channels or [{"id": "C1", "name": "chan"}])
    messages = parse(tmp_path / "chan")
    assert len(messages) == 1, messages
    return messages[0].text


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    """The workspace fixture, unzipped as the lead's code unzips it (the parser never unzips)."""
    folder = tmp_path_factory.mktemp("workspace")
    with zipfile.ZipFile(WORKSPACE_ZIP) as archive:
        archive.extractall(folder)
    return folder


@pytest.fixture(scope="module")
def cmgrchat(workspace):
    return slack.parse(workspace, NEW_YORK, ReadOptions(channel="cmgrchat"))


def every_message(workspace):
    """The messages of every channel of the workspace fixture."""
    return [m for name in ("general", "cmgrchat", "random") for m in parse(workspace, name)]


# -- the format registry's entry points -----------------------------------------------------


def test_name_and_label():
    assert slack.NAME == "slack"
    assert slack.LABEL == "Slack workspace export (folder or .zip; one channel)"


def test_sniff_knows_a_day_file_and_nothing_else(workspace):
    assert slack.sniff(CHANNEL.joinpath("2011-10-28.json").read_text(encoding="utf-8")[:65536])
    assert slack.sniff((workspace / "cmgrchat" / "2011-10-07.json").read_text(encoding="utf-8"))
    assert slack.sniff("\ufeff\n  " + json.dumps([GOOD_SLACK]))
    first_cut_short = '[{"type": "message", "ts": "1319760000.000100", "text": "' + "x" * 70_000
    assert slack.sniff(first_cut_short[:65536])
    for other in ("users.json", "channels.json", "integration_logs.json"):
        assert not slack.sniff((workspace / other).read_text(encoding="utf-8")), other
    for head in ("", "[]", "{}", "[" * 100_000, '[{"ts": 1}]', '[{"type": "message"}]', "\x00\xff",
                 '[{"id": "1", "created_at": "2011-10-28T00:00:00Z", "content": "<p>hi</p>"}]',
                 '{"messages": [{"type": "message", "ts": "1319760000.1"}]}', "[8:00 PM] @a: hi"):
        assert not slack.sniff(head), head


def test_parse_without_options_reads_a_channel_folder():
    """The options are optional: a channel folder needs none."""
    assert len(slack.parse(CHANNEL, UTC)) == len(slack.parse(CHANNEL, UTC, ReadOptions()))


# -- the single-channel fixture ---------------------------------------------------------------


def test_slack_fixture():
    """The Slack channel: every message, names from users.json, joins and bots skipped."""
    messages = slack.parse(CHANNEL, NEW_YORK)
    assert len(messages) == 79 and len({m.handle for m in messages}) == 13
    assert messages[0].time == CHAT_START and messages[-1].time == CHAT_END
    assert messages[0].where == "2011-10-28.json record 1" and messages[0].id == "1319760000.000001"
    assert {m.author for m in messages if m.handle == "forum_fran"} == {"Fran Lindqvist"}
    assert not any("has joined" in m.text or "Half time" in m.text for m in messages)
    assert any("Read the announcement on klout.com before" in m.text for m in messages)


def test_slack_threads():
    """Answers to Q3 are replies in the thread the question starts."""
    messages = slack.parse(CHANNEL, NEW_YORK)
    question = next(m for m in messages if m.text.startswith("Q3."))
    assert question.thread == question.id and not question.reply_to
    answers = [m for m in messages if m.thread == question.id and m is not question]
    assert answers and all(m.reply_to == question.id and m.text.startswith("A3:") for m in answers)


def test_a_day_file_alone_finds_the_users_of_its_export():
    """One day file: users.json and channels.json are looked for up the tree."""
    messages = parse(CHANNEL / "2011-10-28.json")
    assert len(messages) == 79 and {m.author for m in messages if m.handle == "forum_fran"} == {"Fran Lindqvist"}


def test_a_channel_folder_ignores_the_channel_header():
    """A channel folder (perhaps renamed when copied beside the recap) is read whatever Channel: says."""
    assert len(parse(CHANNEL, "general")) == 79


# -- markup -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, plain",
    [
        ("<@U1> agreed", "@jen agreed"),
        ("<@U1|old_name> agreed", "@jen agreed"),  # users.json knows the current name
        ("<@U9|old_name> hi", "@old_name hi"),
        ("<@U9|@old_name> hi", "@old_name hi"),
        ("<@U9> hi", f"@{slack.unknown_member('U9')} hi"),
        ("see <#C1|general> and <#C1>", "see #general and #general"),
        ("see <#C7|lounge> and <#C7>", "see #lounge and #channel"),
        ("<!here> <!channel> <!everyone> <!here|here> <!channel|@channel>", "@here @channel @everyone @here @channel"),
        ("<!subteam^S0CM00001|@mods> and <!subteam^S0CM00001>", "@mods and @group"),
        ("<!subteam^S0CM00001|mods>", "@mods"),
        ("<!date^1319760000^{date_short} at {time}|Oct 27, 2011 at 8:00 PM>", "Oct 27, 2011 at 8:00 PM"),
        ("<!date^1319760000^{date}>", "2011-10-28 00:00 UTC"),
        ("<https://example.com/a|the post> or <https://example.com/b>",
         "the post (https://example.com/a) or https://example.com/b"),
        ("<https://example.com/c|https://example.com/c> <http://klout.com|klout.com>",
         "https://example.com/c klout.com"),
        ("<https://example.com/?a=1&amp;b=2|Q &amp; A>", "Q & A (https://example.com/?a=1&b=2)"),
        ("<mailto:a@example.org|a@example.org> <mailto:a@example.org|write to Jen> <mailto:a@example.org>",
         "an e-mail address write to Jen an e-mail address"),
        ("<mailto:a@example.org|mailto:a@example.org> <mailto:a@example.org|Jen (b@example.org)>",
         "an e-mail address Jen (an e-mail address)"),
        ("<tel:28919.8689279|28919.8689279> <tel:+15555550123|(555) 555-0123> <tel:+15555550123>",
         "28919.8689279 (555) 555-0123 +15555550123"),
        ("<https://files.slack.com/files-pri/T0CM00001-F0CM00001/a.pdf|a.pdf> "
         "<https://cmgrchat.slack.com/files/U0CM00001/F0CM00001/a.pdf>", "[file: a.pdf] [file]"),
        ("<https://cmgrchat.slack.com/archives/C0CM00001/p1319760000000100|that message> "
         "<https://cmgrchat.slack.com/archives/C0CM00001/p1319760000000100>", "that message [Slack link]"),
        ("<https://slack.com/help/articles/201355156>", "https://slack.com/help/articles/201355156"),
        ("&lt;script&gt;alert(1)&lt;/script&gt; &amp;lt;", "<script>alert(1)</script> &lt;"),
        ("a &lt;@U1&gt; typed by hand stays text", "a <@U1> typed by hand stays text"),
    ],
)
def test_slack_markup(text, plain):
    """Slack's documented message formatting becomes the plain text a reader saw."""
    assert slack.decode_markup(text, USERS, CHANNELS) == plain


def test_markup_never_shows_an_id():
    text = ("<@U0CM00099> <#C0CM00099> <!subteam^S0CM00099> <!date^1319760000^{date}> "
            "<https://cmgrchat.slack.com/archives/C0CM00099/p1> "
            "<https://files.slack.com/files-pri/T0CM00099-F0CM00099/x>")
    assert not SLACK_ID.search(slack.decode_markup(text, {}, {}))


def test_a_phone_number_is_plain_text_on_the_page():
    """A number Slack took for a phone number is neither "tel:" nor a link once rendered."""
    from chat_recaps.text import render_text

    html = render_text(slack.decode_markup("<tel:28919.8689279|28919.8689279> minutes", {}, {}))
    assert html == "28919.8689279 minutes"


# -- files, comments and what is skipped --------------------------------------------------------


def test_a_file_share_shows_the_file_title_never_its_links(tmp_path):
    record = with_fields(GOOD_SLACK, text="Slides from tonight", files=[
        {"id": "F0CM00001", "name": "slides.pdf", "title": "Tonight's slides", "url_private":
         "https://files.slack.com/files-pri/T0CM00001-F0CM00001/slides.pdf",
         "permalink": "https://cmgrchat.slack.com/files/U0CM00001/F0CM00001/slides.pdf"},
        {"id": "F0CM00002", "name": "chart.png", "title": ""},
        {"id": "F0CM00003", "mode": "tombstone"},
    ], upload=True)
    assert one_text(tmp_path, record) == "Slides from tonight [file: Tonight's slides] [file: chart.png] [file]"
    assert one_text(tmp_path, with_fields(record, text="", subtype="file_share")) == (
        "[file: Tonight's slides] [file: chart.png] [file]")


def test_an_old_upload_keeps_only_its_comment_and_the_title(tmp_path):
    record = with_fields(GOOD_SLACK, subtype="file_share", bot_id=None, upload=True,
                         text="<@U1|jen> uploaded a file: <https://cmgrchat.slack.com/files/jen/F0CM00002/c.png|"
                              "Chart> and commented: the chart from Q2",
                         file={"id": "F0CM00002", "name": "c.png", "title": "Chart"})
    assert one_text(tmp_path, record) == "the chart from Q2 [file: Chart]"
    record["text"] = "<@U1|jen> uploaded a file: <https://cmgrchat.slack.com/files/jen/F0CM00002/c.png|Chart>"
    assert one_text(tmp_path, record) == "[file: Chart]"
    del record["file"]  # the file object left out: its title is the link's label
    record["text"] = "<@U1|jen> shared a file: <https://cmgrchat.slack.com/files/jen/F0CM00002/c.png|Q &amp; A>"
    assert one_text(tmp_path, record) == "[file: Q & A]"


def test_a_file_comment_is_a_message_by_the_commenter(tmp_path):
    record = {"type": "message", "subtype": "file_comment", "ts": "1319760000.000200",
              "text": "<@U2|mo> commented on <@U1|jen>'s file <https://x.slack.com/files/jen/F0CM00001/a.pdf|Slides>: "
                      "nice <@U1>",
              "file": {"id": "F0CM00001", "name": "a.pdf", "title": "Slides", "user": "U1"},
              "comment": {"id": "Fc0CM00001", "user": "U2", "comment": "nice <@U1>", "timestamp": 1319760000}}
    write_day(tmp_path / "chan", [record])
    write_json(tmp_path / "users.json", [{"id": "U1", "name": "jen"}, {"id": "U2", "name": "mo"}])
    (message,) = parse(tmp_path / "chan")
    assert (message.handle, message.text) == ("mo", "comment on file Slides: nice @jen")


@pytest.mark.parametrize(
    "subtype",
    ["bot_message", "channel_join", "channel_leave", "channel_topic", "channel_purpose", "channel_name",
     "channel_archive", "channel_unarchive", "pinned_item", "unpinned_item", "tombstone", "group_join",
     "reminder_add", "slackbot_response", "huddle_thread", "file_mention", "sh_room_created"],
)
def test_skipped_subtypes(tmp_path, subtype):
    write_day(tmp_path / "chan", [with_fields(GOOD_SLACK, subtype=subtype, text="skip me"), GOOD_SLACK])
    assert texts(parse(tmp_path / "chan")) == ["ok"]


@pytest.mark.parametrize(
    "changes",
    [
        {"bot_id": "B0CM00002"},  # an app posting, even without a subtype
        {"bot_id": "B0CM00002", "subtype": "thread_broadcast"},
        {"hidden": True},
        {"type": "channel_marked"},
        {"text": "   "},
        {"text": None},
    ],
)
def test_skipped_records(tmp_path, changes):
    write_day(tmp_path / "chan", [with_fields(GOOD_SLACK, **changes), GOOD_SLACK])
    assert texts(parse(tmp_path / "chan")) == ["ok"]


@pytest.mark.parametrize("subtype", ["thread_broadcast", "reply_broadcast", "me_message"])
def test_kept_subtypes(tmp_path, subtype):
    write_day(tmp_path / "chan", [with_fields(GOOD_SLACK, subtype=subtype, text="kept", thread_ts="1319760000.1")])
    assert texts(parse(tmp_path / "chan")) == ["kept"]


def test_an_edited_message_has_its_edited_text_and_attachments_are_not_read(tmp_path):
    record = with_fields(GOOD_SLACK, text="fixed typo", edited={"user": "U1", "ts": "1319760100.000000"},
                         attachments=[{"title": "Unfurled", "text": "preview", "from_url": "https://example.org"}])
    assert one_text(tmp_path, record) == "fixed typo"


# -- the workspace export ---------------------------------------------------------------------


def test_the_workspace_zip_is_in_slacks_shape():
    with zipfile.ZipFile(WORKSPACE_ZIP) as archive:
        names = archive.namelist()
        assert names == sorted(names)
        assert {"users.json", "channels.json", "integration_logs.json", "general/", "cmgrchat/", "random/",
                "cmgrchat/2011-10-28.json"} <= set(names)
        assert {info.date_time for info in archive.infolist()} == {(2011, 12, 9, 17, 5, 0)}
        days = [n for n in names if n.startswith("cmgrchat/") and n.endswith(".json")]
    assert len(days) > 40 and all(slack.DAY_FILE.fullmatch(n.split("/")[1]) for n in days)


def test_channel_selection(workspace, cmgrchat):
    for spelled in ("cmgrchat", "#cmgrchat", " #CMGRChat "):
        assert len(parse(workspace, spelled)) == len(cmgrchat)
    general, random = parse(workspace, "general"), parse(workspace, "#random")
    assert len(general) == 4 and len(random) == 4
    assert any("Welcome to the Community Managers Slack" in m.text for m in general)
    assert texts(random)[-1] == "Lurker report: still here, still reading"


def test_several_channels_and_no_channel_header_lists_them(workspace):
    assert str(raised(parse, workspace)) == where(workspace) + (
        "has 3 channels: general, cmgrchat, random; say which with 'Channel: NAME'")
    assert str(raised(parse, workspace, "#lounge")) == where(workspace) + (
        "has no channel 'lounge'; it has 3 channels: general, cmgrchat, random; say which with 'Channel: NAME'")


def test_a_channel_folder_or_day_file_of_the_workspace(workspace, cmgrchat):
    """users.json and channels.json are found one folder up."""
    assert [(m.handle, m.text) for m in parse(workspace / "cmgrchat")] == [(m.handle, m.text) for m in cmgrchat]
    (message,) = parse(workspace / "cmgrchat" / "2011-10-24.json")
    assert message.text == "Next AMA: Nov 3rd at 8:00 PM in #random (sorry, #general)"


def test_the_export_inside_one_top_folder(workspace, tmp_path):
    """A zip may hold the export inside one folder (and macOS clutter)."""
    shutil.copytree(workspace, tmp_path / "outer" / "export")
    (tmp_path / "outer" / "__MACOSX").mkdir()
    assert len(parse(tmp_path / "outer", "cmgrchat")) > 100


def test_the_sample_evening_is_the_sample_chat(cmgrchat):
    """Cut out as the site's Start:/End: do, #cmgrchat's evening is the single-channel fixture's chat."""
    evening = [m for m in cmgrchat if EVENING[0] <= m.time < EVENING[1]]
    sample = slack.parse(CHANNEL, NEW_YORK)
    fields = lambda m: (m.handle, m.author, m.text, m.time, m.thread, m.reply_to)  # noqa: E731
    assert [fields(m) for m in evening] == [fields(m) for m in sample]


def test_nine_weeks_of_other_messages(cmgrchat):
    others = [m for m in cmgrchat if not EVENING[0] <= m.time < EVENING[1]]
    assert len(others) >= 60
    assert (max(m.time for m in others) - min(m.time for m in others)).days >= 63
    assert len({m.time.date() for m in others}) >= 40


def test_what_the_workspace_shows(cmgrchat):
    shown = "\n".join(texts(cmgrchat))
    for text in [
        "@channel welcome to our Slack! Chats stay on Thursdays at 8 PM ET; the rest of the week, talk here "
        "or in #general",
        "Slides from last night's chat [file: Slides: community guidelines]",
        "comment on file Slides: community guidelines: Slide 4 is the one I'm stealing",
        "Topic ideas? Write to an e-mail address, ask Jen, or DM @cmgrchat_host",
        "Dashboard says 28919.8689279 minutes read this month. Not sure that decimal is real. "
        "The office line is (555) 555-0123 if the export breaks again",
        "@mods can one of you pin the chat rules? Thanks @forum_fran",
        f"Does anyone know if @{slack.unknown_member('U0CM00099')} is still around? And @former_member too",
        "Track it for a month before you decide",
        "waves from the airport lounge",
        "Next AMA: Nov 3rd at 8:00 PM in #random (sorry, #general)",
        "Reposting the house rules from the welcome message: [Slack link]",
        "The chart from Q2 of the Klout chat [file: Score drop chart]",
        "Too late, I saw it. Agreed though",
        "@here no chat this Thursday (Thanksgiving). @everyone back on Dec 1st",
        "Worth a read: https://example.org/klout-study",
        "Thanks all for last night! The recap is up tomorrow, and the slides: klout slides "
        "(https://cmgrchat.example/slides/klout)",
    ]:
        assert text in shown.split("\n"), text
    for skipped in ("has joined", "has left", "set the channel", "pinned a message", "This message was deleted",
                    "Reminder: #cmgrchat starts", "New on the blog", "uploaded a file", "commented on"):
        assert skipped not in shown, skipped


def test_who_wrote_what_in_the_workspace(cmgrchat):
    by_handle = {m.handle: m.author for m in cmgrchat}
    assert by_handle["former_olga"] == "Olga Petrova"  # a deactivated account keeps its name
    assert by_handle["guest_gia"] == "Gia Romano"  # a guest from another team: the message's user_profile
    assert "slackbot" not in by_handle and "chat_timer" not in by_handle
    broadcast = next(m for m in cmgrchat if m.text == "Track it for a month before you decide")
    question = next(m for m in cmgrchat if m.text.startswith("Anyone running a badge system?"))
    assert broadcast.reply_to == question.id == question.thread


def workspace_ids_and_secrets():
    """Every id, e-mail address and hosted URL in the workspace zip's JSON."""
    found = set()

    def walk(value, key=""):
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, k)
        elif isinstance(value, list):
            for v in value:
                walk(v, key)
        elif isinstance(value, str):
            found.update(SLACK_ID.findall(value))
            if key in ("email", "url_private", "url_private_download", "permalink", "permalink_public",
                       "image_72", "image_48", "avatar_hash", "client_msg_id", "block_id"):
                found.add(value)

    with zipfile.ZipFile(WORKSPACE_ZIP) as archive:
        for name in archive.namelist():
            if name.endswith(".json"):
                walk(json.loads(archive.read(name)))
    return found


def test_no_id_reaches_any_field_of_any_message(workspace):
    secrets = workspace_ids_and_secrets()
    assert {"U0CM00001", "C0CM00001", "T0CM00001", "F0CM00001", "B0CM00001", "S0CM00001", "U0EXT00001",
            "USLACKBOT", "olga@example.org"} <= secrets
    messages = every_message(workspace)
    assert len(messages) > 170
    for m in messages:
        fields = [m.author, m.handle, m.text, m.where, m.id, m.reply_to, m.thread]
        joined = " ".join(fields)
        assert not SLACK_ID.search(joined), (m.where, joined)
        assert not [s for s in secrets if s in joined], m.where
        for word in ("@example.org", "mailto:", "tel:", "files.slack.com", "slack-files", "slack-edge",
                     "slack.com/archives", "/files/"):
            assert word not in joined, (word, m.where)


# -- private conversations and other layouts ------------------------------------------------


def small_workspace(root, public=("general", "cmgrchat"), private=()):
    """A workspace with a day file per channel; `private` is [(listing file, name)]."""
    write_json(root / "users.json", [{"id": "U1", "name": "jen"}])
    write_json(root / "channels.json", [{"id": f"C{i}", "name": name} for i, name in enumerate(public)])
    for name in public:
        write_day(root / name, [with_fields(GOOD_SLACK, text=f"in {name}")])
    for listing, name in private:
        key = "id" if listing == "dms.json" else "name"
        write_json(root / listing, [{"id": name if key == "id" else "G1", "name": name, "members": ["U1"]}])
        write_day(root / name, [with_fields(GOOD_SLACK, text=f"private {name}")])
    return root


def test_a_workspace_of_one_channel_needs_no_channel_header(tmp_path):
    small_workspace(tmp_path, public=("cmgrchat",))
    assert texts(parse(tmp_path)) == ["in cmgrchat"]


def test_channels_without_day_files_are_not_offered(tmp_path):
    small_workspace(tmp_path, public=("cmgrchat",))
    write_json(tmp_path / "channels.json", [{"id": "C1", "name": "empty"}, {"id": "C2", "name": "cmgrchat"}])
    assert texts(parse(tmp_path)) == ["in cmgrchat"]


@pytest.mark.parametrize("listing, name", [("groups.json", "mods-only"), ("mpims.json", "mpdm-jen--mo-1"),
                                           ("dms.json", "D0CM00001")])
def test_private_conversations_are_never_offered(tmp_path, listing, name):
    small_workspace(tmp_path, private=[(listing, name)])
    assert str(raised(parse, tmp_path)) == where(tmp_path) + (
        "has 2 channels: general, cmgrchat; say which with 'Channel: NAME'")
    assert str(raised(parse, tmp_path, name)) == where(tmp_path) + (
        f"{name!r} is a private channel or direct messages, which are never read; "
        "it has 2 channels: general, cmgrchat (public)")


def test_without_channels_json_the_public_folders_are_offered(tmp_path):
    small_workspace(tmp_path, private=[("groups.json", "mods-only"), ("dms.json", "D0CM00001")])
    (tmp_path / "channels.json").unlink()
    assert str(raised(parse, tmp_path)).endswith("has 2 channels: cmgrchat, general; say which with 'Channel: NAME'")
    assert texts(parse(tmp_path, "general")) == ["in general"]


def test_a_workspace_without_channel_folders(tmp_path):
    write_json(tmp_path / "channels.json", [{"id": "C1", "name": "general"}])
    assert str(raised(parse, tmp_path)) == where(tmp_path) + (
        "holds no public channel with messages (no channel of channels.json has a folder of day files)")


def test_many_channels_are_listed_in_short(tmp_path):
    small_workspace(tmp_path, public=[f"chan{n:02d}" for n in range(25)])
    assert str(raised(parse, tmp_path)).endswith(
        "has 25 channels: " + ", ".join(f"chan{n:02d}" for n in range(20))
        + " and 5 more; say which with 'Channel: NAME'")


def test_slack_without_users_json(tmp_path):
    """Without users.json the message's user_profile names the person, else a hash of the id."""
    folder = tmp_path / "chan"
    write_day(folder, [
        {"type": "message", "user": "U1", "text": "hi", "ts": "1319760000.000100",
         "user_profile": {"name": "jen", "real_name": "Jen A", "image_72": "https://x/a.png"}},
        {"type": "message", "user": "U2", "text": "hello", "ts": "1319760001.000100"},
        {"type": "message", "subtype": "channel_topic", "user": "U2", "text": "set the topic", "ts": "1319760002.1"},
        {"type": "message", "subtype": "file_share", "user": "U2", "text": "", "ts": "1319760003.1"},
    ])
    (folder / "canvas.json").write_text("not json", encoding="utf-8")
    jen, other = slack.parse(folder, UTC)
    assert (jen.handle, jen.author) == ("jen", "Jen A")
    assert other.handle.startswith("member-") and other.author == other.handle
    assert "U2" not in other.handle and len(other.handle) == len("member-") + 8


def test_slack_days_in_date_order_and_users_beside_the_channel(tmp_path):
    """Day files are read by date; users.json in the channel folder is found too."""
    folder = tmp_path / "chan"
    write_day(folder, [{"type": "message", "user": "U1", "text": "second", "ts": "1319846400.1"}], "2011-10-29.json")
    write_day(folder, [{"type": "message", "user": "U1", "text": "first", "ts": "1319760000.1"}])
    (folder / "users.json").write_text(json.dumps([{"id": "U1", "name": "jen", "profile": {}}]), encoding="utf-8")
    assert [(m.handle, m.text) for m in slack.parse(folder, UTC)] == [("jen", "first"), ("jen", "second")]


def test_slack_folder_without_days(tmp_path):
    """A folder with no day files is not a Slack channel folder."""
    assert "no day files (YYYY-MM-DD.json)" in str(raised(slack.parse, tmp_path, UTC))
    assert str(raised(slack.parse, tmp_path / "missing", UTC)) == where(tmp_path / "missing") + (
        "no such Slack export folder")


# -- errors name the file and the record ----------------------------------------------------------


@pytest.mark.parametrize(
    "record, says",
    [
        ({"type": "message", "user": "U1", "text": "x"}, "record 2: invalid or missing 'ts' None"),
        ({"type": "message", "text": "x", "ts": "1319760000.1"}, "record 2: the message has no 'user'"),
        ("just a string", "record 2: expected a message object"),
        ({"type": "message", "subtype": "file_comment", "ts": "1319760000.1", "comment": {"comment": "x"}},
         "record 2: the file comment has no 'comment.user'"),
    ],
)
def test_slack_record_errors_name_the_day_file(tmp_path, record, says):
    """A bad message is reported with its day file and place in it."""
    good = {"type": "message", "user": "U1", "text": "ok", "ts": "1319760000.000100"}
    path = write_day(tmp_path / "chan", [good, record])
    assert str(raised(slack.parse, tmp_path / "chan", UTC)) == where(path) + says


def test_an_error_in_a_workspace_names_the_channels_day_file(workspace, tmp_path):
    copy = tmp_path / "export"
    shutil.copytree(workspace, copy)
    path = copy / "cmgrchat" / "2011-10-28.json"
    records = json.loads(path.read_text(encoding="utf-8"))
    records[4]["ts"] = "soon"
    path.write_text(json.dumps(records), encoding="utf-8")
    assert str(raised(parse, copy, "cmgrchat")) == where(path) + "record 5: invalid or missing 'ts' 'soon'"


def test_slack_broken_day_file(tmp_path):
    """A truncated day file is reported at its line."""
    folder = tmp_path / "chan"
    folder.mkdir()
    (folder / "2011-10-28.json").write_text('[\n  {"type": "message",\n   "text": "cut', encoding="utf-8")
    err = raised(slack.parse, folder, UTC)
    assert str(err) == where(folder / "2011-10-28.json", 3) + (
        "invalid JSON: unterminated string starting at column 12 (is the export complete?)"
    )


@pytest.mark.parametrize(
    "record, says",
    [
        (with_fields(GOOD_SLACK, subtype=["bot_message"]), "'subtype' should be a string, not a list"),
        (with_fields(GOOD_SLACK, subtype={"x": 1}), "'subtype' should be a string, not an object"),
        (with_fields(GOOD_SLACK, type={"x": 1}), "'type' should be a string, not an object"),
        (with_fields(GOOD_SLACK, ts=["1319760000.1"]), "'ts' should be a string or a whole number, not a list"),
        (with_fields(GOOD_SLACK, ts=99_999_999_999), "invalid or missing 'ts' 99999999999"),
        (with_fields(GOOD_SLACK, ts="9" * 5000), "invalid or missing 'ts' '999999999999999999999999999999999999999..."),
        (with_fields(GOOD_SLACK, user=["U1"]), "'user' should be a string or a whole number, not a list"),
        (with_fields(GOOD_SLACK, user={"id": "U1"}), "'user' should be a string or a whole number, not an object"),
        (with_fields(GOOD_SLACK, text=["hi"]), "'text' should be a string, not a list"),
        (with_fields(GOOD_SLACK, thread_ts={}), "'thread_ts' should be a string or a whole number, not an object"),
        (with_fields(GOOD_SLACK, user="U7", user_profile="jen"), "'user_profile' should be an object, not a string"),
        (with_fields(GOOD_SLACK, user="U7", user_profile={"name": 5}),
         "'user_profile.name' should be a string, not a number"),
        (with_fields(GOOD_SLACK, user="U7", user_profile={"name": "j", "real_name": ["J"]}),
         "'user_profile.real_name' should be a string, not a list"),
        (with_fields(GOOD_SLACK, files={"name": "a.pdf"}), "'files' should be a list, not an object"),
        (with_fields(GOOD_SLACK, files=["a.pdf"]), "'files[0]' should be an object, not a string"),
        (with_fields(GOOD_SLACK, files=[{"title": ["a"]}]), "'files[0].title' should be a string, not a list"),
        (with_fields(GOOD_SLACK, subtype="file_share", file="a.pdf"), "'file' should be an object, not a string"),
        (with_fields(GOOD_SLACK, subtype="file_comment", comment="nice"),
         "'comment' should be an object, not a string"),
        (with_fields(GOOD_SLACK, subtype="file_comment", comment={"user": "U1", "comment": 5}),
         "'comment.comment' should be a string, not a number"),
        ([GOOD_SLACK], "expected a message object"),
    ],
)
def test_slack_fields_of_the_wrong_kind(tmp_path, record, says):
    """Slack messages: each field is checked; the error names the day file and the record."""
    path = write_day(tmp_path / "chan", [GOOD_SLACK, record])
    (tmp_path / "chan" / "users.json").write_text(json.dumps([{"id": "U1", "name": "jen"}]), encoding="utf-8")
    message = str(raised(slack.parse, tmp_path / "chan", UTC))
    assert message.startswith(where(path) + "record 2: " + says), message
    assert len(message) < 300


@pytest.mark.parametrize(
    "users, says",
    [
        ({}, ":1: expected a JSON list of users"),
        ([{"id": ["U1"], "name": "jen"}], ": record 1: 'id' should be a string or a whole number, not a list"),
        ([{"id": "U1", "name": {"first": "jen"}}], ": record 1: 'name' should be a string, not an object"),
        ([{"id": "U1", "name": "jen", "profile": []}], ": record 1: 'profile' should be an object, not a list"),
        ([{"id": "U1", "name": "jen", "profile": {"display_name": 5}}],
         ": record 1: 'profile.display_name' should be a string, not a number"),
        (["U1"], ": record 1: expected a user with an 'id' and a 'name'"),
    ],
)
def test_slack_users_of_the_wrong_kind(tmp_path, users, says):
    """users.json is checked the same way."""
    write_day(tmp_path / "chan", [GOOD_SLACK])
    (tmp_path / "users.json").write_text(json.dumps(users), encoding="utf-8")
    message = str(raised(slack.parse, tmp_path / "chan", UTC))
    assert message.startswith(display_path(tmp_path / "users.json") + says), message


@pytest.mark.parametrize(
    "channels, says",
    [
        ({"channels": []}, ":1: expected a JSON list of channels"),
        ([{"id": "C1"}], ": record 1: expected a channel with an 'id' and a 'name'"),
        ([{"id": "C1", "name": ["general"]}], ": record 1: 'name' should be a string, not a list"),
        ([5], ": record 1: expected a channel with an 'id' and a 'name'"),
    ],
)
def test_slack_channels_of_the_wrong_kind(tmp_path, channels, says):
    """channels.json is checked too, whether the channel is chosen from it or it only names mentions."""
    write_day(tmp_path / "chan", [GOOD_SLACK])
    (tmp_path / "channels.json").write_text(json.dumps(channels), encoding="utf-8")
    for path in (tmp_path, tmp_path / "chan"):
        message = str(raised(slack.parse, path, UTC))
        assert message.startswith(display_path(tmp_path / "channels.json") + says), message


def test_slack_day_file_of_the_wrong_shape(tmp_path):
    path = write_day(tmp_path / "chan", {"messages": [GOOD_SLACK]})
    assert str(raised(slack.parse, tmp_path / "chan", UTC)) == where(path, 1) + "expected a JSON list of messages"
