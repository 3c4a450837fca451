"""reStructuredText directives `youtube` and `vimeo`: the same facade as in Markdown.

    .. youtube:: dQw4w9WgXcQ            (an id, or any YouTube URL the Markdown embed accepts)
       :start: 1m30s
    .. vimeo:: https://vimeo.com/76979871
       :width: 640
       :height: 360

The names and options are those of pelican-plugins' liquid_tags and the
Pelican "youtube directive" recipe (:width:, :height:, :start:; width and
height give the player's shape). The reST reader's HTML is sanitized, so a
directive leaves a fragment token (a raw node of letters and digits) and the
reader puts the facade back after cleaning (see `restoring`). A bad argument
is a docutils error, which the reader reports as `file.rst:LINE: reason`.
"""

import contextvars
from dataclasses import replace

from docutils import nodes
from docutils.parsers.rst import Directive, directives

from kbutil.fragments import fragment_env, render_fragment
from kbutil.sanitize import Fragments

from . import providers

# The reader being run: its Fragments and fragment environment. Set for the
# length of one read() only (docutils gives directives no other way to reach it).
CURRENT = contextvars.ContextVar("presentations_rst_read", default=None)


def positive_int(value):
    """A :width: or :height: value: a whole number of pixels, optionally with px."""
    text = (value or "").strip().removesuffix("px")
    if not (text.isascii() and text.isdigit()) or int(text) <= 0:
        raise ValueError(f"{value!r} should be a whole number of pixels, like 640")
    return int(text)


class VideoDirective(Directive):
    """`.. youtube:: ID_OR_URL` / `.. vimeo:: ID_OR_URL` with :width:, :height:, :start:."""

    required_arguments = 1
    optional_arguments = 0
    final_argument_whitespace = False
    has_content = False
    option_spec = {"width": positive_int, "height": positive_int, "start": directives.unchanged_required}
    provider = ""

    def run(self):
        state = CURRENT.get()
        if state is None:
            raise self.error(f"the {self.name} directive only works in posts and pages")
        try:
            embed = providers.embed_from_url(self.url(self.arguments[0]), self.options.get("start"))
            if embed.provider != self.provider:
                raise providers.EmbedError(f"{self.arguments[0]!r} is a {embed.provider_name} address, "
                                           f"not {providers.PROVIDERS[self.provider]}")
        except providers.EmbedError as err:
            raise self.error(f"{self.name}: {err}") from None
        if "width" in self.options and "height" in self.options:
            embed = replace(embed, ratio=f"{self.options['width']} / {self.options['height']}")
        fragments, env = state
        html = render_fragment(env, "presentations/facade", embed=embed,
                               title=f"{embed.provider_name} video", poster="", download="")
        return [nodes.raw("", fragments.add(html), format="html")]

    def url(self, argument):
        """The URL of an argument that is a bare video id (else the argument itself)."""
        raise NotImplementedError


class YouTubeDirective(VideoDirective):
    provider = "youtube"

    def url(self, argument):
        if providers.YOUTUBE_ID.fullmatch(argument):
            return f"https://www.youtube.com/watch?v={argument}"
        return argument


class VimeoDirective(VideoDirective):
    provider = "vimeo"

    def url(self, argument):
        if argument.isascii() and argument.isdigit():
            return f"https://vimeo.com/{argument}"
        return argument


def register_directives():
    """Make `youtube` and `vimeo` known to docutils (its registry is per process, like Pelican's)."""
    directives.register_directive("youtube", YouTubeDirective)
    directives.register_directive("vimeo", VimeoDirective)


def restoring(reader_class, template_dirs):
    """A subclass of a reST reader whose directives' facades are put back after sanitizing."""

    class FacadeRstReader(reader_class):
        def read(self, source_path):
            fragments = Fragments()
            token = CURRENT.set((fragments, fragment_env(template_dirs)))
            try:
                content, metadata = super().read(source_path)
            finally:
                CURRENT.reset(token)
            return fragments.restore(content), metadata

    FacadeRstReader.__name__ = f"Facade{reader_class.__name__}"
    return FacadeRstReader
