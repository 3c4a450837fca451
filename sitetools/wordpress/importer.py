"""The import: which items become posts and pages, their headers, and the summary printed after.

Posts go to content/posts/SLUG.md, pages to content/pages/SLUG.md, images
(with --uploads) to content/images/YEAR/MONTH/. Statuses: publish becomes
published; draft, pending, private and future (scheduled) become draft, and so
does a password-protected item (a static site cannot ask for the password).
Trashed items, auto-drafts, revisions, attachments, menu items and other
types are skipped and counted by kind.
"""

import html
import re
from collections import Counter
from datetime import datetime
from pathlib import Path
from urllib.parse import unquote

from pelican.settings import DEFAULT_CONFIG
from pelican.utils import slugify

from seo import redirects

from . import WordPressError
from .convert import Context, plain_summary, to_markdown
from .images import IMAGE_SUFFIXES, Images, split_url
from .writer import header, plan, write_all
from .wxr import ZERO_DATE, read_export

STATUSES = {"publish": "published", "draft": "draft", "pending": "draft", "private": "draft", "future": "draft"}
SKIPPED_STATUSES = {"trash", "auto-draft", "inherit"}
FOLDERS = {"post": "posts", "page": "pages"}
MAX_SLUG = 120  # characters; a file name holds 255 bytes, and a UTF-8 character up to 4
DEFAULT_URLS = {"post": DEFAULT_CONFIG["ARTICLE_URL"], "page": DEFAULT_CONFIG["PAGE_URL"]}


def import_wordpress(root, export, uploads=None, settings=None):
    """Import the WXR file `export` into root/content; return the summary lines."""
    content = Path(root) / "content"
    data = read_export(export)
    if uploads is not None and not Path(uploads).is_dir():
        raise WordPressError(f"{uploads}: not a folder (expected a copy of wp-content/uploads)")
    urls = {
        "post": (settings or {}).get("ARTICLE_URL", DEFAULT_URLS["post"]),
        "page": (settings or {}).get("PAGE_URL", DEFAULT_URLS["page"]),
    }
    images = Images(uploads, _hosts(data))
    attachments = {item.post_id: item for item in data.items if item.post_type == "attachment"}
    attached = _attached_images(attachments.values())
    run = Run(data, images, attachments, attached, urls)
    for item in data.items:
        run.add(item)
    write_all(content, plan(content, run.texts, images.copies))
    return run.summary(images, uploads is not None)


