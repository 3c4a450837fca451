"""Turn one chat message's plain text into safe HTML. Pure; standard library only.

Everything is escaped. Only three things become links: http(s) URLs, @mentions
(when `mention_url` knows the handle) and #hashtags (when `hashtag_url` knows
the tag). The text is cut into tokens in one pass with a single regular
expression, so a mention or hashtag inside a URL is never linked on its own and
no substitution ever runs over HTML produced by another one.
"""

import html
import re

# One alternation, tried left to right at each position: a URL wins over the
# @ or # it may contain because the scan reaches the URL's start first.
_TOKEN = re.compile(
    r"""
    (?P<url>
        (?<![\w.+-])                 # not glued to a word ("xhttp://")
        https?://
        [^\s<>"\x00-\x1f\x7f]+       # stops at space, <, >, " and control characters
    )
  | (?P<mention>
        (?<![\w@#$%&*!./+-])         # not an e-mail address (a@b.com), nor "/@" in a path
        @(?P<handle>[A-Za-z0-9_]{1,30})
        (?![\w@])                    # whole handle only (no "@jane@host", no 31st char)
    )
  | (?P<hashtag>
        (?<![\w#&/])                 # not "C#", "&#39;", "a/#b"
        \#(?P<tag>(?=\w*[^\W\d_])\w+)  # at least one letter: "#1" is not a hashtag
    )
    """,
    re.IGNORECASE | re.VERBOSE,
)

_TRAILING = ".,;:!?'*"
_CLOSERS = {")": "(", "]": "[", "}": "{"}
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")
_UNSAFE_IN_HREF = re.compile(r"[\x00-\x20\x7f]")

URL_REL = "nofollow ugc noopener"


def _trim_url(url):
    """Drop punctuation that ends a sentence rather than the URL.

    "https://a.example/x." -> "https://a.example/x"; a closing bracket stays
    when the URL opened it: "https://en.wikipedia.org/wiki/Foo_(bar)".
    """
    balance = {closer: url.count(closer) - url.count(opener) for closer, opener in _CLOSERS.items()}
    end = len(url)
    while end:
        last = url[end - 1]
        if last in _TRAILING:
            end -= 1
        elif last in balance and balance[last] > 0:  # more closed than opened
            balance[last] -= 1
            end -= 1
        else:
            break
    return url[:end]


def _has_host(url):
    return len(url) > url.index("//") + 2


def tokens(text):
    """Yield (kind, value, start, end) for each URL, mention and hashtag in text.

    kind is "url" (value: the URL), "mention" (value: the handle without "@")
    or "hashtag" (value: the tag without "#", as written). start/end delimit the
    token in text, including "@"/"#"; the URL's end excludes trimmed punctuation.
    """
    for match in _TOKEN.finditer(text):
        start = match.start()
        if match.group("url") is not None:
            url = _trim_url(match.group("url"))
            if _has_host(url):
                yield "url", url, start, start + len(url)
        elif match.group("mention") is not None:
            yield "mention", match.group("handle"), start, match.end()
        else:
            yield "hashtag", match.group("tag"), start, match.end()


def safe_href(url):
    """The URL if a browser would only ever navigate with it, else None.

    Accepts http(s) and scheme-less (relative) URLs; refuses javascript:,
    data:, vbscript: and any other scheme, and anything with whitespace or
    control characters (browsers drop those, so "java\\tscript:" would run).
    """
    if not isinstance(url, str) or not url or _UNSAFE_IN_HREF.search(url):
        return None
    scheme = _SCHEME.match(url)
    if scheme and scheme.group().lower() not in ("http:", "https:"):
        return None
    return url


def _escape(text):
    return html.escape(text, quote=True)


def _escape_text(text):
    escaped = _escape(text.replace("\r\n", "\n").replace("\r", "\n"))
    return escaped.replace("\n", "<br>")


def _link(href, label, css_class):
    return f'<a href="{_escape(href)}" class="{css_class}">{_escape(label)}</a>'


def render_text(text, mention_url=None, hashtag_url=None):
    """HTML for one message's text.

    mention_url(handle) and hashtag_url(tag) return a URL to link to, or a
    false value to leave the token as plain (escaped) text. Their URLs are
    checked with safe_href too.
    """
    out = []
    position = 0
    for kind, value, start, end in tokens(text):
        out.append(_escape_text(text[position:start]))
        source = text[start:end]
        if kind == "url":
            href = _escape(value)
            out.append(f'<a href="{href}" rel="{URL_REL}">{href}</a>')
        else:
            lookup = mention_url if kind == "mention" else hashtag_url
            href = safe_href(lookup(value)) if lookup else None
            out.append(_link(href, source, kind) if href else _escape(source))
        position = end
    out.append(_escape_text(text[position:]))
    return "".join(out)
