"""WordPress shortcodes in an item's HTML: the ones the site can show, and the rest noted.

Runs after autop and before the HTML is parsed, as WordPress runs do_shortcode
after wpautop. The patterns follow WordPress's get_shortcode_regex and
shortcode_parse_atts (wp-includes/shortcodes.php): [[tag]] is an escaped
shortcode kept as the text [tag].

[caption id=".." width=".."]<a href><img ...></a> Caption text[/caption]   (older: caption="...")
    the image, then the caption in italics (_..._) on the next line
[gallery ids="1,2,3"] (or include=; no ids: the post's attached images)
    a list of the attachment images
[youtube URL], [youtube=URL], [embed]URL[/embed], [vimeo URL or ID]
    [presentation: URL] on its own line when the site's presentation plugin
    accepts the URL (https, allowed provider); else a plain link, noted
[slideshare id=...&doc=...]
    kept on its own line: the site's Markdown shows it as a click-to-load player
Any other shortcode is left as text and noted.
"""

import html
import re

from presentations import providers

KNOWN = ("caption", "wp_caption", "gallery", "youtube", "vimeo", "embed", "slideshare")
# Shortcodes seen in real exports (core, Jetpack, common plugins): noted even without attributes.
COMMON = {
    "audio", "video", "playlist", "soundcloud", "twitter", "tweet", "instagram", "googlemaps",
    "contact-form", "contact-field", "polldaddy", "crowdsignal", "spotify", "dailymotion", "ted",
    "scribd", "wufoo", "recipe", "archives", "sitemap", "gist", "code", "sourcecode", "latex",
}


def shortcode_pattern(names):
    """WordPress's get_shortcode_regex for these tag names (groups as in WordPress)."""
    tags = "|".join(re.escape(name) for name in names)
    return re.compile(
        r"\[(\[?)(" + tags + r")(?![\w-])([^\]/]*(?:/(?!\])[^\]/]*)*?)"
        r"(?:(/)\]|\](?:([^\[]*+(?:\[(?!/\2\])[^\[]*+)*+)\[/\2\])?)(\]?)",
    )


KNOWN_PATTERN = shortcode_pattern(KNOWN)
ANY_TAG = re.compile(r"\[\[?([A-Za-z][\w-]*)(?![\w-])([^\]]*)\]")
ATTRIBUTE = re.compile(
    r"""([\w-]+)\s*=\s*"([^"]*)"(?:\s|$)|([\w-]+)\s*=\s*'([^']*)'(?:\s|$)|([\w-]+)\s*=\s*([^\s'"]+)(?:\s|$)"""
    r"""|"([^"]*)"(?:\s|$)|'([^']*)'(?:\s|$)|(\S+)(?:\s|$)"""
)
ODD_SPACES = re.compile("[\u00a0\u200b]+")


def expand(text, ctx):
    """Return `text` with the known shortcodes replaced; note the unknown ones."""
    expanded = KNOWN_PATTERN.sub(lambda match: _replace(match, ctx), text)
    note_unknown(expanded, ctx)
    return expanded


def note_unknown(text, ctx):
    """Note each shortcode left in `text` that is not bracketed prose like [sic] or [1]."""
    for match in ANY_TAG.finditer(text):
        name, args = match[1], match[2]
        if match[0].startswith("[["):
            continue
        if name.lower() in COMMON or "=" in args or f"[/{name}]" in text:
            ctx.note(f"unknown shortcode [{name}] left as text")


def parse_attributes(text):
    """WordPress's shortcode_parse_atts: {name: value} and positional values under 0, 1..."""
    found, position = {}, 0
    for match in ATTRIBUTE.finditer(ODD_SPACES.sub(" ", html.unescape(text or ""))):
        if match[1]:
            found[match[1].lower()] = match[2]
        elif match[3]:
            found[match[3].lower()] = match[4]
        elif match[5]:
            found[match[5].lower()] = match[6]
        else:
            found[position] = next(v for v in (match[7], match[8], match[9]) if v is not None)
            position += 1
    return found


def _replace(match, ctx):
    """The replacement of one known shortcode."""
    if match[1] == "[" and match[6] == "]":
        return match[0][1:-1]  # [[tag]] is WordPress's escape for the text [tag]
    name, raw, content = match[2], match[3] or "", match[5] or ""
    if name in ("caption", "wp_caption"):
        return _caption(parse_attributes(raw), content, ctx)
    if name == "gallery":
        return _gallery(parse_attributes(raw), ctx)
    if name == "slideshare":
        return ctx.block("[slideshare " + html.unescape(raw).strip() + "]")
    if name == "embed":
        return video_block(html.unescape(content).strip(), ctx, name)
    url = raw.strip()[1:].strip() if raw.strip().startswith("=") else parse_attributes(raw).get(0, "")
    if name == "vimeo" and re.fullmatch(r"[0-9]{1,12}", url):
        url = f"https://vimeo.com/{url}"
    elif name == "youtube" and re.fullmatch(r"[A-Za-z0-9_-]{11}", url):
        url = f"https://www.youtube.com/watch?v={url}"
    return video_block(html.unescape(url).strip(), ctx, name)


def video_block(url, ctx, name):
    """[presentation: URL] when the site accepts the URL; else a plain link, noted."""
    if not url:
        ctx.note(f"[{name}] without a URL dropped")
        return ""
    try:
        providers.embed_from_url(url)
    except providers.EmbedError as err:
        ctx.note(f"[{name} {url}] kept as a plain link: {err}")
        safe = html.escape(url, quote=True)
        return f'<a href="{safe}">{safe}</a>'
    return ctx.block(f"[presentation: {url}]")


def _caption(attributes, content, ctx):
    """An image with its caption: the caption is the text after the image, or caption=."""
    inner = expand(content, ctx)
    image_html, caption_html = ctx.split_image(inner)
    caption_html = caption_html.strip() or html.escape(attributes.get("caption", ""))
    image = ctx.convert_fragment(image_html).strip()
    caption = " ".join(ctx.convert_fragment(caption_html).split())
    if not image:
        ctx.note("[caption] without an image")
        return ctx.block(caption)
    return ctx.block(f"{image}  \n_{caption}_" if caption else image)


def _gallery(attributes, ctx):
    """A list of the gallery's images, from ids= (or include=), else the post's attached images."""
    ids = attributes.get("ids") or attributes.get("include") or ""
    wanted = [part.strip() for part in ids.split(",") if part.strip()]
    attachments = [ctx.attachment(post_id) for post_id in wanted] if wanted else ctx.attached_images()
    lines = []
    for post_id, attachment in zip(wanted or [a.post_id for a in attachments], attachments, strict=True):
        if attachment is None or not attachment.attachment_url:
            ctx.note(f"[gallery] image {post_id} is not an attachment in the export")
            continue
        alt = attachment.meta.get("_wp_attachment_image_alt") or attachment.title
        alt = " ".join(alt.replace("[", "(").replace("]", ")").split())
        lines.append(f"- ![{alt}]({ctx.image_url(attachment.attachment_url)})")
    if not lines:
        ctx.note("[gallery] without images dropped")
        return ""
    return ctx.block("\n".join(lines))
