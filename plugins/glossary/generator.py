"""Read the glossary, link its terms in every post and page, write the A–Z and term pages."""

import logging
import os
import posixpath

import lxml.etree
from pelican.contents import Article, Content
from pelican.generators import Generator

from kbutil.diagnostics import SourceError, report
from kbutil.fragments import fragment
from kbutil.header import header_line
from kbutil.items import every_item
from kbutil.paths import content_path, output_path

from .linker import Entry, Linker
from .terms import (
    LETTERS,
    Term,
    by_letter,
    claim_names,
    glossary_off,
    glossary_on,
    norm,
    prepare,
    sort_key,
    tip_suffix,
)

logger = logging.getLogger(__name__)

# Everything Pelican's own generators put in the context that holds posts and pages.
KIND = {"categories": "category", "tags": "tag"}  # a term's limiting header -> what it names


class GlossaryGenerator(Generator):
    """Runs after Pelican's Articles and Pages generators, so their content is read."""

    def generate_context(self):
        self.terms = self.read_terms()
        owners, errors = claim_names(self.terms)
        for err in errors:
            report(logger, err, self.settings)
        self.terms = [t for t in self.terms if not getattr(t, "duplicate", False)]
        self.check_limits()
        self.terms.sort(key=lambda t: sort_key(t.title))
        for before, term, after in zip([None, *self.terms], self.terms, [*self.terms[1:], None]):
            term.previous_term, term.next_term = before, after
        for term in self.terms:
            self.context["generated_content"][term.key] = term
        self.context["glossary_terms"] = self.terms
        if self.settings["GLOSSARY_LINK"] and owners:
            self.link_everything(owners)

    def read_terms(self):
        """Every term file of GLOSSARY_PATH, read by Pelican's readers (errors reported)."""
        folder = self.settings["GLOSSARY_PATH"].strip("/")
        if not os.path.isdir(os.path.join(self.path, folder)):
            return []
        terms = []
        for path in sorted(self.get_files([folder], extensions=self.readers.extensions)):
            key = posixpath.normpath(path.replace(os.sep, "/"))
            stem = posixpath.splitext(posixpath.basename(key))[0]
            if not self.inside_content(path):
                continue
            try:
                term = self.readers.read_file(
                    base_path=self.path, path=path, content_class=Term, context=self.context
                )
            except SourceError:
                continue  # the checked Markdown reader has reported it, with file and line
            except Exception as err:  # another reader's failure: name the file
                error = SourceError(os.path.join(self.path, path), None, f"could not be read: {err}")
                report(logger, error, self.settings)
                continue
            if getattr(term, "status", "published") != "published":
                logger.debug("glossary: %s is %s, left out", path, term.status)
                continue
            try:
                terms.append(prepare(term, key, stem))
            except SourceError as err:
                report(logger, err, self.settings)
        return terms

    def check_limits(self):
        """Warn about a term limited to a category or tag that no post has (a typo links it nowhere)."""
        known = {
            "categories": {norm(name) for name, _ in self.context.get("categories") or ()},
            "tags": {norm(name) for name, _ in self.context.get("tags") or ()},
        }
        for term in self.terms:
            for field, names in (("categories", term.link_categories), ("tags", term.link_tags)):
                unknown = sorted(names - known[field])
                if unknown:
                    logger.warning("%s", SourceError(
                        term.source_path, header_line(term.source_path, field),
                        f"no post has the {KIND[field]} {', '.join(map(repr, unknown))}; "
                        "the term is linked only in posts that do (check the spelling)",
                    ))

    def inside_content(self, path):
        """True when the term file at `path` (below PATH) is in the content folder, symlinks followed."""
        try:
            content_path(self.path, self.path, path)
        except ValueError as err:
            error = SourceError(os.path.join(self.path, path), None, f"{err}; copy the term into the content folder")
            report(logger, error, self.settings)
            return False
        return True

    def link_everything(self, owners):
        """Link first mentions in every post, page and term (each once), then drop stale caches."""
        for term in self.terms:
            term.glossary_entry = Entry(
                term.slug, term.title, term.definition, f"{{filename}}/{term.key}", term.heading,
                limited=bool(term.link_categories or term.link_tags),
            )
        self.linker = Linker(
            {name: term.glossary_entry for name, term in owners.items() if term.auto_link},
            tooltip=fragment(self.settings, "glossary/tooltip").render,
        )
        self.limits = LinkLimits(self.terms, self.settings)
        self.terms_of = {term.glossary_entry: term for term in self.terms}
        forget_rendered({id(item) for item in self.documents() if self.link(item)})

    def link(self, item):
        """Link the first mentions of terms in one document; True when its text changed."""
        allowed = self.limits.allowed(item)
        if allowed is False:
            return False
        own = [item.glossary_entry] if isinstance(item, Term) else []
        key = item.get_relative_source_path() if item.source_path else id(item)
        try:
            html, linked = self.linker.link(item._content, exclude=own, id_suffix=tip_suffix(key), allowed=allowed)
        except (ValueError, lxml.etree.LxmlError) as err:  # HTML that lxml cannot read
            error = SourceError(item.source_path or key, None, f"glossary terms not linked: {err}")
            report(logger, error, self.settings)
            return False
        if not linked:
            return False
        item._content = html
        item.glossary_linked = [self.terms_of[entry] for entry in linked]
        return True

    def refresh_content(self, item):
        """A post or page read again by the live server (sitetools/live.py): link its terms as the build did."""
        if getattr(self, "linker", None) is not None and isinstance(getattr(item, "_content", None), str):
            self.link(item)

    def documents(self):
        """Every post, page and term, translations and drafts included, each once."""
        for item in (*every_item(self.context), *self.terms):
            if isinstance(getattr(item, "_content", None), str):
                yield item

    def generate_output(self, writer):
        relative = self.settings["RELATIVE_URLS"]
        try:
            output_path(self.output_path, self.settings["GLOSSARY_SAVE_AS"])
        except ValueError as err:
            logger.error("GLOSSARY_SAVE_AS=%r %s; give a path like 'glossary/index.html'",
                         self.settings["GLOSSARY_SAVE_AS"], err)
            return
        writer.write_file(
            self.settings["GLOSSARY_SAVE_AS"], self.get_template("glossary"), self.context,
            relative_urls=relative, url=self.settings["GLOSSARY_URL"],
            terms=self.terms, groups=by_letter(self.terms), letters=LETTERS,
        )
        for term in self.terms:
            writer.write_file(
                term.save_as, self.get_template("term"), self.context,
                relative_urls=relative, url=term.url, term=term,
            )


