"""Every output file written once, by one owner; templates that exist.

Pelican stops with FileOverwriteFailedError (naming a path in the output
folder, not the post) when a page writes a file the site writes too, e.g. a
page `search.md` and the search page; and a page with `Save_as: index.html`
silently replaces the front page. The writer below records who wrote each
file: a second claim is reported naming the author's file and line and is not
written, and the build goes on to show every other problem.

A `Template:` the theme does not have is reported the same way, for every
post and page, before anything is written; the post is then made with its
default template so the build can go on.
"""

import logging
import posixpath

from pelican.generators import PelicanTemplateNotFound
from pelican.writers import Writer

from kbutil.diagnostics import SourceError, report
from kbutil.header import header_line
from kbutil.items import every_item

logger = logging.getLogger(__name__)

# What readers call the pages Pelican's direct templates make.
BUILT_IN_NAMES = {"index": "front page", "tags": "tags page", "categories": "categories page",
                  "authors": "authors page", "archives": "archives page"}


class Claim:
    """Who writes an output file: a post or page (with its file), or one of the site's own pages."""

    def __init__(self, item=None, template=""):
        self.item = item
        self.template = template

    @property
    def label(self):
        if self.item is not None:
            return self.item.source_path
        name = posixpath.splitext(self.template)[0]
        return f"the site's {BUILT_IN_NAMES.get(name, name + ' page')} ({self.template} template)"


def claim_of(template, kwargs):
    """The Claim of a write_file call: the content object it renders, else its template."""
    for value in kwargs.values():
        if isinstance(getattr(value, "source_path", None), str) and hasattr(value, "metadata"):
            return Claim(item=value)
    return Claim(template=getattr(template, "name", None) or str(template))


def clash_message(name, item, other):
    """The SourceError for `item` whose output `name` is also written by `other` (a Claim)."""
    meta = getattr(item, "metadata", {})
    key = "save_as" if "save_as" in meta else "slug" if "slug" in meta else "title"
    advice = "give it another Save_as:" if key == "save_as" else "give it another Slug:"
    if other.item is not None:
        what = f"writes {name}, as {other.label} does"
    else:
        what = f"writes {name}, which is {other.label}"
    return SourceError(item.source_path, header_line(item.source_path, key), f"{what}; {advice}")


class GuardedWriter(Writer):
    """Pelican's writer, refusing a second write of one output file with a message naming its source."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.claims = {}

    def write_file(self, name, template, context, *args, **kwargs):
        if name and self.refused(name, claim_of(template, kwargs)):
            return None
        return super().write_file(name, template, context, *args, **kwargs)

    def write_feed(self, elements, context, path=None, *args, **kwargs):
        if path and self.refused(path, Claim(template=f"feed {path}")):
            return None
        return super().write_feed(elements, context, path, *args, **kwargs)

    def refused(self, name, claim):
        """Record `claim` on `name`; True (and reported) when another owner has it."""
        key = posixpath.normpath(str(name))
        first = self.claims.setdefault(key, claim)
        if first is claim:
            return False
        if claim.item is not None:
            err = clash_message(key, claim.item, first)
        elif first.item is not None:
            err = clash_message(key, first.item, claim)
        else:
            err = SourceError("pelicanconf.py", None, f"{first.label} and {claim.label} both write {key}; "
                                                     "change one of their *_SAVE_AS settings")
        report(logger, err, self.settings)
        return True


def guarded_writer(pelican):
    """get_writer receiver."""
    return GuardedWriter


def check_templates(generator):
    """article/page_generator_finalized: every Template: names a template the theme has."""
    for item in every_item(generator):
        name = getattr(item, "template", None)
        if not name or name == getattr(item, "default_template", name) or has_template(generator, name):
            continue
        theme = sorted(t[:-5] for t in generator.env.list_templates() if t.endswith(".html") and "/" not in t)
        report(logger, SourceError(
            item.source_path, header_line(item.source_path, "template"),
            f"Template: {name!r} is not a template of the theme (it has {', '.join(theme)}); "
            f"remove the line, or add templates/{name}.html to the theme",
        ), generator.settings)
        item.template = item.default_template


def has_template(generator, name):
    try:
        generator.get_template(name)
    except PelicanTemplateNotFound:
        return False
    return True
