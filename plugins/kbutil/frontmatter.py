"""YAML front matter: the `---` header of Jekyll, Hugo and many Pelican blogs.

Stock Pelican reads a `---`-delimited header through Python-Markdown's meta
extension, one `key: value` line at a time, quotes and brackets included. We
read it as YAML (PyYAML's BaseLoader: every value is a string or a list of
them, no object is ever constructed), so `date: "2021-01-01 00:00:00 +0200"`,
`tags: [a, b]` and block lists mean what their author meant. A header YAML
cannot read but that is plain `key: value` lines (`title: Foo: bar`, which
YAML refuses) is read as stock Pelican reads it.

The names other generators use are mapped to Pelican's:

| front matter                           | Pelican                                  |
| `categories: [A, B]` / `category`      | `Category: A`, and B joins the tags      |
| `tags: [a, b]`, `authors: [x, y]`      | `Tags: a, b`, `Authors: x, y`            |
| `lastmod`, `updated`, `last_modified_at` | `Modified:` (unless given)             |
| `draft: true`, `published: false`      | `Status: draft` (unless given)           |
| `description`                          | `Summary:` (unless given)                |

Nested mappings (theme settings such as `header: {image: …}`) are not
metadata Pelican can use: they are left out and named in `ignored`.
"""

import re
from dataclasses import dataclass, field

from kbutil.diagnostics import SourceError

FENCE = "---"
ENDS = ("---", "...")
KEY_VALUE = re.compile(r"^(?P<key>[A-Za-z0-9_-]+)\s*:\s*(?P<value>.*)$")
CONTINUATION = re.compile(r"^(?: {4}|\t)(?P<value>.*)$")
TRUE = {"true", "yes", "on", "1"}
FALSE = {"false", "no", "off", "0"}
MODIFIED_KEYS = ("lastmod", "updated", "last_modified_at")


@dataclass
class FrontMatter:
    """A `---` header: its metadata ({lower-case key: str}) and the index of its closing line."""

    meta: dict
    end: int
    ignored: list = field(default_factory=list)

    def body_lines(self, lines):
        """`lines` with the header blanked, so the body keeps its line numbers."""
        return [""] * (self.end + 1) + lines[self.end + 1:]


def starts_front_matter(lines):
    return bool(lines) and lines[0].strip() == FENCE


def read_front_matter(path, lines):
    """The FrontMatter of `lines` (a file's lines), None when it has none; SourceError when unreadable."""
    if not starts_front_matter(lines):
        return None
    end = next((i for i in range(1, len(lines)) if lines[i].strip() in ENDS), None)
    if end is None:
        raise SourceError(path, 1, "the '---' header is not closed (expected a line '---' after its last key)")
    raw = parse(path, lines[1:end])
    meta, ignored = {}, []
    for key, value in raw.items():
        key = str(key).strip().lower()
        text = as_text(value)
        if text is None:
            ignored.append(key)
        elif key:
            meta[key] = text
    return FrontMatter(to_pelican(meta, raw), end, ignored)


def parse(path, header):
    """{key: value} of the header's lines: YAML, else stock Pelican's `key: value` lines."""
    import yaml  # here: a site without front matter never pays for importing it

    try:
        data = yaml.load("\n".join(header), Loader=yaml.BaseLoader)
    except yaml.YAMLError as err:
        data = key_value_lines(header)
        if data is None:
            mark = getattr(err, "problem_mark", None)
            line = mark.line + 2 if mark is not None else 1
            reason = getattr(err, "problem", None) or "not YAML"
            raise SourceError(path, line, f"the '---' header is not YAML ({reason}) nor 'key: value' lines; "
                                          "quote values that hold ': ' or start with a special character") from None
    if data is None or data == "":
        return {}
    if not isinstance(data, dict):
        raise SourceError(path, 2, "the '---' header must be 'key: value' lines")
    return data


def key_value_lines(header):
    """The header read as Python-Markdown's meta extension reads it, None if a line is not `key: value`."""
    data, key = {}, None
    for line in header:
        if not line.strip():
            continue
        match = KEY_VALUE.match(line)
        more = CONTINUATION.match(line)
        if match:
            key = match["key"]
            data[key] = unquote(match["value"].strip())
        elif more and key:
            data[key] = f"{data[key]} {more['value'].strip()}"
        else:
            return None
    return data


def unquote(value):
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        return value[1:-1]
    return value


def as_text(value):
    """A string for a scalar or a list of scalars (joined with ', '), None for anything nested."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return ", ".join(v.strip() for v in value if v.strip())
    return None


def to_pelican(meta, raw):
    """The header with other generators' names given Pelican's (see the module docstring)."""
    out = dict(meta)
    categories = raw.get("categories", raw.get("category"))
    if isinstance(categories, list) and categories and all(isinstance(c, str) for c in categories):
        out.pop("categories", None)
        out["category"] = categories[0].strip()
        extra = [c.strip() for c in categories[1:] if c.strip()]
        if extra:
            out["tags"] = ", ".join(filter(None, [out.get("tags", ""), *extra]))
    elif "categories" in out:
        out.setdefault("category", out.pop("categories"))
    if "authors" not in out and "," in out.get("author", ""):
        out["authors"] = out.pop("author")
    for key in MODIFIED_KEYS:
        if key in out and "modified" not in out:
            out["modified"] = out.pop(key)
    is_draft = out.get("draft", "").lower() in TRUE or out.get("published", "").lower() in FALSE
    if "status" not in out and is_draft:
        out["status"] = "draft"
    out.pop("draft", None)
    out.pop("published", None)
    if "summary" not in out and out.get("description"):
        out["summary"] = out["description"]
    return out
