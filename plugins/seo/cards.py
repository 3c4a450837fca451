"""Social cards: a 1200x630 PNG per post with its title, category and the site's name.

Drawn with Pillow in the theme's light colours and ReportLab's Vera fonts.
The bytes depend only on what the card shows and the design (no time or
other metadata in the PNG), so a card is cached under a hash of exactly that
and drawn again only when it changes.
"""

import functools
import io
from dataclasses import dataclass, field

import PIL
from PIL import Image, ImageColor, ImageDraw, ImageFont
from unidecode import unidecode

from kbutil.filecache import file_digest, kept_file, key_of

# Bump when the drawing below changes: every cached card is then redrawn.
VERSION = 2
WIDTH, HEIGHT = 1200, 630
MARGIN = 80
STRIPE = 16
FOOTER = 120
TITLE_SIZES = (72, 66, 60, 54, 48, 44)
TITLE_MAX_LINES = 4
LABEL_SIZE = 30
FOOTER_SIZE = 34
LINE_SPACING = 1.18


@dataclass(frozen=True)
class CardStyle:
    """Everything about a card's look; part of every card's cache key."""

    colours: dict
    font: str
    font_bold: str
    font_digests: tuple = field(default=())

    # The characters each font can draw: read once per build, and only when a card is drawn.
    @functools.cached_property
    def chars(self):
        return font_chars(self.font)

    @functools.cached_property
    def chars_bold(self):
        return font_chars(self.font_bold)

    @classmethod
    def from_settings(cls, settings):
        fonts = (settings["SEO_CARD_FONT"], settings["SEO_CARD_FONT_BOLD"])
        return cls(
            colours=dict(sorted(settings["SEO_CARD_COLOURS"].items())),
            font=fonts[0],
            font_bold=fonts[1],
            font_digests=tuple(file_digest(path) for path in fonts),
        )


def text(value):
    """A title, category or site name as one line of text (they are text, not HTML)."""
    return " ".join(str(value or "").split())


def card_key(title, label, footer, style):
    """The sha256 naming a card in the cache: what it shows and how it is drawn."""
    return key_of({
        "version": VERSION,
        "pillow": PIL.__version__,
        "size": [WIDTH, HEIGHT],
        "title": title,
        "label": label,
        "footer": footer,
        "colours": style.colours,
        "fonts": list(style.font_digests),
    })


def font_chars(path):
    """The characters a TrueType font has a glyph for."""
    from reportlab.pdfbase.ttfonts import TTFontFile  # here: a build without cards never imports reportlab

    return frozenset(c for c, glyph in TTFontFile(path).charToGlyph.items() if glyph)


def drawable(text, chars):
    """`text` with characters the font lacks spelled in ASCII (Unidecode), or '?'."""
    out = []
    for char in " ".join(text.split()):
        if ord(char) in chars:
            out.append(char)
        else:
            spelled = unidecode(char)
            out.append(spelled if spelled.strip() and all(ord(c) in chars for c in spelled) else "?")
    return " ".join("".join(out).split())


def wrap(text, font, width):
    """Greedy word wrap to `width` pixels; a word longer than a line is cut."""
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if font.getlength(candidate) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        line = word
        while font.getlength(line) > width:
            cut = len(line) - 1
            while cut > 1 and font.getlength(line[:cut]) > width:
                cut -= 1
            lines.append(line[:cut])
            line = line[cut:]
    if line:
        lines.append(line)
    return lines


def ellipsize(line, font, width):
    """`line` shortened to end in '…' within `width`."""
    while line and font.getlength(line + "…") > width:
        line = line[:-1].rstrip()
    return line + "…"


def load_font(path, size):
    return ImageFont.truetype(path, size, layout_engine=ImageFont.Layout.BASIC)