class Run:
    """The items converted so far, with counts and notes."""

    def __init__(self, data, images, attachments, attached, urls):
        self.data, self.images, self.attachments, self.attached, self.urls = data, images, attachments, attached, urls
        self.texts, self.notes = {}, {}
        self.counts, self.skipped = Counter(), Counter()
        self.query_aliases = 0

    def add(self, item):
        """Convert one item, or count it as skipped."""
        if item.post_type not in FOLDERS:
            self.skipped[item.post_type] += 1
            return
        if item.status in SKIPPED_STATUSES:
            self.skipped[f"{item.post_type} ({item.status})"] += 1
            return
        name = self.file_name(item)
        ctx = Context(name, self.images, self.attachments, self.attached.get(item.post_id, []))
        status = STATUSES.get(item.status)
        if status is None:
            ctx.note(f"status {item.status!r} is not a WordPress status: imported as a draft")
            status = "draft"
        if item.password:
            ctx.note("password-protected in WordPress: imported as a draft")
            status = "draft"
        self.texts[name] = self.text(item, name, ctx, status)
        self.counts[item.post_type] += 1
        self.counts[f"{item.post_type} draft"] += status == "draft"
        if ctx.notes:
            self.notes[name] = ctx.notes

    def text(self, item, name, ctx, status):
        """The Markdown file of one post or page: header, blank line, body."""
        slug = Path(name).stem
        date = _date(item.date) or _date(item.date_gmt)
        if date is None:
            ctx.note(f"no valid date in the export ({item.date!r}): give it a Date:")
        title = " ".join(html.unescape(item.title).split())  # WordPress stores titles as HTML text
        if not title:
            ctx.note("no title in the export")
            title = f"Untitled {item.post_id}"
        categories = item.categories if item.post_type == "post" else []
        tags = [t.replace(",", " ") for t in [*categories[1:], *item.tags]] if item.post_type == "post" else []
        fields = [
            ("Title", title),
            ("Date", date and date.strftime("%Y-%m-%d %H:%M")),
            ("Modified", _modified(item, date)),
            ("Author", self.data.authors.get(item.creator, item.creator)),
            ("Category", categories[0] if categories else ""),
            ("Tags", ", ".join(dict.fromkeys(tags))),
            ("Slug", slug),
            ("Status", status),
            ("Summary", plain_summary(item.excerpt, ctx)),
            ("Aliases", ", ".join(self.aliases(item, slug, date, ctx))),
        ]
        return header(fields) + "\n" + to_markdown(item.content, ctx)

    def file_name(self, item):
        """content/-relative name of an item's file: FOLDER/SLUG.md, unique in this import."""
        slug = re.sub(r"[^\w-]+", "-", unquote(item.slug), flags=re.UNICODE).strip("-_").lower()
        if not slug:
            slug = slugify(item.title, regex_subs=DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"])
        slug = slug[:MAX_SLUG].rstrip("-_") or f"{item.post_type}-{item.post_id}"
        name = f"{FOLDERS[item.post_type]}/{slug}.md"
        if name in self.texts:
            name = f"{FOLDERS[item.post_type]}/{slug}-{item.post_id}.md"
        return name

    def aliases(self, item, slug, date, ctx):
        """The item's old permalink path, when the seo plugin accepts it and it is not the new URL."""
        parts = split_url(item.link)
        found = []
        path = parts.path
        if path.strip("/"):
            new = self.urls[item.post_type].format(slug=slug, date=date or datetime(1970, 1, 1))
            if unquote(path).strip("/") != new.strip("/"):
                try:
                    redirects.normalise_alias(path)
                    found.append(path)
                except redirects.AliasError as err:
                    ctx.note(f"old address not kept as an alias: {err}")
        self.query_aliases += bool(item.post_id)  # its /?p=ID address
        return found

    def summary(self, images, with_uploads):
        """The lines printed after an import."""
        lines = [f"Imported {self.data.path.name} into content/:"]
        for kind, folder in FOLDERS.items():
            lines.append(f"  {folder}: {self.counts[kind]} ({self.counts[kind + ' draft']} drafts) "
                         f"in content/{folder}/")
        skipped = ", ".join(f"{kind} {count}" for kind, count in sorted(self.skipped.items()))
        lines.append(f"  skipped: {skipped or 'none'}")
        lines.append(f"  images copied: {len(images.copies)} into content/images/")
        remote = sorted(images.remote.items())
        why = "not in the uploads folder" if with_uploads else "no --uploads given"
        lines.append(f"  images remote: {len(remote)}" + (f" ({why}; the links are unchanged)" if remote else ""))
        lines.extend(f"    {url}  ({', '.join(owners)})" for url, owners in remote)
        lines.append(f"  needs a look: {len(self.notes)} file(s)")
        for name, notes in sorted(self.notes.items()):
            lines.extend(f"    content/{name}: {note}" for note in notes)
        if self.query_aliases:
            lines.append("  old ?p=ID addresses are not kept as aliases: a static site cannot answer a query string")
        return lines


def _hosts(data):
    """The export's own host names, from the site addresses and the items' links."""
    hosts = {split_url(url).hostname for url in (data.site_url, data.blog_url, data.link)}
    hosts.update(split_url(item.link).hostname for item in data.items[:50])
    return {host for host in hosts if host}


def _attached_images(attachments):
    """{parent post ID: [image attachments in menu order]}, for [gallery] without ids."""
    attached = {}
    for item in sorted(attachments, key=lambda a: (a.menu_order, int(a.post_id) if a.post_id.isdigit() else 0)):
        if Path(split_url(item.attachment_url).path).suffix.lower() in IMAGE_SUFFIXES:
            attached.setdefault(item.parent, []).append(item)
    return attached


def _date(value):
    """A WordPress 'YYYY-MM-DD HH:MM:SS' as a datetime, None for the zero date or anything else."""
    if not value or value == ZERO_DATE:
        return None
    try:
        return datetime.strptime(value, "%Y-%m-%d %H:%M:%S")
    except ValueError:
        return None


def _modified(item, date):
    """The Modified: value, when the export has one later than the date."""
    modified = _date(item.modified)
    if modified is None or (date is not None and modified <= date):
        return ""
    return modified.strftime("%Y-%m-%d %H:%M")
