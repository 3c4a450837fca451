"""The text of an HTML fragment, as a reader sees it: one way for every plugin.

Tags are dropped and entities decoded by lxml's HTML parser (never a regular
expression); what a reader never sees is left out: the contents of
<template> (the plain quote feeds show instead of a social card or player),
<script>, <style> and <noscript>. Runs of whitespace become one space.
"""

import lxml.html
from lxml.etree import ParserError

UNSEEN = ("template", "script", "style", "noscript")


def plain_text(html):
    """One line of the text `html` shows ('' for none)."""
    html = str(html or "")
    if not html.strip():
        return ""
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except (ParserError, ValueError):
        return ""
    for element in list(root.iter(*UNSEEN)):
        element.drop_tree()
    return " ".join(root.text_content().split())
