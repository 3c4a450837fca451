"""Numbers about a threaded chat. Pure and deterministic; standard library only."""

from collections import Counter
from dataclasses import dataclass
from datetime import MINYEAR, UTC, datetime, time, timedelta

from chat_recaps.handles import handle_key, strip_at
from chat_recaps.text import tokens

TOP = 5  # how many contributors, links and hashtags to list, unless told (RECAPS_TOP)
MAX_BARS = 60  # the activity chart's bin is the smallest that gives at most this many bars

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class Bin:
    """One width of the activity chart's bars: `size` minutes, days, weeks, months or years."""

    unit: str  # as said after "Messages per": "minute", "5 minutes", "week"
    kind: str  # "minutes", "days", "weeks", "months" or "years"
    size: int


# Smallest first. Bars follow the wall clock and calendar of the recap's time
# zone: minute sizes divide a day, so bars start at round local times (20:00,
# 20:05, …); weeks start on Monday; months and years are calendar ones. The
# bins after "year" only keep a span of centuries (a bad timestamp) at 60 bars
# or fewer.
BINS = (
    Bin("minute", "minutes", 1), Bin("2 minutes", "minutes", 2), Bin("5 minutes", "minutes", 5),
    Bin("10 minutes", "minutes", 10), Bin("15 minutes", "minutes", 15), Bin("30 minutes", "minutes", 30),
    Bin("hour", "minutes", 60), Bin("2 hours", "minutes", 120), Bin("3 hours", "minutes", 180),
    Bin("6 hours", "minutes", 360), Bin("12 hours", "minutes", 720),
    Bin("day", "days", 1), Bin("week", "weeks", 1), Bin("month", "months", 1), Bin("year", "years", 1),
    Bin("10 years", "years", 10), Bin("100 years", "years", 100), Bin("1,000 years", "years", 1000),
)


class _Binning:
    """Which bar a local wall-clock time (naive, in the recap's zone) falls in, for one Bin.

    Bars are counted from the one holding `first`. Bars follow the wall clock,
    as the labels do: on the night summer time ends, the repeated hour's
    messages share its bars; the skipped hour in spring has empty bars.
    """

    def __init__(self, bin, first):
        self.bin = bin
        self.day = first.date()
        if bin.kind == "minutes":
            minute = first.hour * 60 + first.minute
            self.origin = first.replace(second=0, microsecond=0) - timedelta(minutes=minute % bin.size)
            self.width = timedelta(minutes=bin.size)
        elif bin.kind == "weeks":
            self.day = self.day - timedelta(days=self.day.weekday())  # date(1, 1, 1) is a Monday
        self.month = first.year * 12 + first.month - 1
        self.year = first.year // bin.size

    def index(self, wall):
        """The number of the bar `wall` falls in; 0 for the first."""
        kind = self.bin.kind
        if kind == "minutes":
            return (wall - self.origin) // self.width
        if kind == "days":
            return (wall.date() - self.day).days
        if kind == "weeks":
            return (wall.date() - self.day).days // 7
        if kind == "months":
            return wall.year * 12 + wall.month - 1 - self.month
        return wall.year // self.bin.size - self.year

    def start(self, index):
        """The wall-clock start of bar `index` (naive)."""
        kind, size = self.bin.kind, self.bin.size
        if kind == "minutes":
            return self.origin + self.width * index
        if kind in ("days", "weeks"):
            return datetime.combine(self.day + timedelta(days=index * (7 if kind == "weeks" else 1)), time(0))
        if kind == "months":
            year, month = divmod(self.month + index, 12)
            return datetime(year, month + 1, 1)
        return datetime(max(MINYEAR, (self.year + index) * size), 1, 1)


