"""Thread a hashtag chat: questions (Q1…Qn) by the hosts, answers under them.

Pure; standard library only. `thread_chat(messages, hosts)` is the whole API.

How an answer finds its question, first rule that applies wins:

1. a question is a host's message starting "Q1:", "Q1)", "Q1.", "Q1 -",
   "Question 1:" (any case, optional spaces, after optional leading #hashtags
   or @mentions); the first message with a number is that question;
2. host messages that are not questions go to the open conversation;
3. an "A1:" / "A1)" / "A1." / "A 1 -" / "Answer 1:" prefix names the question
   (open conversation if there is no such question);
4. a reply (reply_to) to a question, or to any message that itself ended up
   under a question, whatever order the chain arrived in; then a thread key
   (Slack thread_ts) equal to a question's id or thread key, or to the id of
   a message under a question;
5. the latest question asked at or before the message's time; nothing when
   the message came before the first question (open conversation).
"""

import bisect
import re

from chat_recaps.model import Recap, Thread

# Leading "#cmgrchat " or "@host " words that may come before the prefix.
_LEAD = r"^\s*(?:[#@]\w+[\s,:]+)*"
_SEPARATOR = r"\s*(?::|\)|\.|-|\u2013|\u2014)"
_QUESTION = re.compile(_LEAD + r"(?:question|q)\s*(\d+)" + _SEPARATOR, re.IGNORECASE)
_ANSWER = re.compile(_LEAD + r"(?:answer|a)\s*(\d+)" + _SEPARATOR, re.IGNORECASE)

OPEN = 0  # the "question number" of the open conversation


def normalise_handle(handle):
    """'@JaneDoe ' -> 'janedoe'."""
    return str(handle).strip().lstrip("@").strip().casefold()


def _prefix_number(pattern, text):
    match = pattern.match(text)
    if match:
        number = int(match.group(1))
        if number > 0:
            return number
    return None


def question_number(text):
    """The number of a "Q1:"-style prefix, or None."""
    return _prefix_number(_QUESTION, text)


def answer_number(text):
    """The number of an "A1:"-style prefix, or None."""
    return _prefix_number(_ANSWER, text)


def is_retweet(message):
    return bool(message.is_retweet) or message.text.lstrip().startswith("RT @")


def _fold(messages):
    """Sort by time (stable); drop retweets and exact duplicates.

    Returns (kept messages, {id of a dropped duplicate: the kept message}).
    """
    kept = []
    seen = {}
    aliases = {}
    for message in sorted(messages, key=lambda m: m.time):
        if is_retweet(message):
            continue
        key = (normalise_handle(message.handle), " ".join(message.text.split()))
        first = seen.get(key)
        if first is not None:
            if message.id and message.id != first.id:
                aliases.setdefault(message.id, first)
            continue
        seen[key] = message
        kept.append(message)
    return kept, aliases


def thread_chat(messages, hosts):
    """Thread a chat. Returns a chat_recaps.model.Recap. O(n log n)."""
    host_list = []
    for handle in hosts:
        handle = normalise_handle(handle)
        if handle and handle not in host_list:
            host_list.append(handle)
    host_set = frozenset(host_list)

    kept, aliases = _fold(messages)

    # Questions: the first host message with each number.
    questions = {}  # number -> index in kept
    for index, message in enumerate(kept):
        if normalise_handle(message.handle) in host_set:
            number = question_number(message.text)
            if number is not None and number not in questions:
                questions[number] = index
    question_at = {index: number for number, index in questions.items()}

    # Fallback (rule 5): questions in time order, searched with bisect.
    asked = sorted(question_at)  # kept is in time order, so indexes are too
    asked_times = [kept[index].time for index in asked]

    def latest_question(index):
        position = bisect.bisect_right(asked_times, kept[index].time)
        return question_at[asked[position - 1]] if position else OPEN

    # Links between messages (rule 4).
    by_id = {}
    for index, message in enumerate(kept):
        if message.id:
            by_id.setdefault(message.id, index)
    # A reply to a dropped duplicate is a reply to the copy that was kept.
    kept_index = {id(message): index for index, message in enumerate(kept)}
    for alias, message in aliases.items():
        by_id.setdefault(alias, kept_index[id(message)])
    thread_keys = {}  # Slack thread key -> question number
    for number, index in sorted(questions.items()):
        for key in (kept[index].id, kept[index].thread):
            if key:
                thread_keys.setdefault(key, number)

    def direct(index):
        """Rules 1-3: a number, OPEN, or None when the links must decide."""
        if index in question_at:
            return question_at[index]
        message = kept[index]
        if normalise_handle(message.handle) in host_set:
            return OPEN
        number = answer_number(message.text)
        if number is not None:
            return number if number in questions else OPEN
        return None

    def links(index):
        """Rule 4 targets in order: ("n", number) or ("m", index of a message)."""
        message = kept[index]
        targets = []
        if message.reply_to and message.reply_to in by_id:
            targets.append(("m", by_id[message.reply_to]))
        if message.thread:
            if message.thread in thread_keys:
                targets.append(("n", thread_keys[message.thread]))
            elif message.thread in by_id:
                targets.append(("m", by_id[message.thread]))
        return targets

    # Resolve every message with an explicit stack (reply chains can be long).
    result = {}
    for first in range(len(kept)):
        if first in result:
            continue
        stack = [[first, 0, None]]  # [index, next link, links]
        on_stack = {first}
        while stack:
            frame = stack[-1]
            index = frame[0]
            if frame[2] is None:
                number = direct(index)
                if number is not None:
                    result[index] = number
                    stack.pop()
                    on_stack.discard(index)
                    continue
                frame[2] = links(index)
            targets = frame[2]
            pushed = False
            while frame[1] < len(targets):
                kind, value = targets[frame[1]]
                if kind == "n":
                    result[index] = value
                    break
                if value in result:
                    if result[value] != OPEN:
                        result[index] = result[value]
                        break
                elif value not in on_stack:
                    stack.append([value, 0, None])
                    on_stack.add(value)
                    pushed = True
                    break
                frame[1] += 1  # target is in the open conversation, or a cycle
            if pushed:
                continue
            if index not in result:
                result[index] = latest_question(index)
            stack.pop()
            on_stack.discard(index)

    threads = {number: Thread(number=number, question=kept[index]) for number, index in questions.items()}
    open_conversation = []
    for index, message in enumerate(kept):
        if index in question_at:
            continue
        number = result[index]
        if number == OPEN:
            open_conversation.append(message)
        else:
            threads[number].answers.append(message)  # kept is in time order

    return Recap(
        messages=kept,
        threads=[threads[number] for number in sorted(threads)],
        open_conversation=open_conversation,
        hosts=tuple(host_list),
    )
