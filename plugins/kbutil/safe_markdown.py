"""Python-Markdown extension: clean the HTML Markdown made, then add our own fragments.

Every post, page, glossary entry and `Summary:` goes through the Markdown
reader, so this is where content HTML meets the sanitizer (kbutil.sanitize):
after Python-Markdown has put back the raw HTML it kept aside, before the
reader hands the HTML to Pelican. Extensions of ours that make trusted HTML
(the presentations' facades and viewers) store it with `md.kb_fragments.add`
and put the token it returns in the text; it is put back after cleaning.

| class              | registry       | name     | priority |
| SanitizePostprocessor | postprocessors | sanitize | 1 (last: after raw_html 30, footnotes 25, amp_substitute 20) |
"""

from markdown.extensions import Extension
from markdown.postprocessors import Postprocessor

from kbutil.sanitize import Fragments, clean


class SanitizePostprocessor(Postprocessor):
    """Clean the document's HTML (UnsafeHTML for active markup), then restore fragments."""

    def run(self, text):
        cleaned, dropped = clean(text)
        self.md.kb_dropped.extend(dropped)
        return self.md.kb_fragments.restore(cleaned)


class SanitizeExtension(Extension):
    """See the module docstring."""

    def extendMarkdown(self, md):
        self.md = md
        md.registerExtension(self)
        md.kb_fragments = Fragments()
        md.kb_dropped = []
        md.postprocessors.register(SanitizePostprocessor(md), "sanitize", 1)

    def reset(self):
        self.md.kb_fragments.reset()
        self.md.kb_dropped = []


def ensure(md):
    """Register the extension on `md` unless it is there (for extensions that need it)."""
    if not hasattr(md, "kb_fragments"):
        SanitizeExtension().extendMarkdown(md)


def makeExtension(**kwargs):
    return SanitizeExtension(**kwargs)
