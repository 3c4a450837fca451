"""Turn an author's reference to a third-party presentation or video into a safe embed.

An author gives a URL, pastes the provider's embed code, or keeps a WordPress
``[slideshare ...]`` shortcode from an old post. The result is an `Embed` whose
``src`` is an https player URL rebuilt from checked parts on a fixed allowlist.
Pasted markup is untrusted: only the player URL, the size and the title text are
taken from it, never its tags or attributes. Anything else raises `EmbedError`
with a message saying what is wrong.

Accepted forms (ID, KEY, HASH, SLUG stand for the provider's own identifiers):

SlideShare (www.slideshare.net, slideshare.net), a slide deck
    https://www.slideshare.net/slideshow/embed_code/key/KEY
    https://www.slideshare.net/slideshow/embed_code/12345678
    https://www.slideshare.net/slideshow/SLUG/12345678        share URL ending in the id
    the embed code from Share > Embed (its attribution link becomes the page link)
    [slideshare id=12345678&doc=SLUG&w=425&h=355]              WordPress shortcode
    Not https://www.slideshare.net/USER/SLUG: that address does not hold the key.
    start: a slide number ("3"); a ?startSlide=N in the URL is kept.

Speaker Deck (speakerdeck.com), a slide deck
    https://speakerdeck.com/player/ID     (ID: 32 hex digits; ?slide=N is kept)
    the embed code from the deck's Embed button (its data-ratio gives the shape)
    Not https://speakerdeck.com/USER/SLUG: that address does not hold the id.
    start: a slide number ("3").

Google Slides (docs.google.com), a slide deck
    https://docs.google.com/presentation/d/ID/edit   (or /view, /pub, /embed, /preview)
    https://docs.google.com/presentation/d/e/KEY/pub (or /embed), from File > Publish to web
    the embed code from File > Publish to web > Embed
    Only the parameters start and loop (true/false: autoplay, repeat) and delayms
    (milliseconds per slide) are kept.
    start: not supported (Google's start= parameter is the autoplay switch).

Canva (www.canva.com, canva.com), a design
    https://www.canva.com/design/ID/KEY/view   (or /design/ID/view, /design/ID/KEY/watch)
    the embed code from Share > Embed
    start: not supported.

YouTube (www.youtube.com, youtube.com, m.youtube.com, youtu.be, youtube-nocookie.com), a video
    https://www.youtube.com/watch?v=ID, https://youtu.be/ID,
    https://www.youtube.com/embed/ID, /shorts/ID, /live/ID      (ID: 11 characters)
    the embed code from Share > Embed
    Played from www.youtube-nocookie.com. A t= or start= in the URL is kept.
    start: a time ("90", "90s", "1m30s", "1h2m3s", "1:30", "1:02:03").

Vimeo (vimeo.com, www.vimeo.com, player.vimeo.com), a video
    https://vimeo.com/ID, https://vimeo.com/ID/HASH (unlisted),
    https://player.vimeo.com/video/ID?h=HASH
    the embed code from Share > Embed, without its <script> line
    Played with dnt=1 (no tracking). A #t=1m30s in the URL is kept.
    start: a time, as for YouTube.

Speaker Deck's script embed code
    <script async class="speakerdeck-embed" data-id="ID" data-ratio="1.77777777777778"
    src="//speakerdeck.com/assets/embed.js"></script>   becomes the player https://speakerdeck.com/player/ID

Hosts the site owner allows (EMBED_EXTRA_HOSTS in pelicanconf.py), any player
    an https URL or pasted <iframe> on such a host is shown as it is, in the
    same click-to-load facade, sandboxed. start: not supported.

Never accepted: any scheme but https (http:, javascript:, data:, ...), a
protocol-relative //host address outside pasted embed codes, other hosts
(including look-alikes and xn-- spellings), user names, ports, backslashes,
whitespace, non-ASCII characters, paths of other shapes, URLs over 2048
characters; in embed codes, anything but one <iframe> and plain attribution
markup (div, p, span, strong, b, em, i, a, br), event handler attributes,
srcdoc, and links that are not https.
"""

import re
from dataclasses import dataclass, replace
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlsplit

