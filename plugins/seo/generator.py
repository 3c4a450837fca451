"""The seo plugin's part of a build: cards, redirect pages, server maps, the sitemap.

SeoGenerator runs after the generators of Pelican and of every other plugin
(plugin.run_last moves it there; only Pelican's StaticGenerator follows): by
its generate_context every post and page is read, and by its generate_output
every page of theirs is written. Its BuildRecord notes each HTML file
Pelican's writer writes (the content_written signal finds it in the shared
context), so that the sitemap lists exactly the public pages this build wrote
(not drafts, hidden pages, redirects or pages whose head says `noindex`), and
so that an alias never replaces one of them. The record belongs to the
generator and lives as long as one build; nothing of it is kept in settings.
"""

import logging
import os
import re
import shutil
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from pelican.contents import Article
from pelican.generators import Generator

from kbutil.diagnostics import SourceError, display_path, report
from kbutil.header import header_line
from kbutil.items import every_item
from kbutil.paths import output_path, write_output
from kbutil.siteurl import is_site_url

from . import cards, redirects, sitemap
from .settings import CACHE_FOLDER

logger = logging.getLogger(__name__)

# Where content_written (and templates) find this build's record, in the context shared by one build.
RECORD_KEY = "seo_build_record"
ALIAS_LINE = re.compile(r"^aliases\s*:", re.IGNORECASE)


@dataclass(frozen=True)
class Card:
    """A social card to write: what it shows and where it goes."""

    save_as: str
    title: str
    label: str
    footer: str


@dataclass(frozen=True)
class Alias:
    """An old address of a post or page."""

    path: str  # as readers asked for it: /2011/10/27/old-post/
    save_as: str  # the redirect page: 2011/10/27/old-post/index.html
    target: str  # the post's URL, site-relative: 2011/10/new-post/
    title: str
    source_path: str


class BuildRecord:
    """What one build wrote and redirects; plain data, so it pickles."""

    def __init__(self, output_path, listing_all=()):
        self.output_path = os.path.abspath(output_path)
        self.listing_all = frozenset(listing_all)  # pages listing every post (tags/, archives/)
        self.newest = None  # latest date of any published post
        self.written = set()  # every HTML file the writer wrote
        self.public = {}  # save_as -> last change (datetime or None), for the sitemap
        self.redirects = set()
        self.aliases = []

    def record(self, path, context):
        """Note a file the writer wrote, with the context its template had."""
        save_as = os.path.relpath(os.path.abspath(path), self.output_path).replace(os.sep, "/")
        if not save_as.endswith((".html", ".htm")):
            return
        self.written.add(save_as)
        if context.get("seo_redirect"):
            self.redirects.add(save_as)
            return
        if sitemap.page_says_noindex(path):  # the 404 page, the search page, ...
            return
        for key in ("article", "page"):
            item = context.get(key)
            if item is not None and getattr(item, "save_as", None) == save_as:
                if getattr(item, "status", "published") == "published":
                    self.public[save_as] = sitemap.content_date(item)
                return
        if context.get("articles_page") is not None:
            lastmod = sitemap.newest(context["articles_page"].object_list)
        elif context.get("period") is not None:
            lastmod = sitemap.newest(context.get("dates") or ())
        elif save_as in self.listing_all:
            lastmod = self.newest
        else:
            lastmod = None
        self.public[save_as] = lastmod


def record_written(path, context=None):
    """content_written receiver: hand the file to this build's record, when seo runs."""
    record = (context or {}).get(RECORD_KEY)
    if isinstance(record, BuildRecord):
        record.record(path, context)


def metadata_line(path, key_pattern=ALIAS_LINE):
    """The line of the header where `Aliases:` is, for error messages (None if not found)."""
    try:
        with open(path, encoding="utf-8-sig") as handle:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    return None
                if key_pattern.match(line):
                    return number
    except (OSError, UnicodeDecodeError):
        return None
    return None


