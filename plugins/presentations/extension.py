"""Python-Markdown extension: presentations in posts, and no raw embeds.

Author syntax (each on lines of its own, outside code blocks):

    [presentation: https://speakerdeck.com/player/0123456789abcdef0123456789abcdef]
    [presentation: why-your-customers-need-an-online-community]    <- a local deck

    ```presentation
    src: https://www.slideshare.net/slideshow/embed_code/key/AbCd   (or  deck: NAME)
    title: Why Your Customers Need an Online Community
    start: 3                      slide (decks) or time (videos: 90, 1m30s)
    poster: images/poster.png     a local image, shown before the player loads
    download: images/deck.pdf     a local file or https URL offered for download
    ```

    <iframe src="https://..."></iframe>          <- an embed code pasted from the provider
    <script class="speakerdeck-embed" ...>       <- Speaker Deck's script embed code
    [slideshare id=12345678&doc=some-deck]        <- WordPress shortcode from migrated posts
    <blockquote class="twitter-tweet">...        <- an X/Twitter, Mastodon or Bluesky post
                                                    (see social.py); its <script> is dropped

Third-party players become click-to-load facades; social posts become
static cards; local decks become an in-page viewer.
Lines Python-Markdown shows as code (fenced or indented blocks, see
blocks.py) are left alone, whatever they hold. Every problem in a file is
reported, each with its line (LineErrors). Both are our own HTML, kept aside from the sanitizer
(kbutil.safe_markdown) and put back after it; any other raw <iframe>,
<script>, event handler or javascript: link is removed by the sanitizer,
which fails the build naming the line.

| class                     | registry      | name          | priority |
| PresentationPreprocessor  | preprocessors | presentations | 28 (before meta, 27: true line numbers) |
"""

import os
import re

from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

from kbutil import safe_markdown
from kbutil.diagnostics import LineError, SourceError
from kbutil.fragments import fragment_env, render_fragment

from . import providers, social
from .blocks import classify
from .deck import parse_deck, public_notes
from .render import markdown_html

ONE_LINE = re.compile(r"^\[presentation:\s*(?P<arg>[^\]]*?)\s*\]\s*$", re.IGNORECASE)
BLOCK_OPEN = re.compile(r"^(?P<fence>```|~~~)\s*presentation\s*$", re.IGNORECASE)
BLOCK_KEY = re.compile(r"^(?P<key>[a-z]+)\s*:\s*(?P<value>.*?)\s*$", re.IGNORECASE)
BLOCK_KEYS = ("src", "deck", "title", "start", "poster", "download")
SNIPPET_START = re.compile(r"^<iframe\b", re.IGNORECASE)
SPEAKERDECK_SCRIPT = re.compile(r"^<script\b[^>]*\bspeakerdeck-embed\b", re.IGNORECASE)
SOCIAL_END = re.compile(r"</blockquote\s*>", re.IGNORECASE)
SCRIPT_LINE = re.compile(r"^\s*<script\b.*</script\s*>\s*$", re.IGNORECASE | re.DOTALL)
MAX_SOCIAL_LINES = 400
DECK_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