PROVIDERS = {
    "slideshare": "SlideShare",
    "speakerdeck": "Speaker Deck",
    "google-slides": "Google Slides",
    "canva": "Canva",
    "youtube": "YouTube",
    "vimeo": "Vimeo",
}
HOSTS = {
    "www.slideshare.net": "slideshare",
    "slideshare.net": "slideshare",
    "speakerdeck.com": "speakerdeck",
    "docs.google.com": "google-slides",
    "www.canva.com": "canva",
    "canva.com": "canva",
    "www.youtube.com": "youtube",
    "youtube.com": "youtube",
    "m.youtube.com": "youtube",
    "youtu.be": "youtube",
    "www.youtube-nocookie.com": "youtube",
    "youtube-nocookie.com": "youtube",
    "vimeo.com": "vimeo",
    "www.vimeo.com": "vimeo",
    "player.vimeo.com": "vimeo",
}
HINTS = {
    "slideshare": "https://www.slideshare.net/slideshow/embed_code/key/KEY or "
    "https://www.slideshare.net/slideshow/SLUG/12345678",
    "speakerdeck": "https://speakerdeck.com/player/ID or the embed code",
    "google-slides": "https://docs.google.com/presentation/d/ID/edit (or /view, /pub, /embed, "
    "/preview) or https://docs.google.com/presentation/d/e/KEY/pub",
    "canva": "https://www.canva.com/design/ID/KEY/view or .../watch",
    "youtube": "https://www.youtube.com/watch?v=ID, https://youtu.be/ID, or "
    "https://www.youtube.com/embed/ID, /shorts/ID, /live/ID",
    "vimeo": "https://vimeo.com/ID, https://vimeo.com/ID/HASH or https://player.vimeo.com/video/ID",
}
DECK_ALLOW = "fullscreen"
VIDEO_ALLOW = "fullscreen; picture-in-picture; encrypted-media"
VIDEOS = {"youtube", "vimeo"}
DEFAULT_RATIOS = {"slideshare": "595 / 485"}
WIDE = "16 / 9"
MAX_URL = 2048
MAX_SNIPPET = 10_000
MAX_TITLE = 200

SLIDESHARE = "https://www.slideshare.net"
SLIDESHARE_EMBED = re.compile(r"/slideshow/embed_code/(?:key/(?P<key>[A-Za-z0-9]+)|(?P<id>[0-9]+))/?")
SLIDESHARE_SHARE = re.compile(r"/slideshow/(?P<slug>[A-Za-z0-9_-]+)/(?P<id>[0-9]+)/?")
SLIDESHARE_PAGE = re.compile(r"/(?!slideshow/)[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+/?")
SPEAKERDECK_ID = re.compile(r"[0-9a-f]{32}")
SPEAKERDECK_PLAYER = re.compile(r"/player/(?P<id>[0-9a-f]{32})/?")
USER_SLUG = re.compile(r"/(?!player/)[A-Za-z0-9_.%-]+/[A-Za-z0-9_.%-]+/?")
GOOGLE_PUBLISHED = re.compile(r"/presentation/d/e/(?P<key>[A-Za-z0-9_-]+)/(?:pub|embed)/?")
GOOGLE_DOC = re.compile(r"/presentation/d/(?!e/)(?P<id>[A-Za-z0-9_-]+)/(?:edit|view|pub|embed|preview)/?")
GOOGLE_PARAMS = {"start": r"true|false", "loop": r"true|false", "delayms": r"[0-9]{1,7}"}
CANVA = re.compile(r"/design/(?P<id>[A-Za-z0-9_-]+)(?:/(?P<key>[A-Za-z0-9_-]+))?/(?:view|watch)/?")
YOUTUBE_ID = re.compile(r"[A-Za-z0-9_-]{11}")
YOUTUBE_PATH = re.compile(r"/(?:embed|shorts|live)/(?P<id>[A-Za-z0-9_-]{11})/?")
YOUTU_BE_PATH = re.compile(r"/(?P<id>[A-Za-z0-9_-]{11})/?")
VIMEO_PAGE = re.compile(r"/(?P<id>[0-9]{1,12})(?:/(?P<hash>[0-9a-f]{1,64}))?/?")
VIMEO_PLAYER = re.compile(r"/video/(?P<id>[0-9]{1,12})/?")
VIMEO_HASH = re.compile(r"[0-9a-f]{1,64}")

EXTRA = "extra"
HOSTNAME = re.compile(r"(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]")
SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
WHITESPACE = re.compile(r"\s")
CONTROL = re.compile(r"[\x00-\x1f\x7f]")
NON_ASCII = re.compile(r"[^\x00-\x7f]")
IGNORED_IN_SCHEMES = re.compile(r"[\x00-\x20\x7f]")
SLIDE = re.compile(r"[0-9]{1,5}")
DURATION = re.compile(
    r"(?P<plain>[0-9]{1,6})|(?=[0-9])(?:(?P<h>[0-9]{1,3})h)?(?:(?P<m>[0-9]{1,4})m)?(?:(?P<s>[0-9]{1,6})s)?"
)
CLOCK = re.compile(r"(?:(?P<h>[0-9]{1,3}):(?P<m>[0-5]?[0-9])|(?P<mm>[0-9]{1,4})):(?P<s>[0-5][0-9])")
SIZE = re.compile(r"[0-9]{1,5}")
DATA_RATIO = re.compile(r"[0-9]{1,4}(?:\.[0-9]{1,20})?")

