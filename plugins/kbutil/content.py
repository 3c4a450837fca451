"""Pages our generators write, made linkable from posts with {filename}.

Pelican resolves `{filename}PATH` through context["generated_content"][PATH]
and needs only the target's `.url`. A generator that writes pages of its own
registers a Link under a path-like key (documented by that plugin), so authors
and our Markdown fragments can link to those pages the way they link to posts.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Link:
    """Something {filename} links can point at: all they need is a url."""

    url: str