class SeoGenerator(Generator):
    """Social cards and redirect pages; the record that the sitemap is made from."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        listing_all = [
            self.settings.get(f"{name.upper()}_SAVE_AS", f"{name}.html")
            for name in self.settings.get("DIRECT_TEMPLATES", ())
        ]
        self.record = BuildRecord(self.output_path, filter(None, listing_all))
        # The shared context reaches every template and content_written.
        self.context[RECORD_KEY] = self.record
        self.cards = []  # Card, in source order

    # -- reading ---------------------------------------------------------------

    def generate_context(self):
        published = [item for item in every_item(self.context) if item.status != "draft"]  # hidden ones too
        articles = sorted((i for i in published if isinstance(i, Article)), key=lambda a: a.source_path)
        pages = sorted((i for i in published if not isinstance(i, Article)), key=lambda p: p.source_path)
        self.record.newest = sitemap.newest(self.context.get("articles", ()))
        if self.settings["SEO_CARDS"]:
            self.plan_cards(articles)
        self.collect_aliases(articles + pages)

    def card_save_as(self, article):
        folder = self.settings["SEO_CARDS_PATH"].strip("/")
        lang = getattr(article, "lang", None)
        if lang and lang != self.settings.get("DEFAULT_LANG"):
            return f"{folder}/{lang}/{article.slug}.png"
        return f"{folder}/{article.slug}.png"

    def plan_cards(self, articles):
        """Give every post its card's path (article.seo_card), for the templates."""
        owners = {}
        for article in articles:
            if not article.save_as:
                continue  # not written (build_guard stopped it, or `Save_as:` is empty): no card
            save_as = self.card_save_as(article)
            problem = self.card_problem(save_as, owners.get(save_as))
            if problem:
                line = header_line(article.source_path, "slug") or header_line(article.source_path, "title")
                report(logger, SourceError(article.source_path, line, problem), self.settings)
                continue
            owners[save_as] = article.source_path
            article.seo_card = save_as
            label = str(getattr(article, "category", "") or "")
            self.cards.append(Card(save_as, cards.text(article.title), label, self.site_name()))

    def card_problem(self, save_as, other):
        """Why a post cannot have its card at `save_as` (another post's card, outside the output), or None."""
        advice = "give one of them another Slug:"
        if other is not None:
            return f"its social card {save_as} is also the card of {display_path(other)}; {advice}"
        if save_as == self.settings["SEO_SITE_CARD"]:
            return f"its social card {save_as} is the site's card (SEO_SITE_CARD); give it another Slug:"
        try:
            output_path(self.output_path, save_as)
        except ValueError as err:
            return f"its social card {save_as!r} {err}; give it another Slug:"
        return None

    def collect_aliases(self, contents):
        """Read every `Aliases:`; report the ones that are not site paths or that two files claim."""
        claimed = {}
        for item in contents:
            for raw in redirects.split_aliases(item.metadata.get("aliases")):
                try:
                    path, save_as = redirects.normalise_alias(raw)
                except redirects.AliasError as err:
                    self.alias_error(item.source_path, str(err))
                    continue
                owner = claimed.get(save_as)
                if owner == item.source_path:
                    continue  # the same alias twice in one header
                if owner is not None:
                    self.alias_error(item.source_path, f"alias {raw!r} is also claimed by {display_path(owner)}")
                    continue
                claimed[save_as] = item.source_path
                self.record.aliases.append(
                    Alias(path, save_as, item.url, redirects_title(item), item.source_path)
                )
        self.record.aliases.sort(key=lambda a: a.path)

    def alias_error(self, source_path, message):
        report(logger, SourceError(source_path, metadata_line(source_path), message), self.settings)

    # -- writing ---------------------------------------------------------------

    def generate_output(self, writer):
        static = {
            s.save_as: s.source_path for s in self.context.get("staticfiles", ()) if getattr(s, "save_as", None)
        }
        self.check_static_files(static)
        self.write_cards(static)
        self.write_redirect_pages(writer, static)
        self.write_server_maps()
        write_sitemap_and_robots(self.record, self.settings)

    def check_static_files(self, static):
        """A static file where this plugin writes a file (robots.txt, ...) is an error."""
        for key in ("SEO_ROBOTS", "SEO_SITEMAP", "SEO_REDIRECTS_NGINX", "SEO_REDIRECTS_APACHE"):
            name = self.settings[key]
            if name and name in static:
                report(logger, SourceError(static[name], None,
                                           f"{name} is written by the seo plugin; delete this file "
                                           f"(or set {key} = '' to keep it)"), self.settings)

    def site_name(self):
        return cards.text(self.settings.get("SITENAME", ""))

    def write_cards(self, static):
        """Copy each card from the cache into the output, drawing the ones not cached yet.

        Cards are drawn on a thread per core: Pillow lets go of the
        interpreter while it rasterises, quantises and compresses.
        """
        cache = os.path.join(self.settings["CACHE_PATH"], CACHE_FOLDER)
        style = cards.CardStyle.from_settings(self.settings)
        todo = list(self.cards)  # empty when SEO_CARDS is False
        if self.settings["SEO_SITE_CARD"]:
            subtitle = cards.text(self.settings.get("SITESUBTITLE", ""))
            todo.append(Card(self.settings["SEO_SITE_CARD"], self.site_name(), "", subtitle))
        for card in todo:
            if card.save_as in static:
                report(logger, SourceError(static[card.save_as], None,
                                           f"{card.save_as} is a social card written by the seo plugin; "
                                           "move or rename this file"), self.settings)
        todo = [card for card in todo if card.save_as not in static]
        if not todo:
            return
        try:
            with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
                done = list(pool.map(lambda c: cards.cached_card(cache, c.title, c.label, c.footer, style), todo))
        except OSError as err:
            logger.error("seo: cannot keep social cards in %s: %s", display_path(cache), err)
            return
        for card, (cached, _) in zip(todo, done):
            target = output_path(self.output_path, card.save_as)  # checked by plan_cards
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(cached, target)
        drawn = sum(new for _, new in done)
        logger.info("seo: %d social card(s), %d drawn, %d from %s",
                    len(todo), drawn, len(todo) - drawn, display_path(cache))

    def write_redirect_pages(self, writer, static):
        template = self.get_template("redirect")
        absolute = is_site_url(self.settings["SITEURL"])
        for alias in self.record.aliases:
            taken = alias.save_as in self.record.written or alias.save_as in static
            if taken:
                what = f"the static file {display_path(static[alias.save_as])}" if alias.save_as in static \
                    else "a page this build writes"
                self.alias_error(alias.source_path, f"alias {alias.path!r} would replace {alias.save_as}, {what}")
                continue
            try:
                output_path(self.output_path, alias.save_as)
            except ValueError as err:
                self.alias_error(alias.source_path, f"alias {alias.path!r} {err}")
                continue
            if absolute:
                target = f"{self.settings['SITEURL'].rstrip('/')}/{alias.target}"
            else:
                target = redirects.relative_url(alias.save_as, alias.target)
            writer.write_file(
                alias.save_as, template, self.context,
                relative_urls=self.settings["RELATIVE_URLS"],
                seo_redirect=True, redirect_target=target, redirect_title=alias.title,
            )

    def write_server_maps(self):
        pairs = [(alias.path, alias.target) for alias in self.record.aliases if alias.save_as in self.record.redirects]
        siteurl = self.settings["SITEURL"]
        for key, text in (
            ("SEO_REDIRECTS_NGINX", redirects.nginx_conf(pairs, siteurl)),
            ("SEO_REDIRECTS_APACHE", redirects.apache_conf(pairs, siteurl)),
        ):
            if self.settings[key]:
                write_text(self.output_path, self.settings[key], text)


