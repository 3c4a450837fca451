"""Structured data for search engines: JSON-LD BlogPosting and BreadcrumbList.

The dicts are built in Python and serialised with json.dumps; `</` and `<!--`
are escaped so no title or summary can end the <script> element they go in.
The Jinja filters at the end give partials/seo.html the finished JSON.
"""

import json

from jinja2 import pass_context
from markupsafe import Markup

from kbutil.markers import BREADCRUMBS
from kbutil.siteurl import is_site_url
from kbutil.text import plain_text

from .cards import text
from .sitemap import content_date


def script_json(data):
    """JSON text that is safe inside <script type="application/ld+json">."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=False, separators=(",", ":"))
    return text.replace("</", "<\\/").replace("<!--", "\\u003c!--")


def absolute(siteurl, path):
    """SITEURL/path when SITEURL is absolute, else None (dev builds have no absolute URLs)."""
    if not is_site_url(siteurl):
        return None
    return f"{siteurl.rstrip('/')}/{path}"


def iso(value):
    return value.isoformat(timespec="seconds") if value is not None else None


def person(author, siteurl):
    data = {"@type": "Person", "name": str(author)}
    url = absolute(siteurl, author.url) if getattr(author, "url", None) else None
    if url:
        data["url"] = url
    return data


def blog_posting(article, siteurl, sitename, lang="en"):
    """The schema.org BlogPosting of a post."""
    url = absolute(siteurl, article.url)
    authors = [person(a, siteurl) for a in getattr(article, "authors", None) or ()]
    data = {
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "headline": text(article.title),
        "description": plain_text(getattr(article, "summary", "")),
        "datePublished": iso(article.date),
        "dateModified": iso(content_date(article)),
        "author": authors[0] if len(authors) == 1 else authors,
        "publisher": {"@type": "Organization", "name": text(sitename)},
        "inLanguage": getattr(article, "lang", None) or lang,
    }
    category = getattr(article, "category", None)
    if category:
        data["articleSection"] = str(category)
    tags = [str(tag) for tag in getattr(article, "tags", None) or ()]
    if tags:
        data["keywords"] = tags
    card = getattr(article, "seo_card", None)
    if card and absolute(siteurl, card):
        data["image"] = {"@type": "ImageObject", "url": absolute(siteurl, card), "width": 1200, "height": 630}
    if url:
        data["url"] = url
        data["mainEntityOfPage"] = {"@type": "WebPage", "@id": url}
    return {key: value for key, value in data.items() if value not in (None, "", [])}


def breadcrumb_list(article, siteurl, home="Home"):
    """The post's trail as a schema.org BreadcrumbList.

    The visible breadcrumbs when the post has them (Home › Topic › Post, from
    the structure plugin), else Home › Category › Post.
    """
    visible = getattr(article, BREADCRUMBS, None)
    if visible:
        crumbs = [(text(c.title), c.url) for c in visible]
    else:
        crumbs = [(home, "")]
        category = getattr(article, "category", None)
        if category:
            crumbs.append((str(category), category.url))
        crumbs.append((text(article.title), article.url))
    items = []
    for position, (name, path) in enumerate(crumbs, start=1):
        item = {"@type": "ListItem", "position": position, "name": name}
        url = absolute(siteurl, path)
        if url:
            item["item"] = url
        items.append(item)
    return {"@context": "https://schema.org", "@type": "BreadcrumbList", "itemListElement": items}


@pass_context
def seo_blogposting(context, article):
    """Jinja filter: the BlogPosting JSON of `article`, ready for a ld+json script."""
    data = blog_posting(article, context.get("SITEURL", ""), context.get("SITENAME", ""),
                        context.get("DEFAULT_LANG", "en"))
    return Markup(script_json(data))


@pass_context
def seo_breadcrumbs(context, article):
    """Jinja filter: the BreadcrumbList JSON of `article`, ready for a ld+json script."""
    return Markup(script_json(breadcrumb_list(article, context.get("SITEURL", ""))))


def seo_isodate(value):
    """Jinja filter: a datetime as ISO 8601 with its offset (Open Graph's article:*_time)."""
    return iso(value) or ""


FILTERS = {
    "seo_blogposting": seo_blogposting,
    "seo_breadcrumbs": seo_breadcrumbs,
    "seo_isodate": seo_isodate,
}