@dataclass(frozen=True)
class Activity:
    """Messages over time: one bar per `bin`, from the bar holding the first message to the last's."""

    bin: Bin
    bars: tuple  # ((start: aware datetime in the recap's zone, count), …), at most MAX_BARS
    zone: str = "UTC"  # the time zone the bars and labels are in, by name

    @property
    def title(self):
        return f"Messages per {self.bin.unit}"

    @property
    def label_header(self):
        return {"minutes": "Time", "days": "Day", "weeks": "Week of", "months": "Month"}.get(
            self.bin.kind, "Year" if self.bin.size == 1 else "Years")

    def labels(self):
        """A readable start for each bar: "20:05", "Oct 27, 20:00", "Oct 27", "Oct 2011", "2016".

        Times of day get their date when the bars cross midnight; days and
        weeks get their year when the bars cross a new year.
        """
        if not self.bars:
            return []
        first, last = self.bars[0][0], self.bars[-1][0]
        kind, size = self.bin.kind, self.bin.size
        if kind == "minutes":
            one_day = first.date() == last.date()
            return [("" if one_day else f"{_day(s)}, ") + f"{s:%H:%M}" for s, _ in self.bars]
        if kind in ("days", "weeks"):
            one_year = first.year == last.year
            return [_day(s) + ("" if one_year else f", {s.year}") for s, _ in self.bars]
        if kind == "months":
            return [f"{MONTHS[s.month - 1]} {s.year}" for s, _ in self.bars]
        if size == 1:
            return [str(s.year) for s, _ in self.bars]
        return [f"{s.year}\u2013{(s.year // size + 1) * size - 1}" for s, _ in self.bars]

    def label_steps(self):
        """((step, offset), …) for the chart's x labels: every `step` bars from bar `offset`, on round times.

        Labels fall on whole ten minutes, hours, Mondays, quarters, decades…,
        as far as the bin allows.
        """
        if not self.bars:
            return ()
        first = self.bars[0][0]
        kind, size = self.bin.kind, self.bin.size
        if kind == "minutes":
            start = first.hour * 60 + first.minute
            periods = [p for p in (1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440) if p % size == 0]
            return tuple((p // size, ((-start) % p) // size) for p in periods)
        if kind == "days":
            return ((1, 0), (2, 0), (7, (7 - first.weekday()) % 7), (14, (7 - first.weekday()) % 7))
        if kind == "weeks":
            return ((1, 0), (2, 0), (4, 0), (13, 0), (26, 0))
        if kind == "months":
            return tuple((step, (-(first.month - 1)) % step) for step in (1, 2, 3, 6, 12))
        return tuple((step, (-(first.year // size)) % step) for step in (1, 2, 5, 10))

    @property
    def description(self):
        if not self.bars:
            return "Number of messages over time: the chat has no messages."
        labels = self.labels()
        number, _, word = self.bin.unit.rpartition(" ")
        period = {"week": "week (Monday to Sunday)", "month": "calendar month"}.get(
            word, f"{number}-{word.rstrip('s')} period" if number else word)
        bars = len(self.bars)
        span = f"from {labels[0]} to {labels[-1]}" if bars > 1 else f"at {labels[0]}"
        return (f"Number of messages in each {period} of the chat, {span} ({self.zone} time); "
                f"{bars} bar{'' if bars == 1 else 's'}, zeros included.")


def _day(moment):
    return f"{MONTHS[moment.month - 1]} {moment.day}"


def choose_bin(first, last, max_bars=MAX_BARS):
    """The smallest Bin of BINS that shows wall-clock times `first`..`last` in at most `max_bars` bars."""
    for bin in BINS:
        if _Binning(bin, first).index(last) < max_bars:
            return bin
    return BINS[-1]


def activity(times, tz=UTC):
    """An Activity of aware `times` in the zone `tz`.

    Two passes over the times (their local wall clock, then the counts): the
    cost follows the number of messages, never the span.
    """
    walls = [when.astimezone(tz).replace(tzinfo=None) for when in times]
    zone = getattr(tz, "key", None) or str(tz)
    if not walls:
        return Activity(BINS[0], (), zone)
    first, last = min(walls), max(walls)
    bin = choose_bin(first, last)
    binning = _Binning(bin, first)
    counts = [0] * (binning.index(last) + 1)
    for wall in walls:
        counts[binning.index(wall)] += 1
    return Activity(bin, tuple((binning.start(i).replace(tzinfo=tz), count) for i, count in enumerate(counts)), zone)


def extract_links(text):
    """http(s) URLs in text, in order, without trailing punctuation."""
    return [value for kind, value, _, _ in tokens(text) if kind == "url"]


def extract_hashtags(text):
    """Hashtags in text, in order, without "#", as written; none inside URLs.

    "#1" (digits only), "C#" and "&#39;" are not hashtags.
    """
    return [value for kind, value, _, _ in tokens(text) if kind == "hashtag"]


def extract_mentions(text):
    """@handles in text, in order, without "@"; not e-mail addresses or URL parts."""
    return [value for kind, value, _, _ in tokens(text) if kind == "mention"]


@dataclass(frozen=True)
class Stats:
    messages: int
    participants: int
    questions: int
    answers: int
    started: datetime | None  # None when there are no messages
    ended: datetime | None
    duration: timedelta
    answers_per_question: tuple  # ((number, count), …) by question number
    top_contributors: tuple  # ((handle, display name, count), …) the top `top`
    links: tuple  # ((url, count), …) the top `top`
    hashtags: tuple  # ((tag, count), …) the top `top`, lowercased
    activity: Activity  # messages over time, at most MAX_BARS bars
    participants_list: tuple  # ((handle, display name, count), …) by display name


def _people(messages):
    """{handle key: [handle, display name, count]}; the first spelling seen wins."""
    people = {}
    for message in messages:
        key = handle_key(message.handle)
        person = people.get(key)
        if person is None:
            handle = strip_at(message.handle)
            people[key] = [handle, message.author.strip() or handle, 1]
        else:
            person[2] += 1
    return people


def _by_count(counter):
    """Counter items by count (descending), then key."""
    return sorted(counter.items(), key=lambda item: (-item[1], item[0]))


def compute(recap, tz=UTC, top=TOP):
    """Stats for a chat_recaps.model.Recap; `tz` is the recap's time zone, `top` the length of top lists."""
    messages = sorted(recap.messages, key=lambda m: m.time)
    people = _people(messages)

    started = messages[0].time if messages else None
    ended = messages[-1].time if messages else None
    duration = ended - started if messages else timedelta(0)

    links = Counter()
    hashtags = Counter()
    for message in messages:
        links.update(extract_links(message.text))
        hashtags.update(tag.lower() for tag in extract_hashtags(message.text))

    contributors = sorted(
        people.items(), key=lambda item: (-item[1][2], item[0], item[1][0])
    )
    listed = sorted(
        people.items(), key=lambda item: (item[1][1].casefold(), item[0], item[1][0])
    )

    return Stats(
        messages=len(recap.messages),
        participants=len(people),
        questions=len(recap.threads),
        answers=sum(len(thread.answers) for thread in recap.threads),
        started=started,
        ended=ended,
        duration=duration,
        answers_per_question=tuple((t.number, len(t.answers)) for t in recap.threads),
        top_contributors=tuple(tuple(person) for _, person in contributors[:top]),
        links=tuple(_by_count(links)[:top]),
        hashtags=tuple(_by_count(hashtags)[:top]),
        activity=activity((m.time for m in messages), tz),
        participants_list=tuple(tuple(person) for _, person in listed),
    )
