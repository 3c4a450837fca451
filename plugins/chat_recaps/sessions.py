"""Sessions of a long export: runs of messages with no silence longer than GAP.

A channel export may span months; the chat a recap is about is one evening of
it. Pure; one sort and one pass over the messages.
"""

from dataclasses import dataclass
from datetime import timedelta

GAP = timedelta(minutes=45)  # a longer silence ends a session
SPAN_OF_ONE_CHAT = timedelta(days=1)  # an export longer than this holds more than one chat


@dataclass(frozen=True)
class Session:
    start: object  # aware datetime of its first message
    end: object  # aware datetime of its last message
    count: int  # messages in it


def find_sessions(messages, gap=GAP):
    """The sessions of `messages`, in time order."""
    times = sorted(m.time for m in messages)
    found, first, last, count = [], None, None, 0
    for moment in times:
        if last is not None and moment - last > gap:
            found.append(Session(first, last, count))
            first, count = None, 0
        first = first or moment
        last, count = moment, count + 1
    if count:
        found.append(Session(first, last, count))
    return found


def busiest(sessions, limit=5):
    """The `limit` sessions with the most messages (the earlier first on a tie)."""
    return sorted(sessions, key=lambda s: (-s.count, s.start))[:limit]


def spans_more_than_a_chat(messages):
    """Say whether `messages` stretch over more than a day."""
    times = [m.time for m in messages]
    return bool(times) and max(times) - min(times) > SPAN_OF_ONE_CHAT
