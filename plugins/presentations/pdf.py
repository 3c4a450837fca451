"""The downloadable deck: a PDF handout (each slide, then its speaker notes).

Made offline with ReportLab, in its bundled Vera fonts, with `invariant` on so
two builds of the same deck give the same bytes; kept in the build cache under
a digest of what it shows (`pdf_key`), so an unchanged deck is laid out once.
"""

import io
import os
from html.parser import HTMLParser
from importlib.metadata import version
from xml.sax.saxutils import escape

from kbutil.filecache import file_digest, key_of

BLOCKS = {"h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "pre", "blockquote"}


class BlockText(HTMLParser):
    """Flatten rendered HTML into (kind, text) blocks: headings, paragraphs, list items."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks, self.kind, self.text = [], None, []

    def handle_starttag(self, tag, attrs):
        if tag in BLOCKS:
            self.flush()
            self.kind = tag
        elif tag == "br":
            self.text.append("\n")

    def handle_endtag(self, tag):
        if tag in BLOCKS:
            self.flush()

    def handle_data(self, data):
        self.text.append(data)

    def flush(self):
        text = "".join(self.text).strip()
        if text:
            self.blocks.append((self.kind or "p", text))
        self.kind, self.text = None, []


def blocks(html):
    parser = BlockText()
    parser.feed(html)
    parser.close()
    parser.flush()
    return parser.blocks


def styles():
    """Paragraph styles in the Vera fonts that ship with ReportLab."""
    import reportlab
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    fonts = os.path.join(os.path.dirname(reportlab.__file__), "fonts")
    for name, file in (("Vera", "Vera.ttf"), ("Vera-Bold", "VeraBd.ttf")):
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, os.path.join(fonts, file)))
    body = ParagraphStyle("body", fontName="Vera", fontSize=11, leading=15, spaceAfter=6)
    return {
        "title": ParagraphStyle("title", parent=body, fontName="Vera-Bold", fontSize=20, leading=24, spaceAfter=12),
        "heading": ParagraphStyle("heading", parent=body, fontName="Vera-Bold", fontSize=15, leading=19),
        "label": ParagraphStyle("label", parent=body, fontName="Vera-Bold", fontSize=10, textColor="#444444"),
        "body": body,
        "item": ParagraphStyle("item", parent=body, leftIndent=14, bulletIndent=2),
        "pre": ParagraphStyle("pre", parent=body, fontName="Courier", fontSize=9, leading=11),
    }


def flowables(html, style):
    """ReportLab paragraphs for rendered slide or note HTML (text only, escaped)."""
    from reportlab.platypus import Paragraph, Preformatted

    out = []
    for kind, text in blocks(html):
        if kind == "pre":
            out.append(Preformatted(text, style["pre"]))
        elif kind == "li":
            out.append(Paragraph(escape(text), style["item"], bulletText="•"))
        elif kind.startswith("h"):
            out.append(Paragraph(escape(text), style["heading"]))
        else:
            out.append(Paragraph(escape(text).replace("\n", "<br/>"), style["body"]))
    return out


def pdf_key(page, site_name):
    """The digest naming a deck's PDF in the cache: everything deck_pdf reads, and this code's version."""
    return key_of({
        "code": file_digest(__file__),
        "reportlab": version("reportlab"),
        "title": page.title,
        "summary": page.summary,
        "site": site_name,
        "slides": [[slide["number"], slide["html"], slide["notes_html"]] for slide in page.slides],
    })


def deck_pdf(page, site_name):
    """Return the PDF bytes of a DeckPage: title page line, then slide + notes per page."""
    from reportlab import rl_config
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import KeepTogether, PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table

    rl_config.invariant = 1  # no timestamps or random ids: reproducible bytes
    style = styles()
    story = [Paragraph(escape(page.title), style["title"])]
    for slide in page.slides:
        box = Table([[flowables(slide["html"], style) or [Spacer(1, 1)]]], colWidths=[170 * 2.83])
        box.setStyle([("BOX", (0, 0), (-1, -1), 0.8, "#555555"), ("TOPPADDING", (0, 0), (-1, -1), 10),
                      ("LEFTPADDING", (0, 0), (-1, -1), 12), ("RIGHTPADDING", (0, 0), (-1, -1), 12)])
        notes = flowables(slide["notes_html"], style)
        story.append(KeepTogether([Paragraph(f"Slide {slide['number']}", style["label"]), box, Spacer(1, 10)]))
        if notes:
            story += [Paragraph("Speaker notes", style["label"]), *notes]
        story.append(PageBreak())
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, title=page.title, author=site_name,
                            creator=site_name, subject=page.summary)
    doc.build(story[:-1])
    return buffer.getvalue()
