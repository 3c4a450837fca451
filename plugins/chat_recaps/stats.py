"""Numbers about a threaded chat. Pure and deterministic; standard library only."""

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta

from chat_recaps.text import tokens

TOP = 5
# The per-minute series stops at a week: a chat is an hour or two, and an
# export whose times span years (a bad timestamp) must not make a series of
# millions of minutes. Beyond it the chart says "No data".
MAX_MINUTES = 7 * 24 * 60


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
    top_contributors: tuple  # ((handle, display name, count), …) top 5
    links: tuple  # ((url, count), …) top 5
    hashtags: tuple  # ((tag, count), …) all, lowercased
    per_minute: tuple  # ((minute from start, count), …) every minute, zeros too
    participants_list: tuple  # ((handle, display name, count), …) by display name


def _people(messages):
    """{handle key: [handle, display name, count]}; the first spelling seen wins."""
    people = {}
    for message in messages:
        key = message.handle.strip().lstrip("@").casefold()
        person = people.get(key)
        if person is None:
            handle = message.handle.strip().lstrip("@")
            people[key] = [handle, message.author.strip() or handle, 1]
        else:
            person[2] += 1
    return people


def _by_count(counter):
    """Counter items by count (descending), then key."""
    return sorted(counter.items(), key=lambda item: (-item[1], item[0]))


def compute(recap):
    """Stats for a chat_recaps.model.Recap."""
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

    per_minute = ()
    if messages and duration <= timedelta(minutes=MAX_MINUTES):
        minutes = Counter(int((m.time - started).total_seconds() // 60) for m in messages)
        per_minute = tuple((minute, minutes[minute]) for minute in range(max(minutes) + 1))

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
        top_contributors=tuple(tuple(person) for _, person in contributors[:TOP]),
        links=tuple(_by_count(links)[:TOP]),
        hashtags=tuple(_by_count(hashtags)),
        per_minute=per_minute,
        participants_list=tuple(tuple(person) for _, person in listed),
    )
