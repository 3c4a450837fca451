"""Glossary terms: the content class, their names and aliases, the A–Z order. Pure but for Pelican's Page.

A term is one Markdown file in GLOSSARY_PATH (see README, "Glossary"):

    Title: Klout score
    Aliases: Klout, Klout scores
    Summary: The one-line definition, shown in tooltips and on the A–Z page.

    An optional longer explanation, in Markdown.

Optional limits on where the term is linked by itself (see `link_limits`):

    Categories: Community Management, Chat recaps   (only in posts of these categories
    Tags: moderation                                 or with one of these tags)
    Link: off                                       (never; links written by hand still work)
"""

import hashlib
import unicodedata
from string import ascii_uppercase

from pelican.contents import Content, Page

from kbutil.diagnostics import SourceError, display_path
from kbutil.header import comma_list, header_line
from kbutil.text import plain_text

OTHER = "#"  # the A–Z section of terms that start with no letter (digits, symbols)
LETTERS = (*ascii_uppercase, OTHER)
OFF_VALUES = frozenset({"off", "no", "false", "0", "none", "never"})
ON_VALUES = frozenset({"on", "yes", "true", "1", "always"})


class Term(Page):
    """A glossary term, read by Pelican's readers like a page, written at GLOSSARY_TERM_URL.

    Extra attributes (set by `prepare`): key (its {filename} path inside PATH), heading (the
    title with a capital first letter), names (title first, then aliases), aliases,
    definition (plain text), letter, anchor, auto_link (False for `Link: off`),
    link_categories and link_tags (normalized names from `Categories:` and `Tags:`; both
    empty when the term is linked in every post); the generator adds previous_term and next_term
    (A–Z neighbours). Every post, page or term whose text links terms gets glossary_linked,
    the terms it links, in order.
    """

    def _expand_settings(self, key):
        return Content._expand_settings(self, key, "glossary_term")


def prepare(term, key, stem):
    """Give a freshly read Term its glossary attributes; raise SourceError when it lacks one."""
    title = " ".join(str(term.metadata.get("title", "")).split())
    if not title:
        raise SourceError(term.source_path, 1, "the term has no 'Title:' (the term itself)")
    definition = plain_text(term.metadata.get("summary", ""))
    if not definition:
        raise SourceError(
            term.source_path, header_line(term.source_path, "summary"),
            "the term has no 'Summary:' line (its one-line definition)",
        )
    if "slug" not in term.metadata:
        term.slug = stem
    term.key = key
    term.title = title
    term.heading = title[:1].upper() + title[1:]  # "Community manager" as a heading or list entry
    term.names = unique([title, *split_aliases(term.metadata.get("aliases"))])
    term.aliases = term.names[1:]
    term.definition = definition
    term.letter = letter_of(title)
    term.anchor = f"term-{term.slug}"
    term.auto_link, term.link_categories, term.link_tags = link_limits(term.source_path, term.metadata)
    return term


def link_limits(path, metadata):
    """(auto_link, categories, tags) from a term's `Link:`, `Categories:` and `Tags:` lines.

    `Link: off` keeps the term from being linked anywhere by itself. `Categories:` and
    `Tags:` (comma-separated) limit linking to posts of one of those categories or
    with one of those tags; names compare as `norm` does. Raise SourceError for a
    `Link:` value that is neither on nor off.
    """
    value = metadata.get("link")
    auto_link = True
    if isinstance(value, bool):
        auto_link = value
    elif value is not None:
        word = str(value).strip().lower()
        if word not in OFF_VALUES | ON_VALUES:
            raise SourceError(
                path, header_line(path, "link"),
                f"'Link: {value}' must be 'on' or 'off' (off: never link this term by itself)",
            )
        auto_link = word in ON_VALUES
    categories = frozenset(norm(name) for name in split_aliases(metadata.get("categories")))
    tags = frozenset(norm(name) for name in split_aliases([str(t) for t in metadata.get("tags") or ()]))
    return auto_link, categories, tags


def split_aliases(value):
    """The aliases in a metadata value: comma-separated text (or a list), trimmed, no blanks."""
    return [" ".join(alias.split()) for alias in comma_list(value)]


def unique(names):
    """`names` without repeats (compared as `norm` does), first spelling kept."""
    seen, kept = set(), []
    for name in names:
        if norm(name) not in seen:
            seen.add(norm(name))
            kept.append(name)
    return kept


def norm(text):
    """How names compare: case-insensitive, any run of whitespace as one space."""
    return " ".join(str(text).split()).lower()


def sort_key(title):
    """A–Z order: case and accents ignored, then the exact spelling to break ties."""
    return (fold(title), title)


def fold(text):
    decomposed = unicodedata.normalize("NFKD", str(text))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def letter_of(title):
    """The A–Z section a term is listed under (OTHER when it starts with no letter a–z)."""
    first = fold(title.lstrip())[:1].upper()
    return first if first in ascii_uppercase else OTHER


def by_letter(terms):
    """[(letter, [terms in A–Z order])] for the letters that have terms, A…Z then OTHER."""
    groups = {}
    for term in sorted(terms, key=lambda t: sort_key(t.title)):
        groups.setdefault(term.letter, []).append(term)
    return [(letter, groups[letter]) for letter in LETTERS if letter in groups]


def glossary_off(metadata):
    """True when a post's header turns linking off (`Glossary: off`, `no`, `false`…)."""
    value = metadata.get("glossary")
    if isinstance(value, bool):
        return not value
    return value is not None and str(value).strip().lower() in OFF_VALUES


def glossary_on(metadata):
    """True when a post's header asks for linking (`Glossary: on`), whatever the site skips."""
    value = metadata.get("glossary")
    if isinstance(value, bool):
        return value
    return value is not None and str(value).strip().lower() in ON_VALUES


def claim_names(terms):
    """Give each name to the first term (in the given order) that has it.

    Return ({norm(name): term}, [SourceError for each name or slug claimed twice]);
    a later term keeps its page but loses the names another file already has.
    Errors name both files.
    """
    owners, slugs, errors = {}, {}, []
    for term in terms:
        other = slugs.get(term.slug)
        if other is not None:
            errors.append(SourceError(
                term.source_path, header_line(term.source_path, "slug"),
                f"the glossary already has a term at '{term.slug}': "
                f"{display_path(other.source_path)} ({other.title!r}); rename one of the files",
            ))
            term.duplicate = True
            continue
        slugs[term.slug] = term
        kept = []
        for name in term.names:
            owner = owners.get(norm(name))
            if owner is None:
                owners[norm(name)] = term
                kept.append(name)
                continue
            field = "title" if name == term.title else "aliases"
            errors.append(SourceError(
                term.source_path, header_line(term.source_path, field),
                f"glossary term {name!r} is defined twice: here and in "
                f"{display_path(owner.source_path)} ({owner.title!r}); keep it in one file",
            ))
        term.names = kept
    return owners, errors


def tip_suffix(document_key):
    """A short, stable suffix that keeps tooltip ids unique when excerpts share a page."""
    return hashlib.sha1(str(document_key).encode("utf-8")).hexdigest()[:6]
