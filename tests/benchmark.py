"""Speed and size figures for `invoke bench` (never run by the tests: they assert no timings).

Measures the site-wide steps that could grow with posts squared (related posts,
backlinks, glossary linking) on synthetic sites of growing size, and prints
each time with its ratio to linear growth (1.0 = linear; posts² would show as
a ratio growing like the size factor). `--build N` also builds a real site of
N generated posts and prints the build time and output size.

The recap section builds (with Pelican, feeds on, in a subprocess) a site of
one generated chat recap per size: 2,000 messages spread over ten years and
120,000 messages over a day and a half, plus a 20-message baseline. It prints
build time, peak memory of the build process, the recap page's size and the
whole output's, and the per-message cost of the big chat against the small
one once the baseline is taken off (about 1 means linear in messages).
Before them it builds one recap of each of three exports written in their
platforms' own shapes: a zipped Slack workspace of three channels over nine
weeks (the recap reads one), an irssi log of three months in Windows-1252, and
an X archive of 2,000 tweets over ten years, each read whole (no Start:/End:).
`--recaps` runs only this section.
"""

import argparse
import csv
import functools
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "plugins")]

from connections.backlinks import backlinks  # noqa: E402
from connections.related import related_posts  # noqa: E402

SIZES = (1000, 2000, 5000, 10000)
NEW_YORK = ZoneInfo("America/New_York")


@dataclass(eq=False)
class Post:
    slug: str
    tags: list
    category: str
    date: datetime
    url: str = ""
    title: str = ""
    html: str = field(default="", repr=False)