class PresentationPreprocessor(Preprocessor):
    """Replace presentation directives by stashed HTML; refuse raw embeds."""

    def __init__(self, md, extension):
        super().__init__(md)
        self.ext = extension

    def run(self, lines):
        out, errors, index = [], [], 0
        kinds = classify(lines)
        while index < len(lines):
            kind = kinds[index]
            consumed, html = 0, None
            if not kind.code or kind.fence_start:
                try:
                    consumed, html = self.directive(lines, index, kind.indent, kind.fence_start)
                except LineError as err:
                    errors.append(err)
                    consumed, html = max(1, getattr(err, "consumed", 1)), ""
            if html is not None:
                out.extend(["", " " * kind.indent + self.md.kb_fragments.add(html), ""] if html else [""])
                index += consumed
                continue
            out.append(lines[index])
            index += 1
        if errors:
            raise LineErrors(errors)
        return out

    def directive(self, lines, index, indent, fence_start=False):
        """Return (lines used, html) for a directive starting at `index`, else (0, None).

        On a line opening a fenced block only a ```presentation block is one.
        """
        line, number = lines[index][indent:], index + 1
        used = 1
        try:
            if fence_start:
                match = BLOCK_OPEN.match(line)
                if not match:
                    return 0, None
                used, options = read_block(lines, index, match["fence"])
                return used, self.ext.render(options, number)
            if match := ONE_LINE.match(line):
                return 1, self.ext.render(one_line_options(match["arg"], number), number)
            if match := BLOCK_OPEN.match(line):
                used, options = read_block(lines, index, match["fence"])
                return used, self.ext.render(options, number)
            if social.is_social_embed(line):
                block = social_block(lines, index, number)
                used = len(block)
                post = social.post_from_embed("\n".join(block))
                return used, self.ext.render_post(post)
            if SPEAKERDECK_SCRIPT.match(line):
                block = paragraph(lines, index)
                used = len(block)
                embed = providers.embed_from_speakerdeck_script("\n".join(block))
                return used, self.ext.render_embed(embed, {}, number)
            if SNIPPET_START.match(line) or is_wrapped_snippet(lines, index, indent):
                block = paragraph(lines, index)
                used = len(block)
                embed = providers.embed_from_snippet("\n".join(block), extra_hosts=self.ext.extra_hosts())
                return used, self.ext.render_embed(embed, {}, number)
            if providers.SHORTCODE.match(line.strip()):
                return 1, self.ext.render_embed(providers.embed_from_shortcode(line.strip()), {}, number)
        except providers.EmbedError as err:
            error = LineError(number, str(err))
            error.consumed = used
            raise error from None
        return 0, None


class LineErrors(LineError):
    """Several problems in one file, each at its own line; the first is the LineError itself."""

    def __init__(self, errors):
        self.errors = list(errors)
        super().__init__(errors[0].line, errors[0].message)


def social_block(lines, index, number):
    """The lines of a pasted social post: up to its </blockquote>, then its <script> line(s)."""
    end = index
    while end < len(lines) and end - index < MAX_SOCIAL_LINES and not SOCIAL_END.search(lines[end]):
        end += 1
    if end >= len(lines) or end - index >= MAX_SOCIAL_LINES:
        raise LineError(number, "the pasted post's <blockquote> is not closed (expected </blockquote>)")
    end += 1
    while end < len(lines) and SCRIPT_LINE.match(lines[end]):
        end += 1
    return lines[index:end]


def one_line_options(arg, number):
    """`[presentation: X]`: X is a URL or the name of a local deck."""
    if not arg:
        raise LineError(number, "empty [presentation: ] (expected a URL or a deck name)")
    return {"src": arg} if ("://" in arg or ":" in arg.split("/")[0]) else {"deck": arg}


def read_block(lines, index, fence):
    """Read a ```presentation block; return (lines used, {key: value})."""
    options = {}
    for offset in range(index + 1, len(lines)):
        line, number = lines[offset], offset + 1
        if line.strip() == fence:
            return offset - index + 1, options
        if not line.strip():
            continue
        match = BLOCK_KEY.match(line.strip())
        if not match or match["key"].lower() not in BLOCK_KEYS:
            raise LineError(number, f"{line.strip()!r} in a presentation block is not one of "
                                    f"{', '.join(k + ':' for k in BLOCK_KEYS)}")
        options[match["key"].lower()] = match["value"]
    raise LineError(index + 1, f"presentation block is not closed (expected a line {fence})")


def is_wrapped_snippet(lines, index, indent=0):
    """An embed code whose <iframe> sits inside a wrapper (Canva's and Vimeo's <div>).

    Only at the start of a line (or of a list item's text), as Markdown reads
    raw HTML blocks.
    """
    if not lines[index][indent:].startswith("<"):
        return False
    return "<iframe" in "\n".join(paragraph(lines, index)).lower()


def paragraph(lines, index):
    """The lines from `index` up to the next blank line."""
    end = index
    while end < len(lines) and lines[end].strip():
        end += 1
    return lines[index:end]


