"""The recap's activity chart: a bin that fits the chat's span, at most 60 bars, readable labels."""

import random
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from chat_recaps.charts import bar_chart
from chat_recaps.model import Message
from chat_recaps.stats import BINS, MAX_BARS, _Binning, activity, choose_bin, compute
from chat_recaps.threading import thread_chat

NEW_YORK = ZoneInfo("America/New_York")
SVG = "{http://www.w3.org/2000/svg}"
# 20:00 in New York on the evening of the sample chat (Oct 27, 2011, summer time: UTC-4).
START = datetime(2011, 10, 28, 0, 0, tzinfo=UTC)


def spread(span, count=200, seed=1, start=START):
    """`count` times from `start` to `start + span`, both ends included, in random order."""
    rng = random.Random(seed)
    times = [start, start + span] + [start + span * rng.random() for _ in range(count - 2)]
    rng.shuffle(times)
    return times[:count] if count >= 2 else [start]


def wall(when):
    """The wall-clock time in New York, as the chart bins it."""
    return when.astimezone(NEW_YORK).replace(tzinfo=None)


def counts(result):
    return [count for _, count in result.bars]


@pytest.mark.parametrize(
    "span, unit, bars",
    [
        (timedelta(minutes=59), "minute", 60),  # 20:00 .. 20:59: exactly 60 one-minute bars
        (timedelta(hours=1), "2 minutes", 31),  # 20:00 .. 21:00: 61 minutes would be one too many
        (timedelta(days=1), "30 minutes", 49),
        (timedelta(weeks=9), "week", 10),  # Thursday Oct 27 .. Thursday Dec 29: 10 weeks from Monday
        (timedelta(days=3652), "year", 11),  # 2011 .. 2021
    ],
)
def test_the_bin_fits_the_span(span, unit, bars):
    result = activity(spread(span), NEW_YORK)
    assert result.bin.unit == unit
    assert len(result.bars) == bars <= MAX_BARS
    assert sum(counts(result)) == 200
    assert result.title == f"Messages per {unit}"


@pytest.mark.parametrize("span", [timedelta(hours=1), timedelta(days=1), timedelta(weeks=9), timedelta(days=3652)])
def test_the_bin_is_the_smallest_that_fits(span):
    """The bin before the one chosen would need more than 60 bars."""
    first, last = (wall(when) for when in (START, START + span))
    chosen = choose_bin(first, last)
    smaller = BINS[BINS.index(chosen) - 1]
    assert _Binning(smaller, first).index(last) + 1 > MAX_BARS
    assert _Binning(chosen, first).index(last) + 1 <= MAX_BARS


def test_a_single_message():
    result = activity([START], NEW_YORK)
    assert result.bin.unit == "minute" and counts(result) == [1]
    assert result.labels() == ["20:00"]
    assert "at 20:00" in result.description


def test_messages_all_at_one_time():
    result = activity([START] * 500, NEW_YORK)
    assert result.bin.unit == "minute" and counts(result) == [500]


def test_no_messages():
    result = activity([], NEW_YORK)
    assert result.bars == () and result.labels() == []
    assert "no messages" in result.description


@pytest.mark.parametrize("seed", range(40))
def test_any_span_gives_at_most_60_bars_that_sum_to_the_messages(seed):
    rng = random.Random(seed)
    span = timedelta(seconds=rng.choice([0, 1, 59, 3600, 86400, 10**6, 10**8, 10**9]) * rng.random() * 3)
    start = START + timedelta(seconds=rng.randrange(-10**9, 10**9))
    times = spread(span, count=rng.randint(1, 300), seed=seed, start=start)
    result = activity(times, NEW_YORK)
    assert 1 <= len(result.bars) <= MAX_BARS
    assert sum(counts(result)) == len(times)
    starts = [s for s, _ in result.bars]
    assert starts == sorted(starts) and starts[0] <= min(times) and max(times) >= starts[-1]
    assert len(set(result.labels())) == len(result.bars)  # every bar says which it is


def test_centuries_apart_still_make_at_most_60_bars():
    """A bad timestamp (year 1970 among 2011 messages, or year 9999) keeps the chart small."""
    for far in (datetime(1970, 1, 1, tzinfo=UTC), datetime(9999, 12, 30, tzinfo=UTC),
                datetime(1, 1, 2, tzinfo=UTC)):
        result = activity([START, far, START + timedelta(minutes=5)], UTC)
        assert len(result.bars) <= MAX_BARS and sum(counts(result)) == 3


def test_bars_start_at_round_local_times():
    """5-minute bars start at :00, :05 … in the recap's zone, whatever the first message's second."""
    times = [START + timedelta(minutes=3, seconds=17), START + timedelta(hours=3, minutes=2)]
    result = activity(times, NEW_YORK)
    assert result.bin.unit == "5 minutes"
    assert result.labels()[:3] == ["20:00", "20:05", "20:10"] and result.labels()[-1] == "23:00"
    assert counts(result)[0] == 1 and counts(result)[-1] == 1


def test_minute_labels_get_the_date_when_the_chat_crosses_midnight():
    result = activity([START + timedelta(hours=3, minutes=40), START + timedelta(hours=4, minutes=30)], NEW_YORK)
    assert result.labels()[0] == "Oct 27, 23:40" and result.labels()[-1] == "Oct 28, 00:30"