TEXT_ATTRIBUTES = {"href", "title", "target", "rel", "style", "class"}
ALLOWED_ELEMENTS = {
    "iframe": {
        "src", "width", "height", "title", "frameborder", "marginwidth", "marginheight",
        "scrolling", "style", "allowfullscreen", "webkitallowfullscreen", "mozallowfullscreen",
        "allow", "loading", "referrerpolicy", "class", "id", "name", "data-ratio", "data-id",
    },
    **dict.fromkeys(("div", "p", "span", "strong", "b", "em", "i", "a", "br"), TEXT_ATTRIBUTES),
}

SHORTCODE = re.compile(r"^[ \t]*\[slideshare(?P<args>[ \t][^\]\n]*)?\][ \t]*$", re.MULTILINE)
SHORTCODE_ARG = re.compile(
    r"""(?P<key>[A-Za-z]+)=(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\s&"'\]]*))"""
)
SHORTCODE_SEPARATOR = re.compile(r"[\s&]*")
AMPERSAND_ENTITY = re.compile(r"&(?:amp|#0*38|#x0*26);", re.IGNORECASE)


@dataclass(frozen=True)
class Embed:
    """A checked third-party player: what the facade template needs."""

    provider: str
    provider_name: str
    src: str
    link: str
    ratio: str
    allow: str
    title: str = ""


class EmbedError(ValueError):
    """An embed the author gave that is not allowed; str(err) says why."""


def embed_from_url(url: str, start: str | None = None, extra_hosts=()) -> Embed:
    """Return the Embed for a provider URL an author wrote, or raise EmbedError."""
    return _embed_from(url, start, pasted=False, extra_hosts=extra_hosts)


def embed_from_speakerdeck_script(html: str) -> Embed:
    """Return the Speaker Deck Embed of its script embed code (data-id, data-ratio), or raise EmbedError."""
    if not isinstance(html, str) or len(html) > MAX_SNIPPET:
        raise EmbedError("the Speaker Deck embed code must be text of at most "
                         f"{MAX_SNIPPET} characters")
    parser = _ScriptParser()
    parser.feed(html)
    parser.close()
    if len(parser.scripts) != 1:
        raise EmbedError("a Speaker Deck script embed is one <script class=\"speakerdeck-embed\" ...></script>")
    attributes = parser.scripts[0]
    source = urlsplit(_with_https((attributes.get("src") or "").strip(), pasted=True))
    if (source.hostname, source.path) != ("speakerdeck.com", "/assets/embed.js") or source.query:
        raise EmbedError("the Speaker Deck <script> must load //speakerdeck.com/assets/embed.js")
    deck = attributes.get("data-id") or ""
    if not SPEAKERDECK_ID.fullmatch(deck):
        raise EmbedError(f"the Speaker Deck data-id {_short(deck)!r} is not a deck id (32 hex digits)")
    ratio = attributes.get("data-ratio") or ""
    ratio = ratio if DATA_RATIO.fullmatch(ratio) and float(ratio) > 0 else None
    src = f"https://speakerdeck.com/player/{deck}"
    return _embed("speakerdeck", src, src, ratio)


def embed_from_snippet(html: str, start: str | None = None, extra_hosts=()) -> Embed:
    """Return the Embed for a pasted provider embed code, checking every tag in it."""
    if not isinstance(html, str):
        raise EmbedError("the pasted embed must be text")
    if len(html) > MAX_SNIPPET:
        raise EmbedError(f"the pasted embed is too long ({len(html)} characters, at most {MAX_SNIPPET})")
    parser = _SnippetParser()
    parser.feed(html)
    parser.close()
    iframe = _single(parser.iframes)
    if not (iframe.get("src") or "").strip():
        raise EmbedError("the <iframe> in the pasted embed has no src")
    embed = _embed_from(iframe["src"], start, pasted=True, extra_hosts=extra_hosts)
    link, link_title = _attribution(embed, parser.anchors)
    return replace(
        embed,
        link=link or embed.link,
        ratio=_snippet_ratio(iframe) or embed.ratio,
        title=_plain_title(iframe.get("title") or link_title),
    )


