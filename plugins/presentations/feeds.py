"""In feeds, each embed or deck becomes the plain link its <template> holds, each social post a plain quote."""

import re

from kbutil.markers import FEED_TEMPLATE_CLASS

BLOCK = re.compile(
    r"<!-- (?P<kind>presentation-embed|presentation-deck|social-post) -->.*?"
    rf"<template class=\"{re.escape(FEED_TEMPLATE_CLASS)}\">(?P<feed>.*?)</template>.*?"
    r"<!-- /(?P=kind) -->",
    re.DOTALL,
)


def feed_html(html):
    """Replace every presentation block in `html` by its feed version."""
    return BLOCK.sub(lambda m: m["feed"], html) if html else html
