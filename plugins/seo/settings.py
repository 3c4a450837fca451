"""Settings of the seo plugin, with their defaults, checked once at start-up.

SEO_SITEMAP            sitemap file, written only when SITEURL is an absolute
                       http(s) URL ("sitemap.xml"; "" for none)
SEO_SITEMAP_EXCLUDE    output paths left out of the sitemap besides redirects,
                       drafts and hidden content; "x/" means everything under x/
                       (["404.html", "drafts/"])
SEO_SITEMAP_MAX_URLS   URLs per sitemap file; past that sitemap.xml becomes an
                       index of sitemap-1.xml, sitemap-2.xml, ... (50000, the protocol's limit)
SEO_ROBOTS             robots.txt, with a Sitemap: line in production ("robots.txt"; "" for none)
SEO_CARDS              make a social card (PNG, 1200x630) for every post (True)
SEO_CARDS_PATH         output folder of the cards: CARDS_PATH/<slug>.png ("cards")
SEO_SITE_CARD          the card of every other page: site name and subtitle
                       ("social-card.png"; "" for none)
SEO_CARD_COLOURS       {"background", "surface", "text", "muted", "accent", "border"}:
                       the theme's light colours (see theme/static/css/main.css)
SEO_CARD_FONT / SEO_CARD_FONT_BOLD   TrueType files ("" = ReportLab's Vera.ttf / VeraBd.ttf)
SEO_REDIRECTS_NGINX    nginx map of old paths to new URLs ("redirects.nginx.conf"; "" for none)
SEO_REDIRECTS_APACHE   Apache `Redirect 301` lines ("redirects.apache.conf"; "" for none)
SEO_TWITTER_SITE       the site's @handle for twitter:site ("" for none)

Cards are kept in CACHE_PATH/social-cards/ (Pelican's CACHE_PATH, "cache" beside
pelicanconf.py), named by a hash of what they show: a card is drawn again only
when its title, category or site name (or the design) changes.
"""

import os
import re
from urllib.parse import urlsplit

import reportlab

from kbutil.config import apply_defaults

FONTS = os.path.join(os.path.dirname(reportlab.__file__), "fonts")
THEME_COLOURS = {  # light scheme of theme/static/css/main.css
    "background": "#ffffff",
    "surface": "#f4f6f8",
    "text": "#1b1f24",
    "muted": "#525a63",
    "accent": "#0b57b5",
    "border": "#c9d1d9",
}
DEFAULTS = {
    "SEO_SITEMAP": "sitemap.xml",
    "SEO_SITEMAP_EXCLUDE": ["404.html", "drafts/"],
    "SEO_SITEMAP_MAX_URLS": 50000,
    "SEO_ROBOTS": "robots.txt",
    "SEO_CARDS": True,
    "SEO_CARDS_PATH": "cards",
    "SEO_SITE_CARD": "social-card.png",
    "SEO_CARD_COLOURS": THEME_COLOURS,
    "SEO_CARD_FONT": "",
    "SEO_CARD_FONT_BOLD": "",
    "SEO_REDIRECTS_NGINX": "redirects.nginx.conf",
    "SEO_REDIRECTS_APACHE": "redirects.apache.conf",
    "SEO_TWITTER_SITE": "",
}
OUTPUT_FILES = ("SEO_SITEMAP", "SEO_ROBOTS", "SEO_SITE_CARD", "SEO_REDIRECTS_NGINX", "SEO_REDIRECTS_APACHE")
HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
TWITTER_HANDLE = re.compile(r"^@\w{1,15}$")
CACHE_FOLDER = "social-cards"


def is_absolute_url(url):
    """True when `url` is an absolute http(s) URL (production SITEURL)."""
    if not isinstance(url, str):
        return False
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def check_output_path(key, value, allow_empty=True):
    """Raise ValueError unless `value` is a clean path inside the output folder."""
    if value == "" and allow_empty:
        return
    parts = value.split("/")
    if not value or value.startswith("/") or "\\" in value or any(p in ("", ".", "..") for p in parts):
        raise ValueError(
            f"{key}={value!r} must be a path inside the output folder, "
            "like 'sitemap.xml' or 'cards' (no leading '/', no '..')"
        )


def configure(settings):
    """Fill in defaults; raise ValueError naming a setting with a bad value."""
    apply_defaults(settings, DEFAULTS)
    for key in OUTPUT_FILES:
        check_output_path(key, settings[key])
    check_output_path("SEO_CARDS_PATH", settings["SEO_CARDS_PATH"], allow_empty=False)
    if settings["SEO_SITEMAP_MAX_URLS"] < 1:
        raise ValueError(f"SEO_SITEMAP_MAX_URLS={settings['SEO_SITEMAP_MAX_URLS']!r} must be at least 1")
    colours = dict(THEME_COLOURS, **settings["SEO_CARD_COLOURS"])
    for name, value in colours.items():
        if name not in THEME_COLOURS:
            raise ValueError(f"SEO_CARD_COLOURS has an unknown colour {name!r} (known: {', '.join(THEME_COLOURS)})")
        if not isinstance(value, str) or not HEX_COLOUR.match(value):
            raise ValueError(f"SEO_CARD_COLOURS[{name!r}]={value!r} must be a colour like '#1b1f24'")
    settings["SEO_CARD_COLOURS"] = colours
    for key, default in (("SEO_CARD_FONT", "Vera.ttf"), ("SEO_CARD_FONT_BOLD", "VeraBd.ttf")):
        settings[key] = settings[key] or os.path.join(FONTS, default)
        if not os.path.isfile(settings[key]):
            raise ValueError(f"{key}={settings[key]!r}: no such font file")
    handle = settings["SEO_TWITTER_SITE"]
    if handle and not TWITTER_HANDLE.match(handle):
        raise ValueError(f"SEO_TWITTER_SITE={handle!r} must be an @handle like '@example'")
    return settings