def embed_from_shortcode(text: str) -> Embed:
    """Return the SlideShare Embed for a WordPress [slideshare id=... w=... h=...] shortcode."""
    match = SHORTCODE.fullmatch(text.strip()) if isinstance(text, str) else None
    if not match:
        raise EmbedError("not a WordPress [slideshare id=...] shortcode on a line of its own")
    args = _shortcode_args(match["args"] or "")
    slide_id = args.get("id")
    if slide_id is None:
        raise EmbedError("the [slideshare] shortcode has no id=")
    if not re.fullmatch(r"[0-9]{1,12}", slide_id):
        raise EmbedError(f"the [slideshare] shortcode id {_short(slide_id)!r} must be digits")
    width, height = args.get("w"), args.get("h")
    ratio = None
    if width is not None or height is not None:
        ratio = _ratio(width or "", height or "")
        if ratio is None:
            raise EmbedError(f"the [slideshare] shortcode needs w= and h= as positive whole numbers, "
                             f"got w={width!r} h={height!r}")
    src = f"{SLIDESHARE}/slideshow/embed_code/{slide_id}"
    return _embed("slideshare", src, src, ratio)


# --- URLs -----------------------------------------------------------------------------------


def _embed_from(url, start, pasted, extra_hosts=()):
    """Check `url` and hand it to its provider's builder with the author's start."""
    try:
        parts = _checked_url(url, pasted)
    except EmbedError as err:
        raise _https_advice(url, start, pasted, extra_hosts) or err from None
    provider = _provider_of(parts, extra_hosts)
    if provider == EXTRA:
        return _extra_host(parts, _clean_start(start))
    return BUILDERS[provider](parts, _clean_start(start))


def _https_advice(url, start, pasted, extra_hosts):
    """For an http: URL, the error to give: "use https" only if the https form would be accepted."""
    if not isinstance(url, str) or not url.strip().lower().startswith("http://"):
        return None
    try:
        _embed_from("https://" + url.strip()[len("http://"):], start, pasted, extra_hosts)
    except EmbedError as err:
        return EmbedError(f"http: is not allowed, and as https: {err}")
    return None


def _checked_url(url, pasted):
    """Return `url` split into parts after the checks every provider needs."""
    if not isinstance(url, str):
        raise EmbedError("the URL must be text")
    url = url.strip(" \t\r\n")
    if not url:
        raise EmbedError("the URL is empty")
    if len(url) > MAX_URL:
        raise EmbedError(f"the URL is too long ({len(url)} characters, at most {MAX_URL})")
    _check_characters(url)
    url = _with_https(url, pasted)
    try:
        return urlsplit(url)
    except ValueError as err:
        raise EmbedError(f"the URL is malformed ({err})") from None


def _check_characters(url):
    """Raise EmbedError for characters no provider URL holds."""
    if WHITESPACE.search(url):
        raise EmbedError("whitespace is not allowed inside a URL")
    if match := CONTROL.search(url):
        raise EmbedError(f"control character U+{ord(match[0]):04X} is not allowed in a URL")
    if "\\" in url:
        raise EmbedError("a backslash is not allowed in a URL")
    if match := NON_ASCII.search(url):
        raise EmbedError(f"non-ASCII character {match[0]!r} is not allowed in a URL")


def _with_https(url, pasted):
    """Return `url` if it is https (or //host in a pasted embed, made https); else raise."""
    if url.startswith("//"):
        if pasted:
            return "https:" + url
        raise EmbedError("a protocol-relative URL (//host/...) is not allowed, use an https:// URL")
    match = SCHEME.match(url)
    if not match or "." in match[1]:
        raise EmbedError(f"{_short(url)!r} is not a full URL, use an https:// URL")
    scheme = match[1].lower()
    if scheme != "https":
        raise EmbedError(f"{_short(scheme, 20)}: is not allowed, use an https:// URL")
    if not url[match.end():].startswith("//"):
        raise EmbedError("https: must be followed by //host")
    return url


def _provider_of(parts, extra_hosts=()):
    """Return the provider key of the URL's host (EXTRA for an owner's host), refusing the rest."""
    netloc = parts.netloc
    if not netloc:
        raise EmbedError("the URL has no host")
    if "@" in netloc:
        raise EmbedError("a user name or password (...@) is not allowed in the URL")
    if ":" in netloc:
        raise EmbedError(f"a port is not allowed in the URL ({_short(netloc)})")
    host = netloc.lower()
    if host in HOSTS:
        return HOSTS[host]
    if host in extra_hosts:
        return EXTRA
    advice = (f"; add \"{host}\" to EMBED_EXTRA_HOSTS in pelicanconf.py to allow it"
              if is_bare_hostname(host) else "")
    raise EmbedError(f"host {_short(host)!r} is not an allowed provider "
                     f"(allowed: {', '.join(PROVIDERS.values())}) and is not an allowed embed host{advice}")


