"""From a threaded, privacy-filtered recap to what the page template shows."""

from dataclasses import dataclass

from pelican.utils import slugify

from kbutil.markers import PEOPLE_TARGET

from .charts import bar_chart, chart_table
from .handles import handle_key
from .privacy import is_anonymous
from .text import render_text

SLUG_SUBS = [(r"[^\w\s-]", ""), (r"(?u)\A\s*", ""), (r"(?u)\s*\Z", ""), (r"[-\s]+", "-")]


def person_slug(handle):
    return slugify(handle_key(handle), regex_subs=SLUG_SUBS)


@dataclass(frozen=True)
class PersonAnswer:
    """One answer of a participant, kept on the recap article for people pages."""

    handle: str
    author: str
    question_number: int
    question_text: str
    html: str
    time: object


class RecapView:
    """Builds the template context of one recap page."""

    def __init__(self, recap, stats, tz, tags, top):
        self.recap, self.stats, self.tz, self.top = recap, stats, tz, top
        self.people = {handle_key(m.handle) for m in recap.messages if not is_anonymous(m.handle)}
        self.tags = {t.casefold() for t in tags}

    def person_link(self, handle):
        key = handle_key(handle)
        return "{filename}/" + PEOPLE_TARGET.format(slug=person_slug(key)) if key in self.people else None

    def tag_link(self, tag):
        return f"{{tag}}{tag}" if tag.casefold() in self.tags else None

    def message(self, m):
        local = m.time.astimezone(self.tz)
        return {
            "author": m.author,
            "handle": "" if is_anonymous(m.handle) else m.handle,
            "url": None if is_anonymous(m.handle) else self.person_link(m.handle),
            "iso": local.isoformat(),
            "clock": local.strftime("%H:%M"),
            "html": render_text(m.text, self.person_link, self.tag_link),
        }

    def duration(self):
        """The chat's length as a reader says it: minutes up to two hours, then hours, then days."""
        minutes = int(self.stats.duration.total_seconds() // 60)
        if minutes < 120:
            return f"{minutes} minute{'s' if minutes != 1 else ''}"
        if minutes < 48 * 60:
            return f"{minutes // 60} hours"
        return f"{minutes // (24 * 60):,} days"

    def threads(self):
        return [
            {"number": t.number, "anchor": f"q{t.number}", "question": self.message(t.question),
             "answers": [self.message(a) for a in t.answers]}
            for t in self.recap.threads
        ]

    def charts(self):
        """The activity chart (a bin that fits the chat's span) and answers per question."""
        activity = self.stats.activity
        per_question = self.stats.answers_per_question
        return [
            self.chart([c for _, c in activity.bars], activity.labels(), activity.title, activity.description,
                       "activity", activity.label_header, label_steps=activity.label_steps()),
            self.chart([c for _, c in per_question], [f"Q{n}" for n, _ in per_question], "Answers per question",
                       "Number of answers each question drew.", "per-question", "Question", "Answers"),
        ]

    def chart(self, values, labels, title, description, prefix, label_header="Label", value_header="Messages",
              label_steps=()):
        return {
            "title": title,
            "svg": bar_chart(values, labels, title, description, id_prefix=prefix, label_steps=label_steps),
            "table": chart_table(values, labels, title, label_header, value_header),
        }

    def participants(self):
        return [
            {"author": display, "handle": "" if is_anonymous(handle) else handle,
             "url": None if is_anonymous(handle) else self.person_link(handle), "count": count}
            for handle, display, count in self.stats.participants_list
        ]

    def answers_by_person(self):
        """Every named participant's answers, for the people pages."""
        return [
            PersonAnswer(a.handle, a.author, t.number, t.question.text, plain_html(a.text), a.time)
            for t in self.recap.threads for a in t.answers if not is_anonymous(a.handle)
        ]


def plain_html(text):
    """A message as escaped HTML with its web links, for pages outside the recap."""
    return render_text(text, lambda handle: None, lambda tag: None)
