"""Python-Markdown extension: clean the HTML Markdown made, then add our own fragments.

Every post, page, glossary entry and `Summary:` goes through the Markdown
reader, so this is where content HTML meets the sanitizer (kbutil.sanitize):
after Python-Markdown has put back the raw HTML it kept aside, before the
reader hands the HTML to Pelican. Extensions of ours that make trusted HTML
(the presentations' facades and viewers) store it with `md.kb_fragments.add`
and put the token it returns in the text; it is put back after cleaning.

Table cells that Python-Markdown aligns with style="text-align: X" get the
class align-X instead: the pages' Content-Security-Policy applies no style
attribute (theme/templates/partials/csp.html), and the sanitizer keeps none.

| class              | registry       | name     | priority |
| AlignByClass       | treeprocessors | align_by_class | 5 (after inline 20: every cell is made) |
| SanitizePostprocessor | postprocessors | sanitize | 1 (last: after raw_html 30, footnotes 25, amp_substitute 20) |
"""

from markdown.extensions import Extension
from markdown.postprocessors import Postprocessor
from markdown.treeprocessors import Treeprocessor

from kbutil.sanitize import Fragments, clean


class SanitizePostprocessor(Postprocessor):
    """Clean the document's HTML (UnsafeHTML for active markup), then restore fragments."""

    def run(self, text):
        cleaned, dropped = clean(text)
        self.md.kb_dropped.extend(dropped)
        return self.md.kb_fragments.restore(cleaned)


ALIGNMENTS = {"left", "center", "right"}


class AlignByClass(Treeprocessor):
    """<td style="text-align: center;"> (the tables extension's) -> <td class="align-center">."""

    def run(self, root):
        for cell in root.iter():
            if cell.tag not in ("td", "th"):
                continue
            style = cell.attrib.pop("style", None)
            if style is None:
                continue
            name, _, value = style.partition(":")
            value = value.strip().rstrip(";").strip()
            if name.strip() == "text-align" and value in ALIGNMENTS:
                cell.set("class", " ".join(filter(None, [cell.get("class"), f"align-{value}"])))


class SanitizeExtension(Extension):
    """See the module docstring."""

    def extendMarkdown(self, md):
        self.md = md
        md.registerExtension(self)
        md.kb_fragments = Fragments()
        md.kb_dropped = []
        md.treeprocessors.register(AlignByClass(md), "align_by_class", 5)
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
