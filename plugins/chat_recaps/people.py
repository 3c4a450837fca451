"""People pages: each named participant's answers across every recap."""

from dataclasses import dataclass, field

from pelican.generators import Generator

from kbutil.content import Link
from kbutil.markers import PEOPLE_TARGET

from .handles import handle_key
from .view import person_slug


@dataclass
class Person:
    handle: str
    author: str
    slug: str
    url: str
    save_as: str
    messages: int = 0
    recaps: list = field(default_factory=list)  # [(article, [PersonAnswer])]

    @property
    def answers(self):
        return sum(len(answers) for _, answers in self.recaps)


class PeopleGenerator(Generator):
    """Collect recap participants once all articles are read; write their pages."""

    def generate_context(self):
        people = {}
        recaps = [a for a in self.context.get("articles", []) if hasattr(a, "recap_people")]
        for article in sorted(recaps, key=lambda a: a.date):
            answers = {}
            for answer in article.recap_answers:
                answers.setdefault(handle_key(answer.handle), []).append(answer)
            for handle, author, count in article.recap_people:
                person = people.get(handle_key(handle)) or self.new_person(handle, author)
                people[handle_key(handle)] = person
                person.author, person.messages = author, person.messages + count
                person.recaps.append((article, answers.get(handle_key(handle), [])))
        self.people = sorted(people.values(), key=lambda p: (p.author.casefold(), p.slug))
        for person in self.people:
            self.context["generated_content"][PEOPLE_TARGET.format(slug=person.slug)] = Link(person.url)
        self.context["recap_people"] = self.people

    def new_person(self, handle, author):
        slug = person_slug(handle)
        return Person(handle, author, slug, self.settings["RECAPS_PEOPLE_URL"].format(slug=slug),
                      self.settings["RECAPS_PEOPLE_SAVE_AS"].format(slug=slug))

    def generate_output(self, writer):
        relative = self.settings["RELATIVE_URLS"]
        for person in self.people:
            writer.write_file(person.save_as, self.get_template("person"), self.context,
                              relative_urls=relative, url=person.url, person=person)
        if self.people:
            writer.write_file(self.settings["RECAPS_PEOPLE_INDEX_SAVE_AS"], self.get_template("people"),
                              self.context, relative_urls=relative,
                              url=self.settings["RECAPS_PEOPLE_INDEX_URL"], people=self.people)
