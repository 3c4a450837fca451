"""Who may be named in a recap: opt-outs and anonymising, applied after threading.

Omitted people's answers and chatter are left out (a question they asked as
host stays, shown as "a participant", so the recap keeps its shape).
Anonymised people keep their words under "a participant" (or "Participant N"
when everyone is anonymised); their @mentions in others' messages are hidden
too. Anonymous authors get a private handle starting with "~": counted, never
linked, never given a page.
"""

import re
from dataclasses import replace

from .handles import handle_key
from .model import Recap, Thread

ANONYMOUS = "a participant"


def is_anonymous(handle):
    return handle.startswith("~")


def apply_privacy(recap, opt_out, anonymise_all):
    """Return a Recap where opted-out people are left out or anonymised."""
    choices = {handle_key(h): c for h, c in opt_out.items()}
    labels = anonymous_labels(recap, choices, anonymise_all)
    if not labels and not choices:
        return recap
    mention = mention_pattern(labels)

    def show(message, keep_omitted=False):
        key = handle_key(message.handle)
        if choices.get(key) == "omit" and not keep_omitted:
            return None
        author, handle = labels.get(key, (message.author, message.handle))
        text = mention.sub(ANONYMOUS, message.text) if mention else message.text
        return replace(message, author=author, handle=handle, text=text)

    def shown(messages):
        return [m for m in map(show, messages) if m is not None]

    threads = [Thread(t.number, show(t.question, keep_omitted=True), shown(t.answers)) for t in recap.threads]
    return Recap(shown(recap.messages), threads, shown(recap.open_conversation), recap.hosts)


def anonymous_labels(recap, choices, anonymise_all):
    """Map handle keys to the (author, private handle) they are shown under."""
    labels, hosts = {}, {handle_key(h) for h in recap.hosts}
    for message in recap.messages + [t.question for t in recap.threads]:
        key = handle_key(message.handle)
        if key in labels or not (anonymise_all or choices.get(key)):
            continue
        number = len(labels) + 1
        if anonymise_all:
            author = "Host" if key in hosts else f"Participant {number}"
        else:
            author = ANONYMOUS
        labels[key] = (author, f"~{number}")
    return labels


def mention_pattern(labels):
    """A regex matching @mentions of the hidden handles, or None."""
    if not labels:
        return None
    names = "|".join(sorted((re.escape(k) for k in labels), key=len, reverse=True))
    return re.compile(rf"(?<![\w@])@(?:{names})(?!\w)", re.IGNORECASE)