def synthetic_site(count, seed=7):
    """`count` posts with Zipf-like tags (a few very common ones) and 3 links each."""
    rng = random.Random(seed)
    tags = [f"tag-{i}" for i in range(max(50, count // 20))]
    weights = [1 / (i + 1) for i in range(len(tags))]
    start = datetime(2011, 1, 1, tzinfo=UTC)
    posts = []
    for i in range(count):
        chosen = sorted(set(rng.choices(tags, weights, k=rng.randint(2, 6))))
        post = Post(f"post-{i}", chosen, f"cat-{i % 12}", start + timedelta(hours=i),
                    url=f"posts/post-{i}/", title=f"Post {i}")
        posts.append(post)
    for post in posts:
        links = rng.sample(range(count), 3)
        post.html = "".join(f'<p>See <a href="{{filename}}post-{j}.md">post {j}</a>.</p>' for j in links)
    return sorted(posts, key=lambda p: p.date, reverse=True)


def timed(function):
    begin = time.perf_counter()
    function()
    return time.perf_counter() - begin


def measure():
    rows = []
    for size in SIZES:
        posts = synthetic_site(size)
        items = [(p, p.html, "posts", f"posts/{p.slug}.md") for p in posts]
        related = timed(functools.partial(related_posts, posts, lambda p: (p.tags, p.category)))
        links = timed(functools.partial(backlinks, items))
        rows.append((size, related, links))
    base_size, base_related, base_links = rows[0]
    print(f"{'posts':>7} {'related s':>10} {'ratio':>6} {'backlinks s':>12} {'ratio':>6}")
    for size, related, links in rows:
        factor = size / base_size
        print(f"{size:>7} {related:>10.3f} {related / base_related / factor:>6.2f} "
              f"{links:>12.3f} {links / base_links / factor:>6.2f}")
    print("ratio = (time / time at 1,000 posts) / (posts / 1,000): about 1 means linear growth")


def build(count):
    """Build a real site of `count` generated posts; print the time and the output size."""
    with tempfile.TemporaryDirectory() as tmp:
        posts = Path(tmp) / "content" / "posts"
        posts.mkdir(parents=True)
        for post in synthetic_site(count):
            body = post.html.replace("{filename}", "{filename}")
            posts.joinpath(f"{post.slug}.md").write_text(
                f"Title: {post.title}\nDate: {post.date:%Y-%m-%d %H:%M}\nCategory: {post.category}\n"
                f"Tags: {', '.join(post.tags)}\nSlug: {post.slug}\n\nWords about community. {body}\n"
            )
        output = Path(tmp) / "output"
        begin = time.perf_counter()
        result = subprocess.run(
            [sys.executable, "-m", "pelican", str(Path(tmp) / "content"), "-s", str(ROOT / "pelicanconf.py"),
             "-o", str(output), "-e", "BUILD_GUARD_FAIL_ON=\"error\""],
            cwd=tmp, capture_output=True, text=True, encoding="utf-8", check=False,
        )
        seconds = time.perf_counter() - begin
        size = sum(f.stat().st_size for f in output.rglob("*") if f.is_file())
        print(f"build of {count} posts: {seconds:.1f} s, exit {result.returncode}, "
              f"{size / 1e6:.1f} MB, {size / count / 1e3:.1f} kB per post")
        if result.returncode:
            print(result.stdout[-2000:] + result.stderr[-2000:])
        shutil.rmtree(output, ignore_errors=True)


# --------------------------------------------------------------------------- chat recaps

# (messages, span): the baseline, a small chat over ten years, a big one over a day and a half.
RECAP_CHATS = ((20, timedelta(hours=1)), (2000, timedelta(days=3652)), (120_000, timedelta(seconds=120_000)))
RECAP_START = datetime(2011, 10, 28, 0, 0, tzinfo=UTC)
WORDS = ("community", "members", "forum", "moderation", "engagement", "metrics", "trust", "events",
         "onboarding", "newsletter", "support", "volunteers", "feedback", "growth", "content", "rules")


def write_chat(folder, count, span, seed=11):
    """A tweets CSV of `count` messages from RECAP_START over `span`, and its .recap; the slug."""
    rng = random.Random(seed)
    people = [f"member_{i:03d}" for i in range(300)]
    weights = [1 / (i + 1) for i in range(len(people))]
    questions = 10
    step = span / max(1, count - 1)
    slug = f"bench-chat-{count}"
    with (folder / f"{slug}.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["from_user", "from_user_name", "created_at", "text"])
        for i in range(count):
            when = RECAP_START + step * i
            number = min(questions, 1 + i * questions // count)
            if i == count * (number - 1) // questions:
                handle_, text = "bench_host", f"Q{number}: What about {rng.choice(WORDS)}? #benchchat"
            else:
                handle_ = rng.choices(people, weights)[0]
                words = " ".join(rng.choices(WORDS, k=rng.randint(4, 16)))
                extra = f" https://example.org/{rng.randrange(500)}" if rng.random() < 0.1 else ""
                extra += f" @{rng.choice(people)}" if rng.random() < 0.2 else ""
                text = f"A{number}: {words}{extra} #benchchat #{rng.choice(WORDS)} (message {i})"
            writer.writerow([handle_, handle_.replace("_", " ").title(), when.strftime("%Y-%m-%dT%H:%M:%SZ"), text])
    (folder / f"{slug}.recap").write_text(
        f"Title: Bench chat {count}\nSlug: {slug}\nDate: 2011-10-27 20:00\nTimezone: America/New_York\n"
        f"Hashtag: #benchchat\nHosts: @bench_host\nTags: benchmarks\nSource: {slug}.csv\nFormat: csv\n\n",
        encoding="utf-8",
    )
    return slug


def measured_build(content, output, log):
    """Build `content` into `output` with Pelican in a subprocess; (seconds, peak RSS in MB, exit code)."""
    command = [sys.executable, "-m", "pelican", str(content), "-s", str(ROOT / "pelicanconf.py"),
               "-o", str(output), "-e", "BUILD_GUARD_FAIL_ON=\"error\""]
    begin = time.perf_counter()
    with log.open("w", encoding="utf-8") as handle:
        process = subprocess.Popen(command, cwd=content.parent, stdout=handle, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(process.pid, 0)  # this child's own peak memory (kB on Linux)
        process.returncode = os.waitstatus_to_exitcode(status)
    return time.perf_counter() - begin, usage.ru_maxrss / 1024, process.returncode


def folder_size(folder):
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())


def build_recap(count, span):
    """Generate one chat and build its site; a dict of the figures."""
    with tempfile.TemporaryDirectory() as tmp:
        content = Path(tmp) / "content"
        recaps = content / "recaps"
        recaps.mkdir(parents=True)
        slug = write_chat(recaps, count, span)
        output, log = Path(tmp) / "output", Path(tmp) / "build.log"
        seconds, peak, code = measured_build(content, output, log)
        if code:
            print(f"build of the {count:,}-message chat failed (exit {code}):")
            print(log.read_text(encoding="utf-8", errors="replace")[-3000:])
        pages = list(output.glob(f"*/*/{slug}/index.html"))
        feeds = output / "feeds"
        return {
            "messages": count, "span": span, "seconds": seconds, "peak": peak, "code": code,
            "page": pages[0].stat().st_size if pages else 0,
            "people": folder_size(output / "people") if (output / "people").is_dir() else 0,
            "feeds": folder_size(feeds) if feeds.is_dir() else 0,
            "output": folder_size(output) if output.is_dir() else 0,
        }


def span_text(span):
    return f"{span.days / 365.25:.0f} years" if span.days > 365 else f"{span.total_seconds() / 3600:.0f} h"


def measure_recaps(chats=RECAP_CHATS):
    """Build each generated chat; print time, memory and sizes, and the per-message cost ratio."""
    rows = [build_recap(count, span) for count, span in chats]
    print(f"{'messages':>9} {'span':>9} {'build s':>8} {'peak MB':>8} {'page MB':>8} {'people MB':>9} "
          f"{'feeds MB':>9} {'output MB':>9}")
    for row in rows:
        print(f"{row['messages']:>9,} {span_text(row['span']):>9} {row['seconds']:>8.1f} {row['peak']:>8.0f} "
              f"{row['page'] / 1e6:>8.2f} {row['people'] / 1e6:>9.2f} {row['feeds'] / 1e6:>9.2f} "
              f"{row['output'] / 1e6:>9.2f}" + (f"  (exit {row['code']})" if row["code"] else ""))
    if len(rows) < 3:
        return
    base, small, big = rows[0], rows[1], rows[-1]
    print(f"per message, baseline ({base['messages']} messages) taken off; "
          f"ratio = {big['messages']:,} messages / {small['messages']:,} (about 1 means linear):")
    for key, unit, scale in (("seconds", "ms", 1e3), ("peak", "kB", 1e3), ("page", "B", 1), ("output", "B", 1)):
        costs = [(row[key] - base[key]) * scale / (row["messages"] - base["messages"]) for row in (small, big)]
        ratio = costs[1] / costs[0] if costs[0] > 0 else float("nan")
        print(f"  {key:>8}: {costs[0]:>9.2f} {unit} at {small['messages']:,}, {costs[1]:>9.2f} {unit} at "
              f"{big['messages']:,}; ratio {ratio:.2f}")


# --------------------------------------------------------------------------- real export shapes

EXPORT_START = datetime(2015, 1, 1, 1, 0, tzinfo=UTC)  # Wednesday 20:00 in New York


def sentence(rng, i):
    return " ".join(rng.choices(WORDS, k=rng.randint(4, 16))) + f" (message {i})"


def weekly_times(rng, weeks, per_chat, chatter):
    """Times of a weekly one-hour chat of `per_chat` messages over `weeks`, plus `chatter` stray ones."""
    times = [EXPORT_START + timedelta(weeks=w, seconds=rng.randrange(3600)) for w in range(weeks)
             for _ in range(per_chat)]
    times += [EXPORT_START + timedelta(seconds=rng.randrange(weeks * 7 * 86400)) for _ in range(chatter)]
    return sorted(times)


def write_slack_zip(folder, rng):
    """A Slack workspace export zip of three channels over nine weeks; the recap reads #cmgrchat."""
    import json
    import zipfile

    people = [(f"U{i:08X}", f"member{i}", f"Member Number {i}") for i in range(1, 121)]
    users = [{"id": uid, "name": name, "real_name": real, "is_bot": False,
              "profile": {"display_name": real, "real_name": real, "email": f"{name}@example.org",
                          "image_72": f"https://avatars.example.org/{uid}.png"}} for uid, name, real in people]
    channels = [{"id": f"C{n:08X}", "name": name, "created": 1420070400, "creator": people[0][0],
                 "members": [uid for uid, _, _ in people]} for n, name in enumerate(("general", "cmgrchat", "random"))]
    files = {"users.json": users, "channels.json": channels, "integration_logs.json": []}
    days = {}
    for channel, (per_chat, chatter) in {"cmgrchat": (150, 400), "general": (0, 300), "random": (0, 200)}.items():
        for i, when in enumerate(weekly_times(rng, 9, per_chat, chatter)):
            uid = people[0][0] if i % 15 == 0 else rng.choice(people)[0]
            text = sentence(rng, i)
            if rng.random() < 0.2:
                text += f" <@{rng.choice(people)[0]}> <https://example.org/{i}|a page> <#{channels[0]['id']}|general>"
            record = {"type": "message", "user": uid, "text": text, "ts": f"{when.timestamp():.0f}.{i:06d}"}
            if rng.random() < 0.02:
                record = {"type": "message", "subtype": "channel_join", "user": uid, "ts": record["ts"],
                          "text": f"<@{uid}> has joined the channel"}
            days.setdefault(f"{channel}/{when:%Y-%m-%d}.json", []).append(record)
    files.update(days)
    path = folder / "Community Slack export Jan 1 2015 - Mar 5 2015.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, value in files.items():
            archive.writestr(name, json.dumps(value, indent=4))
    header = "Hosts: member1\nChannel: cmgrchat\n"
    return path.name, header, sum(1 for name, records in days.items() if name.startswith("cmgrchat/")
                                  for r in records if "subtype" not in r)


def write_irc_cp1252(folder, rng):
    """An irssi log of three months in Windows-1252 (curly quotes, accents), joins and quits included."""
    times = weekly_times(rng, 13, 250, 1500)
    nicks = [f"nick{i}" for i in range(80)]
    lines, day = [f"--- Log opened {times[0] - timedelta(minutes=5):%a %b %d %H:%M:%S %Y}"], None
    for i, when in enumerate(times):
        local = when.astimezone(NEW_YORK)
        if day and local.date() != day:
            lines.append(f"--- Day changed {local:%a %b %d %Y}")
        day = local.date()
        nick = "chathost" if i % 12 == 0 else rng.choice(nicks)
        if rng.random() < 0.1:
            lines.append(f"{local:%H:%M} -!- {nick} [~{nick}@host.example.org] has joined #cmgrchat")
        lines.append(f"{local:%H:%M} <@{nick}> \u201c{sentence(rng, i)}\u201d \u2013 caf\u00e9 #cmgrchat")
    (folder / "cmgrchat.log").write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))
    return "cmgrchat.log", "Hosts: chathost\n", len(times)


def write_tweet_archive(folder, rng, count=2000):
    """An X/Twitter archive's data/tweets.js: `count` tweets of one account over ten years."""
    import json

    start = EXPORT_START - timedelta(days=3650)
    times = sorted(start + timedelta(seconds=rng.randrange(3650 * 86400)) for _ in range(count))
    items = []
    for i, when in enumerate(times):
        text = sentence(rng, i) + f" https://t.co/x{i:06d} #cmgrchat"
        tweet = {"id_str": str(10**17 + i), "full_text": text,
                 "created_at": when.strftime("%a %b %d %H:%M:%S +0000 %Y"),
                 "entities": {"urls": [{"url": f"https://t.co/x{i:06d}", "expanded_url": f"https://example.org/{i}"}]}}
        if i and rng.random() < 0.3:
            tweet["in_reply_to_status_id_str"] = str(10**17 + rng.randrange(i))
        items.append({"tweet": tweet})
    data = folder / "twitter-2015-01-01" / "data"
    data.mkdir(parents=True)
    (data / "tweets.js").write_text("window.YTD.tweets.part0 = " + json.dumps(items, indent=2), encoding="utf-8")
    (data / "account.js").write_text('window.YTD.account.part0 = [{"account": {"username": "owner", '
                                     '"accountDisplayName": "The Owner"}}]', encoding="utf-8")
    return "twitter-2015-01-01", "Hosts: owner\n", count


EXPORT_SHAPES = (("Slack zip, 9 weeks", write_slack_zip), ("IRC cp1252, 3 months", write_irc_cp1252),
                 ("tweets.js, 10 years", write_tweet_archive))


def build_export(name, writer, seed=5):
    """Write one export in its platform's shape with its .recap, build the site; a dict of the figures."""
    with tempfile.TemporaryDirectory() as tmp:
        content = Path(tmp) / "content"
        recaps = content / "recaps"
        recaps.mkdir(parents=True)
        source, header, count = writer(recaps, random.Random(seed))
        (recaps / "export.recap").write_text(
            f"Title: {name}\nSlug: export\nDate: 2015-01-01 20:00\nTimezone: America/New_York\n"
            f"Hashtag: #cmgrchat\n{header}Source: {source}\n\n", encoding="utf-8")
        output, log = Path(tmp) / "output", Path(tmp) / "build.log"
        seconds, peak, code = measured_build(content, output, log)
        said = log.read_text(encoding="utf-8", errors="replace")
        if code:
            print(f"build of {name} failed (exit {code}):\n{said[-3000:]}")
        pages = list(output.glob("*/*/export/index.html"))
        return {"name": name, "messages": count, "seconds": seconds, "peak": peak, "code": code,
                "page": pages[0].stat().st_size if pages else 0,
                "output": folder_size(output) if output.is_dir() else 0,
                "encoding": re.search(r"not UTF-8; read as (\S+)", " ".join(said.split()))}


def measure_exports(shapes=EXPORT_SHAPES):
    """Build one recap of each real export shape; print its time, memory and sizes."""
    print(f"{'export':<22} {'messages':>9} {'build s':>8} {'peak MB':>8} {'page MB':>8} {'output MB':>9}")
    for name, writer in shapes:
        row = build_export(name, writer)
        print(f"{row['name']:<22} {row['messages']:>9,} {row['seconds']:>8.1f} {row['peak']:>8.0f} "
              f"{row['page'] / 1e6:>8.2f} {row['output'] / 1e6:>9.2f}"
              + (f"  (the build said: read as {row['encoding'][1]})" if row["encoding"] else "")
              + (f"  (exit {row['code']})" if row["code"] else ""))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", type=int, default=0, help="also build a real site of N posts")
    parser.add_argument("--recaps", action="store_true", help="only the chat recap section")
    parser.add_argument("--no-recaps", action="store_true", help="leave the chat recap section out")
    args = parser.parse_args()
    if not args.recaps:
        measure()
        if args.build:
            build(args.build)
    if not args.no_recaps:
        measure_exports()
        measure_recaps()


if __name__ == "__main__":
    main()