class PresentationExtension(Extension):
    """Presentation directives; see the module docstring."""

    def __init__(self, **kwargs):
        self.config = {
            "deck_dir": ["presentations", "Folder of Markdown decks. Default: `presentations`"],
            "deck_prefix": ["presentations", "Decks' folder inside PATH, for {filename} links."],
            "template_dirs": [[], "Theme template folders holding fragments/presentations/."],
            "private_notes": [False, "Include `Note (private):` notes. Default: `False`"],
            "extra_hosts": [[], "More hosts whose https iframes get the facade (EMBED_EXTRA_HOSTS). Default: `[]`"],
        }
        super().__init__(**kwargs)
        self.env = None
        self.decks_seen = []

    def extendMarkdown(self, md):
        safe_markdown.ensure(md)
        md.registerExtension(self)
        self.md = md
        md.kb_embed_notices = []
        md.preprocessors.register(PresentationPreprocessor(md, self), "presentations", 28)

    def reset(self):
        self.decks_seen = []
        self.md.kb_embed_notices = []

    def extra_hosts(self):
        return tuple(self.getConfig("extra_hosts") or ())

    def render_post(self, post):
        """The static card of an embedded social post (its provider script is never kept)."""
        if post.scripts_dropped:
            self.md.kb_embed_notices.append(
                f"dropped the {post.network_name} embed script; the post is shown as a static card")
        return render_fragment(self.fragments(), "social/post_card", post=post)

    def fragments(self):
        if self.env is None:
            self.env = fragment_env(self.getConfig("template_dirs"))
        return self.env

    def render(self, options, number):
        """HTML for the directive `options` found at line `number`."""
        if ("src" in options) == ("deck" in options):
            raise LineError(number, "a presentation needs exactly one of src: (a URL) or deck: (a local deck name)")
        if "deck" in options:
            return self.render_deck(options, number)
        embed = providers.embed_from_url(options["src"], options.get("start") or None, self.extra_hosts())
        return self.render_embed(embed, options, number)

    def render_embed(self, embed, options, number):
        """The click-to-load facade of a third-party player."""
        return render_fragment(
            self.fragments(),
            "presentations/facade",
            embed=embed,
            title=options.get("title") or embed.title or f"{embed.provider_name} presentation",
            poster=local_or_https(options.get("poster"), "poster", number),
            download=local_or_https(options.get("download"), "download", number),
        )

    def render_deck(self, options, number):
        """The in-page viewer of a local deck."""
        name = options["deck"]
        if not DECK_NAME.match(name):
            raise LineError(number, f"deck name {name!r} should be a file name without .md, like my-talk")
        path = os.path.join(self.getConfig("deck_dir"), f"{name}.md")
        if not os.path.isfile(path):
            raise LineError(number, f"no deck {name!r}: {path} does not exist")
        try:
            with open(path, encoding="utf-8") as handle:
                deck = parse_deck(path, handle.read(), name)
            private = self.getConfig("private_notes")
            slides = [
                (s.number, markdown_html(s.body, 3, (path, s.line)),
                 markdown_html(public_notes(s, private), 4, (path, s.line)))
                for s in deck.slides
            ]
        except SourceError as err:
            raise LineError(number, f"deck {name!r} is invalid: {err}") from None
        prefix = "" if not self.decks_seen else f"{name}-"
        self.decks_seen.append(name)
        start = slide_number(options.get("start"), len(deck.slides), number)
        return render_fragment(
            self.fragments(),
            "presentations/viewer",
            deck=deck,
            title=options.get("title") or deck.title,
            slides=[(f"{prefix}slide-{n}", html, notes) for n, html, notes in slides],
            start=start,
            source=f"{self.getConfig('deck_prefix')}/{name}",
        )


def slide_number(value, count, number):
    """The `start:` of a deck: a slide number from 1 to the deck's last slide."""
    if not value:
        return 1
    if not (value.isascii() and value.isdigit()) or not 1 <= int(value) <= count:
        raise LineError(number, f"start: {value!r} should be a slide number from 1 to {count}")
    return int(value)


def local_or_https(value, key, number):
    """A poster/download value: an https URL, or a file in the content folder as a {static} link."""
    if not value:
        return ""
    if value.lower().startswith("https://"):
        return value
    if ":" in value.split("/")[0] or value.startswith("//"):
        raise LineError(number, f"{key}: {value!r} must be https:// or a file in the content folder")
    return "{static}/" + value.lstrip("/")


def makeExtension(**kwargs):
    return PresentationExtension(**kwargs)
