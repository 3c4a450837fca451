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

from chat_recaps.handles import handle_key
from chat_recaps.model import Recap, Thread

# Leading "#cmgrchat " or "@host " words that may come before the prefix.
_LEAD = r"^\s*(?:[#@]\w+[\s,:]+)*"
_SEPARATOR = r"\s*(?::|\)|\.|-|\u2013|\u2014)"
_QUESTION = re.compile(_LEAD + r"(?:question|q)\s*(\d+)" + _SEPARATOR, re.IGNORECASE)
_ANSWER = re.compile(_LEAD + r"(?:answer|a)\s*(\d+)" + _SEPARATOR, re.IGNORECASE)

OPEN = 0  # the "question number" of the open conversation


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
        key = (handle_key(message.handle), " ".join(message.text.split()))
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
    host_list = list(dict.fromkeys(h for h in map(handle_key, hosts) if h))
    kept, aliases = _fold(messages)
    chat = _Chat(kept, aliases, frozenset(host_list))
    result = chat.resolve_all()
    threads = {number: Thread(number=number, question=kept[index]) for number, index in chat.questions.items()}
    open_conversation = []
    for index, message in enumerate(kept):
        if index in chat.question_at:
            continue
        if result[index] == OPEN:
            open_conversation.append(message)
        else:
            threads[result[index]].answers.append(message)  # kept is in time order
    return Recap(
        messages=kept,
        threads=[threads[number] for number in sorted(threads)],
        open_conversation=open_conversation,
        hosts=tuple(host_list),
    )


class _Chat:
    """One chat's messages (folded, in time order) and the rules of the module docstring, one method each."""

    def __init__(self, kept, aliases, hosts):
        self.kept, self.hosts = kept, hosts
        self.questions = self._questions()  # number -> index in kept
        self.question_at = {index: number for number, index in self.questions.items()}
        self.asked = sorted(self.question_at)  # kept is in time order, so indexes are too
        self.asked_times = [kept[index].time for index in self.asked]
        self.by_id = self._ids(aliases)
        self.thread_keys = self._thread_keys()

    def _is_host(self, message):
        return handle_key(message.handle) in self.hosts

    def _questions(self):
        """Rule 1: the first host message with each number."""
        questions = {}
        for index, message in enumerate(self.kept):
            if self._is_host(message):
                number = question_number(message.text)
                if number is not None and number not in questions:
                    questions[number] = index
        return questions

    def _ids(self, aliases):
        """Message id -> index; a reply to a dropped duplicate is a reply to the copy that was kept."""
        by_id = {}
        for index, message in enumerate(self.kept):
            if message.id:
                by_id.setdefault(message.id, index)
        kept_index = {id(message): index for index, message in enumerate(self.kept)}
        for alias, message in aliases.items():
            by_id.setdefault(alias, kept_index[id(message)])
        return by_id

    def _thread_keys(self):
        """Slack thread key (a question's id or thread) -> question number."""
        keys = {}
        for number, index in sorted(self.questions.items()):
            for key in (self.kept[index].id, self.kept[index].thread):
                if key:
                    keys.setdefault(key, number)
        return keys

    def latest_question(self, index):
        """Rule 5: the latest question asked at or before the message, else OPEN."""
        position = bisect.bisect_right(self.asked_times, self.kept[index].time)
        return self.question_at[self.asked[position - 1]] if position else OPEN

    def direct(self, index):
        """Rules 1-3: a number, OPEN, or None when the links must decide."""
        if index in self.question_at:
            return self.question_at[index]
        message = self.kept[index]
        if self._is_host(message):
            return OPEN
        number = answer_number(message.text)
        if number is not None:
            return number if number in self.questions else OPEN
        return None

    def links(self, index):
        """Rule 4 targets in order: ("n", number) or ("m", index of a message)."""
        message = self.kept[index]
        targets = []
        if message.reply_to and message.reply_to in self.by_id:
            targets.append(("m", self.by_id[message.reply_to]))
        if message.thread:
            if message.thread in self.thread_keys:
                targets.append(("n", self.thread_keys[message.thread]))
            elif message.thread in self.by_id:
                targets.append(("m", self.by_id[message.thread]))
        return targets

    def resolve_all(self):
        """{index: question number or OPEN} for every message."""
        result = {}
        for first in range(len(self.kept)):
            if first not in result:
                self._resolve(first, result)
        return result

    def _resolve(self, first, result):
        """Resolve `first` and the chain it leads along, with an explicit stack (chains can be long)."""
        stack = [[first, 0, None]]  # [index, next link, links]
        on_stack = {first}
        while stack:
            frame = stack[-1]
            index = frame[0]
            if frame[2] is None:
                number = self.direct(index)
                if number is not None:
                    result[index] = number
                    stack.pop()
                    on_stack.discard(index)
                    continue
                frame[2] = self.links(index)
            pushed = self._follow(frame, result, stack, on_stack)
            if pushed:
                continue
            if index not in result:
                result[index] = self.latest_question(index)
            stack.pop()
            on_stack.discard(index)

    @staticmethod
    def _follow(frame, result, stack, on_stack):
        """Try the frame's links in order: settle its result, or push an unresolved target (True)."""
        index, targets = frame[0], frame[2]
        while frame[1] < len(targets):
            kind, value = targets[frame[1]]
            if kind == "n":
                result[index] = value
                return False
            if value in result:
                if result[value] != OPEN:
                    result[index] = result[value]
                    return False
            elif value not in on_stack:
                stack.append([value, 0, None])
                on_stack.add(value)
                return True
            frame[1] += 1  # target is in the open conversation, or a cycle
        return False