class LinkLimits:
    """Which terms a document may link: the site's GLOSSARY_SKIP_* and each term's limits.

    Built once from the terms (an index by category and by tag), so choosing the
    terms of one post costs its own tags, never a pass over every term.
    """

    def __init__(self, terms, settings):
        self.skip_categories = {norm(name) for name in settings.get("GLOSSARY_SKIP_CATEGORIES", ())}
        self.skip_tags = {norm(name) for name in settings.get("GLOSSARY_SKIP_TAGS", ())}
        self.by_category, self.by_tag = {}, {}
        for term in terms:
            for name in term.link_categories:
                self.by_category.setdefault(name, set()).add(term.glossary_entry)
            for name in term.link_tags:
                self.by_tag.setdefault(name, set()).add(term.glossary_entry)

    def allowed(self, item):
        """False: link nothing here; None: every term; else the set of limited terms allowed too.

        Limits by category and tag apply to posts; pages and term pages have
        neither, so every term that is not `Link: off` is linked there.
        """
        if glossary_off(item.metadata):
            return False
        if not isinstance(item, Article):
            return None
        category = norm(getattr(item, "category", "") or "")
        tags = {norm(tag) for tag in getattr(item, "tags", None) or ()}
        skipped = category in self.skip_categories or not self.skip_tags.isdisjoint(tags)
        if skipped and not glossary_on(item.metadata):
            return False
        allowed = set(self.by_category.get(category, ()))
        for tag in tags:
            allowed.update(self.by_tag.get(tag, ()))
        return allowed


def forget_rendered(changed):
    """Drop Pelican's memoized content and summaries of the objects whose _content changed."""
    if not changed:
        return
    for method in (Content.get_content, Content.get_summary):
        cache = method.cache
        for key in [k for k in cache if k and id(k[0]) in changed]:
            del cache[key]