def fit_title(title, path, width, height):
    """(font, lines): the biggest size at which the title fits, else cut with '…'."""
    for size in TITLE_SIZES:
        font = load_font(path, size)
        lines = wrap(title, font, width)
        if len(lines) <= TITLE_MAX_LINES and len(lines) * size * LINE_SPACING <= height:
            return font, lines
    lines = wrap(title, font, width)[:TITLE_MAX_LINES]
    lines[-1] = ellipsize(lines[-1], font, width)
    return font, lines


def render_card(title, label, footer, style):
    """The PNG bytes of a card: `label` (the category) above the title, `footer` (the site) below."""
    colours = style.colours
    bold, regular = style.chars_bold, style.chars
    title, label, footer = drawable(title, bold), drawable(label, bold), drawable(footer, regular)
    image = Image.new("RGB", (WIDTH, HEIGHT), colours["background"])
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, STRIPE - 1, HEIGHT - 1), fill=colours["accent"])
    draw.rectangle((STRIPE, HEIGHT - FOOTER, WIDTH - 1, HEIGHT - 1), fill=colours["surface"])
    draw.line((STRIPE, HEIGHT - FOOTER, WIDTH - 1, HEIGHT - FOOTER), fill=colours["border"], width=2)
    left, right = STRIPE + MARGIN - 16, WIDTH - MARGIN
    top = 64
    if label:
        label_font = load_font(style.font_bold, LABEL_SIZE)
        draw.text((left, top), ellipsize_if_long(label.upper(), label_font, right - left), font=label_font,
                  fill=colours["accent"])
        top += int(LABEL_SIZE * 1.9)
    else:
        top += 24
    area = HEIGHT - FOOTER - 48 - top
    font, lines = fit_title(title, style.font_bold, right - left, area)
    step = int(font.size * LINE_SPACING)
    y = top + max(0, (area - step * len(lines)) // 2)
    for line in lines:
        draw.text((left, y), line, font=font, fill=colours["text"])
        y += step
    footer_font = load_font(style.font, FOOTER_SIZE)
    footer_y = HEIGHT - FOOTER + (FOOTER - FOOTER_SIZE) // 2 - 4
    draw.text((left, footer_y), ellipsize_if_long(footer, footer_font, right - left), font=footer_font,
              fill=colours["text"])
    return png_bytes(image, colours)


def png_bytes(image, colours):
    """The card as an indexed-colour PNG of its own colours.

    A card is flat colours and the anti-aliased edges of its letters, which
    blend a text colour into the one behind it. A palette of those blends
    (BLEND_STEPS each) keeps every pixel within a few levels of the true-colour
    drawing; the PNG is under half the size and quicker to compress.
    """
    indexed = image.quantize(palette=card_palette(colours), dither=Image.Dither.NONE)
    out = io.BytesIO()
    indexed.save(out, format="PNG", optimize=False, compress_level=6)
    return out.getvalue()


# (colour behind, colour drawn on it) of every text on a card; 3 pairs x 85 steps + the border <= 256 colours.
BLENDS = (("background", "accent"), ("background", "text"), ("surface", "text"))
BLEND_STEPS = 85


def card_palette(colours):
    """A palette image holding the card's colours and the blends of each text into its background."""
    rgb = {name: ImageColor.getrgb(value) for name, value in colours.items()}
    entries = []
    for behind, drawn in BLENDS:
        for step in range(BLEND_STEPS):
            share = step / (BLEND_STEPS - 1)
            entries.append(tuple(round(a + (b - a) * share) for a, b in zip(rgb[behind], rgb[drawn])))
    entries.append(rgb["border"])
    unique = list(dict.fromkeys(entries))
    palette = Image.new("P", (1, 1))
    palette.putpalette([value for entry in unique for value in entry])
    return palette


def ellipsize_if_long(text, font, width):
    return text if font.getlength(text) <= width else ellipsize(text, font, width)


def cached_card(cache_dir, title, label, footer, style):
    """Return (path of the card in the cache, True when it was drawn now)."""
    return kept_file(cache_dir, card_key(title, label, footer, style), ".png",
                     lambda: render_card(title, label, footer, style))