def is_bare_hostname(value):
    """Whether `value` is a lower-case DNS name with a dot: no scheme, port, path, IP or trailing dot."""
    return isinstance(value, str) and bool(HOSTNAME.fullmatch(value)) and not value.startswith("xn--")


def _extra_host(parts, start):
    """A player on a host of EMBED_EXTRA_HOSTS: its https URL as given, in a sandboxed facade."""
    if start is not None:
        raise EmbedError(f"start is not supported for {parts.hostname}")
    src = parts.geturl()
    return Embed(provider="extra", provider_name=parts.hostname, src=src, link=src, ratio=WIDE,
                 allow="fullscreen")


def _params(parts, names):
    """Return the query parameters of `parts` named in `names`, refusing repeats."""
    found = {}
    for key, value in parse_qsl(parts.query, keep_blank_values=True):
        if key in names:
            if key in found:
                raise EmbedError(f"the URL parameter {key!r} appears more than once")
            found[key] = value
    return found


def _path_error(provider, parts):
    """Return the EmbedError for a path of a shape the provider's players don't have."""
    return EmbedError(f"{PROVIDERS[provider]} address path {_short(parts.path)!r} is not a "
                      f"supported form; use {HINTS[provider]}")


def _embed(provider, src, link, ratio=None):
    """Return an Embed with the provider's name, player permissions and default shape."""
    return Embed(
        provider=provider,
        provider_name=PROVIDERS[provider],
        src=src,
        link=link,
        ratio=ratio or DEFAULT_RATIOS.get(provider, WIDE),
        allow=VIDEO_ALLOW if provider in VIDEOS else DECK_ALLOW,
    )


# --- providers ------------------------------------------------------------------------------


def _slideshare(parts, start):
    """SlideShare: embed URL (key or numeric id) or a share URL ending in the numeric id."""
    share = None
    if match := SLIDESHARE_EMBED.fullmatch(parts.path):
        tail = f"key/{match['key']}" if match["key"] else match["id"]
    elif match := SLIDESHARE_SHARE.fullmatch(parts.path):
        tail, share = match["id"], f"{SLIDESHARE}/slideshow/{match['slug']}/{match['id']}"
    elif USER_SLUG.fullmatch(parts.path):
        raise EmbedError(
            "a SlideShare address like /USER/SLUG does not hold the presentation key: paste the "
            "embed code (Share > Embed) or use the embed URL "
            "https://www.slideshare.net/slideshow/embed_code/key/KEY")
    else:
        raise _path_error("slideshare", parts)
    slide = _slide(start, _params(parts, {"startSlide"}).get("startSlide"), "SlideShare")
    src = f"{SLIDESHARE}/slideshow/embed_code/{tail}" + (f"?startSlide={slide}" if slide else "")
    return _embed("slideshare", src, share or src)


def _speakerdeck(parts, start):
    """Speaker Deck: the player URL /player/ID, with ?slide=N."""
    match = SPEAKERDECK_PLAYER.fullmatch(parts.path)
    if not match and USER_SLUG.fullmatch(parts.path):
        raise EmbedError(
            "a Speaker Deck address like /USER/SLUG does not hold the deck id: paste the embed "
            "code (the deck's Embed button) or use the player URL https://speakerdeck.com/player/ID")
    if not match:
        raise _path_error("speakerdeck", parts)
    slide = _slide(start, _params(parts, {"slide"}).get("slide"), "Speaker Deck")
    src = f"https://speakerdeck.com/player/{match['id']}" + (f"?slide={slide}" if slide else "")
    return _embed("speakerdeck", src, src)


def _google_slides(parts, start):
    """Google Slides: /presentation/d/ID/... or the published /presentation/d/e/KEY/..."""
    if start is not None:
        raise EmbedError("start is not supported for Google Slides")
    if match := GOOGLE_PUBLISHED.fullmatch(parts.path):
        base = f"https://docs.google.com/presentation/d/e/{match['key']}"
    elif match := GOOGLE_DOC.fullmatch(parts.path):
        base = f"https://docs.google.com/presentation/d/{match['id']}"
    else:
        raise _path_error("google-slides", parts)
    query = _google_query(parts)
    return _embed("google-slides", f"{base}/embed" + (f"?{query}" if query else ""), f"{base}/pub")


def _google_query(parts):
    """Return the checked start, loop and delayms parameters of a Google Slides URL."""
    params = _params(parts, GOOGLE_PARAMS)
    kept = []
    for name, pattern in GOOGLE_PARAMS.items():
        if name not in params:
            continue
        value = params[name].lower()
        if not re.fullmatch(pattern, value):
            raise EmbedError(f"Google Slides parameter {name}={_short(params[name])!r} is not valid "
                             f"(expected {pattern.replace('|', ' or ')})")
        kept.append(f"{name}={value}")
    return "&".join(kept)