def test_the_night_summer_time_ends():
    """01:50 summer time, then 01:10 winter time (20 minutes later): bars follow the wall clock."""
    summer = datetime(2011, 11, 6, 5, 50, tzinfo=UTC)  # 01:50 EDT
    times = [summer - timedelta(minutes=30), summer, summer + timedelta(minutes=20), summer + timedelta(minutes=50)]
    result = activity(times, NEW_YORK)
    assert sum(counts(result)) == 4 and len(result.bars) <= MAX_BARS
    assert result.labels()[0] == "01:10" and result.labels()[-1] == "01:50"
    assert len(set(result.labels())) == len(result.bars)


def test_days_follow_the_recap_time_zone():
    """01:00 UTC on Oct 29 is 21:00 on Oct 28 in New York: it counts for Oct 28."""
    times = [START, START + timedelta(days=1, hours=1), START + timedelta(days=40)]
    result = activity(times, NEW_YORK)
    assert result.bin.unit == "day"
    bars = list(zip(result.labels(), counts(result)))
    assert bars[:3] == [("Oct 27", 1), ("Oct 28", 1), ("Oct 29", 0)] and bars[-1] == ("Dec 6", 1)
    assert len(bars) == 41
    # Across the end of summer time (Nov 6) days stay calendar days.
    result = activity([START + timedelta(days=d) for d in range(45)], NEW_YORK)
    assert counts(result) == [1] * 45 and result.labels()[10] == "Nov 6"


def test_week_month_and_year_labels():
    weeks = activity(spread(timedelta(weeks=9)), NEW_YORK)
    assert weeks.labels()[:2] == ["Oct 24", "Oct 31"] and weeks.label_header == "Week of"
    assert "week (Monday to Sunday)" in weeks.description
    new_year = activity([START, START + timedelta(weeks=12)], NEW_YORK)
    assert new_year.labels()[0] == "Oct 24, 2011" and new_year.labels()[-1] == "Jan 16, 2012"
    months = activity([START, START + timedelta(days=700)], NEW_YORK)
    assert months.bin.unit == "month" and months.labels()[:3] == ["Oct 2011", "Nov 2011", "Dec 2011"]
    assert "calendar month" in months.description
    years = activity(spread(timedelta(days=3652)), NEW_YORK)
    assert years.labels()[0] == "2011" and years.labels()[-1] == "2021" and years.label_header == "Year"


def test_description_says_the_bin_the_span_and_the_zone():
    result = activity(spread(timedelta(hours=2)), NEW_YORK)
    assert result.title == "Messages per 5 minutes"
    assert result.description == (
        "Number of messages in each 5-minute period of the chat, from 20:00 to 22:00 "
        "(America/New_York time); 25 bars, zeros included."
    )


def message(handle, when, text="hi"):
    return Message(author=handle.title(), handle=handle, time=when, text=text, where="line 1")


def test_compute_gives_the_activity_in_the_recap_zone():
    chat = thread_chat([message("ann", START + timedelta(weeks=w), f"week {w}") for w in range(10)], ["host"])
    stats = compute(chat, NEW_YORK)
    assert stats.activity.bin.unit == "week" and sum(counts(stats.activity)) == stats.messages == 10
    assert stats.activity.zone == "America/New_York"
    assert compute(chat, NEW_YORK) == stats  # deterministic


def test_the_chart_of_a_ten_year_chat_is_small_and_labels_are_few():
    """2,000 messages over ten years: 11 bars, not millions; x labels spaced to fit."""
    times = spread(timedelta(days=3652), count=2000)
    result = activity(times, NEW_YORK)
    svg = bar_chart(counts(result), result.labels(), result.title, result.description)
    root = ET.fromstring(svg)
    assert len(root.findall(SVG + "rect")) == 11 and len(svg) < 10_000
    assert root.find(SVG + "title").text == "Messages per year"


def test_long_labels_are_thinned_so_that_they_do_not_overlap():
    result = activity([START, START + timedelta(hours=29)], NEW_YORK)  # 30-minute bars with dates
    assert len(result.bars) == 59 and result.labels()[0] == "Oct 27, 20:00"
    root = ET.fromstring(bar_chart(counts(result), result.labels(), result.title, result.description))
    labels = root.findall(f"{SVG}text[@class='label']")
    assert 2 <= len(labels) <= 12
    xs = [float(label.get("x")) for label in labels]
    longest = max(len(label.text) for label in labels)
    assert min(b - a for a, b in zip(xs, xs[1:])) >= longest * 6  # about 6.5 units a character at 11px


def axis_labels(result):
    svg = bar_chart(counts(result), result.labels(), result.title, result.description,
                    label_steps=result.label_steps())
    return [label.text for label in ET.fromstring(svg).findall(f"{SVG}text[@class='label']")]


def test_axis_labels_fall_on_round_times():
    """A chat from 20:02 to 21:30 in 2-minute bars: labels every 10 minutes, on the ten."""
    result = activity([START + timedelta(minutes=2), START + timedelta(minutes=90)], NEW_YORK)
    assert result.bin.unit == "2 minutes" and result.labels()[0] == "20:02"
    assert axis_labels(result) == ["20:10", "20:20", "20:30", "20:40", "20:50", "21:00", "21:10", "21:20", "21:30"]
    # Days: on Mondays; months: on half-years here; years: on fives.
    days = activity([START, START + timedelta(days=45)], NEW_YORK)
    assert axis_labels(days)[0] == "Oct 31" and all(label in days.labels()[4::7] for label in axis_labels(days))
    months = activity([START, START + timedelta(days=1500)], NEW_YORK)
    assert months.bin.unit == "month" and axis_labels(months)[:2] == ["Jan 2012", "Jul 2012"]
    years = activity([START - timedelta(days=365 * 25), START + timedelta(days=365 * 20)], NEW_YORK)
    assert years.bin.unit == "year" and axis_labels(years)[:2] == ["1990", "1995"]
