"""What a chat recap is made of. Pure data: picklable, no Pelican import."""

from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(frozen=True)
class Message:
    """One message of a chat export, reduced to what may be published.

    Only the author's display name and handle, the time and the text are kept
    (never e-mail addresses, user ids or avatars). `id` and `reply_to` are the
    export's own message ids, used for threading and then dropped.
    """

    author: str  # display name ("Jane Doe"), or the handle when there is none
    handle: str  # the @handle without "@" ("janedoe"); unique key for a person
    time: datetime  # timezone-aware (UTC when the export gives no zone)
    text: str  # plain text as written; never HTML (escaped when rendered)
    where: str = ""  # location in the export for error messages: "line 12", "record 7"
    id: str = ""  # the export's message id, if any
    reply_to: str = ""  # id of the message this one replies to, if any
    thread: str = ""  # thread key (Slack thread_ts), if any
    is_retweet: bool = False


@dataclass
class Answer:
    message: Message
    question: int  # question number (1-based); 0 for the open conversation


@dataclass
class Thread:
    """A question with the answers it drew."""

    number: int
    question: Message
    answers: list = field(default_factory=list)  # [Message], in time order


@dataclass
class Recap:
    """A threaded chat: questions with answers, plus what matched no question."""

    messages: list  # [Message], deduplicated, in time order
    threads: list  # [Thread], by question number
    open_conversation: list  # [Message] that answer no question
    hosts: tuple = ()  # handles of the hosts


@dataclass(frozen=True)
class ReadOptions:
    """What a parser may need from the recap's header besides the export itself."""

    hosts: tuple = ()  # the hosts' handles or names, as the Hosts header spells them
    channel: str = ""  # the channel to read from an export of several (Slack's Channel header)
    day: date | None = None  # the chat's day (Date header), for logs whose lines give only a time
