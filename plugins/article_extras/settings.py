"""Settings of the article_extras plugin, with their defaults, checked once at start-up (kbutil.config)."""

from kbutil.config import Setting, positive_int

SETTINGS = (
    Setting("ARTICLE_EXTRAS_WORDS_PER_MINUTE", 200, positive_int,
            "reading speed that gives each post its reading time in whole minutes"),
)