def _canva(parts, start):
    """Canva: /design/ID[/KEY]/view or /design/ID/KEY/watch, played as .../view?embed."""
    if start is not None:
        raise EmbedError("start is not supported for Canva")
    match = CANVA.fullmatch(parts.path)
    if not match:
        if parts.path.rstrip("/").endswith("/edit"):
            raise EmbedError("a Canva edit link is private: use Share > Embed, or a view-only "
                             "link ending in /view")
        raise _path_error("canva", parts)
    key = f"/{match['key']}" if match["key"] else ""
    page = f"https://www.canva.com/design/{match['id']}{key}/view"
    return _embed("canva", f"{page}?embed", page)


def _youtube(parts, start):
    """YouTube: watch?v=, youtu.be/, embed/, shorts/, live/; played from youtube-nocookie."""
    video = _youtube_id(parts)
    seconds = _seconds(start) if start is not None else _youtube_url_start(parts)
    src = f"https://www.youtube-nocookie.com/embed/{video}"
    link = f"https://www.youtube.com/watch?v={video}"
    if seconds:
        src, link = f"{src}?start={seconds}", f"{link}&t={seconds}s"
    return _embed("youtube", src, link)


def _youtube_id(parts):
    """Return the 11-character video id of a YouTube URL."""
    if parts.hostname == "youtu.be":
        match = YOUTU_BE_PATH.fullmatch(parts.path)
    elif parts.path in ("/watch", "/watch/"):
        video = _params(parts, {"v"}).get("v")
        if video is None:
            raise EmbedError("the YouTube watch URL has no v= video id")
        if not YOUTUBE_ID.fullmatch(video):
            raise EmbedError(f"YouTube video id {_short(video)!r} is not valid (11 letters, digits, - or _)")
        return video
    else:
        match = YOUTUBE_PATH.fullmatch(parts.path)
    if not match:
        raise _path_error("youtube", parts)
    return match["id"]


def _youtube_url_start(parts):
    """Return the start time in seconds from a YouTube URL's start= or t= parameter."""
    params = _params(parts, {"start", "t"})
    name = "start" if "start" in params else "t"
    if name not in params:
        return 0
    seconds = _duration(params[name])
    if seconds is None:
        raise EmbedError(f"YouTube {name}={_short(params[name])!r} is not a time (like 90, 90s or 1m30s)")
    return seconds


def _vimeo(parts, start):
    """Vimeo: vimeo.com/ID[/HASH] or player.vimeo.com/video/ID?h=HASH, played with dnt=1."""
    video, secret = _vimeo_id(parts)
    seconds = _seconds(start) if start is not None else _vimeo_url_start(parts)
    src = f"https://player.vimeo.com/video/{video}?dnt=1" + (f"&h={secret}" if secret else "")
    link = f"https://vimeo.com/{video}" + (f"/{secret}" if secret else "")
    if seconds:
        src, link = f"{src}#t={seconds}s", f"{link}#t={seconds}s"
    return _embed("vimeo", src, link)


def _vimeo_id(parts):
    """Return (video id, unlisted hash or None) of a Vimeo URL."""
    if parts.hostname == "player.vimeo.com":
        match = VIMEO_PLAYER.fullmatch(parts.path)
        secret = _params(parts, {"h"}).get("h")
        if secret is not None and not VIMEO_HASH.fullmatch(secret):
            raise EmbedError(f"Vimeo h={_short(secret)!r} is not a valid hash (hex digits)")
    else:
        match = VIMEO_PAGE.fullmatch(parts.path)
        secret = match["hash"] if match else None
    if not match:
        raise _path_error("vimeo", parts)
    return match["id"], secret


def _vimeo_url_start(parts):
    """Return the start time in seconds from a Vimeo URL's #t= fragment."""
    value = dict(parse_qsl(parts.fragment, keep_blank_values=True)).get("t")
    if value is None:
        return 0
    seconds = _duration(value)
    if seconds is None:
        raise EmbedError(f"Vimeo #t={_short(value)!r} is not a time (like 90s or 1m30s)")
    return seconds


BUILDERS = {
    "slideshare": _slideshare,
    "speakerdeck": _speakerdeck,
    "google-slides": _google_slides,
    "canva": _canva,
    "youtube": _youtube,
    "vimeo": _vimeo,
}


# --- start ----------------------------------------------------------------------------------


