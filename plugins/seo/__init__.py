"""seo: sitemap, robots.txt, social cards, Open Graph / JSON-LD data and redirects for old URLs.

See plugin.py for what runs when, settings.py for the settings.
"""

from .plugin import register

__all__ = ["register"]
