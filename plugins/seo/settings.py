"""Settings of the seo plugin, with their defaults, checked once at start-up (kbutil.config).

Cards are kept in CACHE_PATH/social-cards/ (Pelican's CACHE_PATH, "cache" beside
pelicanconf.py), named by a hash of what they show: a card is drawn again only
when its title, category or site name (or the design) changes.
"""

import os
import re

import reportlab

from kbutil.config import Setting, boolean, file_or_empty, list_of_text, output_file, positive_int

FONTS = os.path.join(os.path.dirname(reportlab.__file__), "fonts")
THEME_COLOURS = {  # light scheme of theme/static/css/main.css
    "background": "#ffffff",
    "surface": "#f4f6f8",
    "text": "#1b1f24",
    "muted": "#525a63",
    "accent": "#0b57b5",
    "border": "#c9d1d9",
}
HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
TWITTER_HANDLE = re.compile(r"^@\w{1,15}$")
CACHE_FOLDER = "social-cards"


def card_colours(value):
    """Some of the theme's colour names, each with a colour like '#1b1f24'."""
    known = ", ".join(THEME_COLOURS)
    if not isinstance(value, dict):
        return f"must be a dict of colours, like {{'accent': '#0b57b5'}} (names: {known})"
    for name, colour in value.items():
        if name not in THEME_COLOURS:
            return f"has an unknown colour {name!r}: must use only the names {known}"
        if not isinstance(colour, str) or not HEX_COLOUR.match(colour):
            return f"has [{name!r}]={colour!r}: each must be a colour like '#1b1f24'"
    return None


def twitter_handle(value):
    """An @handle like '@example', or "" for none."""
    if value == "" or (isinstance(value, str) and TWITTER_HANDLE.match(value)):
        return None
    return "must be an @handle like '@example', or \"\" for none"


def font_or_vera(default):
    """Clean a font setting: "" is ReportLab's `default` (Vera.ttf, VeraBd.ttf)."""
    return lambda value: value or os.path.join(FONTS, default)


SETTINGS = (
    Setting("SEO_SITEMAP", "sitemap.xml", output_file(),
            'sitemap file, written only when SITEURL is an absolute http(s) URL ("" for none)'),
    Setting("SEO_SITEMAP_EXCLUDE", ["404.html", "drafts/"], list_of_text,
            "output paths left out of the sitemap besides redirects, drafts and hidden content; "
            '"x/" means everything under x/'),
    Setting("SEO_SITEMAP_MAX_URLS", 50000, positive_int,
            "URLs per sitemap file; past that sitemap.xml becomes an index of sitemap-1.xml, sitemap-2.xml, ... "
            "(50000 is the protocol's limit)"),
    Setting("SEO_ROBOTS", "robots.txt", output_file(), 'robots.txt, with a Sitemap: line in production ("" for none)'),
    Setting("SEO_CARDS", True, boolean, "make a social card (PNG, 1200x630) for every post"),
    Setting("SEO_CARDS_PATH", "cards", output_file(allow_empty=False),
            "output folder of the cards: SEO_CARDS_PATH/<slug>.png"),
    Setting("SEO_SITE_CARD", "social-card.png", output_file(),
            'the card of every other page: site name and subtitle ("" for none)'),
    Setting("SEO_CARD_COLOURS", THEME_COLOURS, card_colours,
            '{"background", "surface", "text", "muted", "accent", "border"}: colours of the cards; '
            "missing ones are the theme's light colours (theme/static/css/main.css)",
            clean=lambda value: dict(THEME_COLOURS, **value), shown_default="the theme's light colours"),
    Setting("SEO_CARD_FONT", "", file_or_empty, 'TrueType file of the cards\' text ("": ReportLab\'s Vera.ttf)',
            clean=font_or_vera("Vera.ttf")),
    Setting("SEO_CARD_FONT_BOLD", "", file_or_empty,
            'TrueType file of the cards\' titles ("": ReportLab\'s VeraBd.ttf)', clean=font_or_vera("VeraBd.ttf")),
    Setting("SEO_REDIRECTS_NGINX", "redirects.nginx.conf", output_file(),
            'nginx map of old paths to new URLs ("" for none)'),
    Setting("SEO_REDIRECTS_APACHE", "redirects.apache.conf", output_file(),
            'Apache `Redirect 301` lines ("" for none)'),
    Setting("SEO_TWITTER_SITE", "", twitter_handle, 'the site\'s @handle for twitter:site ("" for none)'),
)