def redirects_title(item):
    return cards.text(getattr(item, "title", "") or item.url)


def write_text(output_root, save_as, text):
    """Write a file of ours (server map, sitemap, robots.txt); never outside the output."""
    try:
        write_output(output_root, save_as, text)
    except ValueError as err:
        logger.error("seo: not writing %r: it %s (check the SEO_* settings)", save_as, err)


def write_sitemap_and_robots(record, settings):
    """robots.txt always, the sitemap when SITEURL is absolute; after every page is written."""
    siteurl = settings["SITEURL"]
    sitemap_url = None
    if settings["SEO_SITEMAP"] and is_site_url(siteurl):
        public = {
            save_as: when for save_as, when in record.public.items()
            if save_as not in record.redirects
            and not sitemap.is_excluded(save_as, settings["SEO_SITEMAP_EXCLUDE"])
        }
        entries = sitemap.url_entries(public, siteurl)
        files = sitemap.sitemap_files(entries, settings["SEO_SITEMAP"], siteurl, settings["SEO_SITEMAP_MAX_URLS"])
        for save_as, text in sorted(files.items()):
            write_text(record.output_path, save_as, text)
        sitemap_url = f"{siteurl.rstrip('/')}/{settings['SEO_SITEMAP']}"
        logger.info("seo: sitemap of %d page(s) in %d file(s)", len(entries), len(files))
    if settings["SEO_ROBOTS"]:
        write_text(record.output_path, settings["SEO_ROBOTS"], sitemap.robots_txt(sitemap_url))