def _clean_start(start):
    """Return the author's start stripped, None when absent; refuse empty or non-text values."""
    if start is None:
        return None
    if not isinstance(start, str):
        raise EmbedError(f"start must be text, got {type(start).__name__}")
    if not start.strip():
        raise EmbedError("start is empty (expected a slide number or a time)")
    return start.strip()


def _slide(start, from_url, name):
    """Return the slide number from the author's start or the URL's parameter, else None."""
    value = start if start is not None else from_url
    if value is None:
        return None
    if not SLIDE.fullmatch(value) or int(value) < 1:
        source = "start" if start is not None else "the URL's slide parameter"
        raise EmbedError(f"{source} for {name} must be a slide number (1, 2, 3, ...), got {_short(value)!r}")
    return int(value)


def _seconds(start):
    """Return the author's video start in seconds: 90, 90s, 1m30s, 1h2m3s, 1:30 or 1:02:03."""
    seconds = _duration(start)
    if seconds is None and (match := CLOCK.fullmatch(start)):
        minutes = int(match["mm"] or 0) + int(match["m"] or 0) + 60 * int(match["h"] or 0)
        seconds = 60 * minutes + int(match["s"])
    if seconds is None:
        raise EmbedError(f"start {_short(start)!r} is not a time; use seconds (90), 1m30s or 1:30")
    return seconds


def _duration(value):
    """Return seconds for 90, 90s, 1m30s or 1h2m3s, else None."""
    match = DURATION.fullmatch(value)
    if not match:
        return None
    seconds = int(match["plain"] or match["s"] or 0)
    return 3600 * int(match["h"] or 0) + 60 * int(match["m"] or 0) + seconds


# --- pasted embed codes ---------------------------------------------------------------------


class _SnippetParser(HTMLParser):
    """Collect the iframes and links of a pasted embed; raise EmbedError on anything else."""

    def __init__(self):
        """Start with no iframes and no links seen."""
        super().__init__(convert_charrefs=True)
        self.iframes, self.anchors = [], []

    def handle_starttag(self, tag, attrs):
        """Check an opening tag; keep the attributes of iframes and links."""
        attributes = _checked_attributes(tag, attrs)
        if tag == "iframe":
            self.iframes.append(attributes)
        elif tag == "a":
            self.anchors.append(attributes)

    def handle_endtag(self, tag):
        """Refuse closing tags of elements that are not allowed either."""
        _check_element(tag)

    def handle_decl(self, decl):
        """Refuse <!DOCTYPE ...> and other declarations."""
        raise EmbedError(f"<!{_short(decl, 20)}> is not allowed in a pasted embed")

    def unknown_decl(self, data):
        """Refuse <![CDATA[...]]> sections."""
        raise EmbedError(f"<![{_short(data, 20)}]> is not allowed in a pasted embed")

    def handle_pi(self, data):
        """Refuse <?...> processing instructions."""
        raise EmbedError(f"<?{_short(data, 20)}> is not allowed in a pasted embed")


class _ScriptParser(HTMLParser):
    """Collect the attributes of the <script> elements of Speaker Deck's script embed code."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.scripts = []

    def handle_starttag(self, tag, attrs):
        """Keep a script's attributes; refuse any other element and event handlers."""
        if tag != "script":
            raise EmbedError(f"<{_short(tag, 20)}> is not allowed in a Speaker Deck script embed")
        found = dict(attrs)
        if any(name.startswith("on") for name in found):
            raise EmbedError("event handler attributes are not allowed in a pasted embed")
        self.scripts.append({k: v or "" for k, v in found.items()})

    def handle_data(self, data):
        """Refuse code inside the script: Speaker Deck's embed has none."""
        if data.strip():
            raise EmbedError("the Speaker Deck <script> must be empty")


def _check_element(tag):
    """Raise EmbedError unless `tag` is an iframe or harmless attribution markup."""
    if tag in ALLOWED_ELEMENTS:
        return
    if tag == "script":
        raise EmbedError("<script> is not allowed in a pasted embed; delete it, the <iframe> "
                         "alone is enough")
    raise EmbedError(f"<{_short(tag, 20)}> is not allowed in a pasted embed (only one <iframe> "
                     f"and attribution text)")


def _checked_attributes(tag, attrs):
    """Return the attributes of an allowed element as a dict; raise EmbedError on a bad one."""
    _check_element(tag)
    found = {}
    for name, value in attrs:
        if name.startswith("on"):
            raise EmbedError(f"event handler attribute {_short(name, 30)!r} is not allowed in a pasted embed")
        if name == "srcdoc":
            raise EmbedError("the srcdoc attribute is not allowed in a pasted embed")
        if name not in ALLOWED_ELEMENTS[tag]:
            raise EmbedError(f"attribute {_short(name, 30)!r} is not allowed on <{tag}> in a pasted embed")
        if name in found:
            raise EmbedError(f"attribute {name!r} appears twice on <{tag}> in a pasted embed")
        if name in ("href", "src") and not (tag == "iframe" and _is_http(value or "")):
            _check_link_scheme(tag, name, value or "")  # an http: player gets its advice later
        found[name] = value or ""
    return found


def _is_http(value):
    """Whether a link value is an http: URL, as a browser would read it."""
    match = SCHEME.match(IGNORED_IN_SCHEMES.sub("", value))
    return bool(match) and match[1].lower() == "http"


def _check_link_scheme(tag, name, value):
    """Raise EmbedError if a link value has any scheme but https, as a browser would read it."""
    match = SCHEME.match(IGNORED_IN_SCHEMES.sub("", value))
    if match and match[1].lower() != "https":
        raise EmbedError(f"<{tag} {name}>: {_short(match[1].lower(), 20)}: is not allowed, "
                         f"use an https:// URL")


def _single(iframes):
    """Return the one iframe of a pasted embed."""
    if not iframes:
        raise EmbedError("no <iframe> found in the pasted embed")
    if len(iframes) > 1:
        raise EmbedError(f"the pasted embed holds {len(iframes)} <iframe> elements; paste one at a time")
    return iframes[0]


def _attribution(embed, anchors):
    """Return (page link, its title) from SlideShare's attribution, or ("", "")."""
    if embed.provider != "slideshare":
        return "", ""
    for attributes in anchors:
        try:
            parts = _checked_url(attributes.get("href", ""), pasted=True)
            if _provider_of(parts) != "slideshare":
                continue
        except EmbedError:
            continue
        if SLIDESHARE_SHARE.fullmatch(parts.path) or SLIDESHARE_PAGE.fullmatch(parts.path):
            return SLIDESHARE + parts.path.rstrip("/"), attributes.get("title", "")
    return "", ""


def _snippet_ratio(iframe):
    """Return the aspect ratio from the iframe's width and height, or its data-ratio, else None."""
    ratio = _ratio(iframe.get("width", ""), iframe.get("height", ""))
    if ratio is None and DATA_RATIO.fullmatch(iframe.get("data-ratio", "")) and float(iframe["data-ratio"]) > 0:
        ratio = iframe["data-ratio"]
    return ratio


def _ratio(width, height):
    """Return "W / H" when both are positive whole numbers, else None."""
    if SIZE.fullmatch(width) and SIZE.fullmatch(height) and int(width) > 0 and int(height) > 0:
        return f"{int(width)} / {int(height)}"
    return None


def _plain_title(value):
    """Return a title as plain text: no control characters, whitespace collapsed, capped."""
    text = " ".join(CONTROL.sub(" ", value or "").split())
    return text[:MAX_TITLE].rstrip()


# --- WordPress shortcode --------------------------------------------------------------------


def _shortcode_args(args):
    """Return the key=value pairs of a shortcode, separated by &, &amp; or spaces."""
    text = AMPERSAND_ENTITY.sub("&", args)
    found = {}
    position = SHORTCODE_SEPARATOR.match(text).end()
    while position < len(text):
        match = SHORTCODE_ARG.match(text, position)
        if not match:
            raise EmbedError(f"the [slideshare] shortcode is malformed near {_short(text[position:], 30)!r}")
        key = match["key"].lower()
        if key in found:
            raise EmbedError(f"the [slideshare] shortcode has {key}= more than once")
        found[key] = next(v for v in (match["dq"], match["sq"], match["bare"]) if v is not None)
        position = SHORTCODE_SEPARATOR.match(text, match.end()).end()
    return found


def _short(text, limit=80):
    """Return `text` cut to `limit` characters for an error message."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


FACADE_ATTRIBUTE = "data-embed-src"  # fragments/presentations/facade.html: the player's URL
ORIGIN_HOST = re.compile(r"[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?")  # a host name as the policy may name it


def embed_origins(html):
    """The sorted https origins (https://host[:port]) of the players of the facades in `html`."""
    import lxml.etree
    import lxml.html

    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except (ValueError, lxml.etree.ParserError):
        return []
    origins = set()
    for element in root.iter():
        src = element.get(FACADE_ATTRIBUTE) if isinstance(element.tag, str) else None
        try:
            parts = urlsplit((src or "").strip())
            host, port = parts.hostname, parts.port
        except ValueError:  # a port that is not a number
            continue
        # Only a plain host name goes into the policy: nothing that could end or add a directive.
        if parts.scheme == "https" and host and ORIGIN_HOST.fullmatch(host):
            origins.add(f"https://{host}" + (f":{port}" if port else ""))
    return sorted(origins)
