"""Make Pagefind's index byte-identical from one build of the same site to the next.

Pagefind 1.5.2 writes everything deterministically except its filters: it
lists the values of a filter (the tags, the categories) and the filters
themselves in hash-map order, which changes from run to run. The search does
not depend on that order. So after Pagefind runs we sort them:

- each `filter/LANG_HASH.pf_filter` (gzip of "pagefind_dcd" + CBOR
  [name, [[value, [page, ...]], ...]]) gets its values sorted, and a name
  made from its new content;
- each `pagefind.LANG_HASH.pf_meta` (gzip of "pagefind_dcd" + CBOR [version,
  pages, index chunks, [[filter, filter file], ...], sorts, meta fields]) gets
  its filters sorted and their new file names, and a name from its content;
- `pagefind-entry.json` points each language at its new metadata file.

Only the order of CBOR items changes (their bytes are kept), and file names
are opaque to pagefind.js, which fetches what the entry and metadata name.
Anything not shaped as above stops with FormatError: a newer Pagefind
changed its format, and this must be looked at again. Pure: no Pelican.
"""

import gzip
import hashlib
import json
from pathlib import Path

SIGNATURE = b"pagefind_dcd"
FILTERS_AT = 3  # position of the filter list in the metadata's top-level array


class FormatError(ValueError):
    """The index is not shaped as Pagefind 1.5 writes it."""


# ---------------------------------------------------------------- minimal CBOR reading


def head(data, pos):
    """(major type, argument, position after the head) of the CBOR item at `pos`."""
    if pos >= len(data):
        raise FormatError("truncated CBOR")
    first = data[pos]
    major, info = first >> 5, first & 0x1F
    if info < 24:
        return major, info, pos + 1
    size = {24: 1, 25: 2, 26: 4, 27: 8}.get(info)
    if size is None or pos + 1 + size > len(data):
        raise FormatError("indefinite-length or truncated CBOR")
    return major, int.from_bytes(data[pos + 1:pos + 1 + size], "big"), pos + 1 + size


def skip(data, pos):
    """Position just after the CBOR item starting at `pos`."""
    major, arg, pos = head(data, pos)
    if major in (0, 1, 7):
        return pos
    if major in (2, 3):
        if pos + arg > len(data):
            raise FormatError("truncated CBOR string")
        return pos + arg
    if major == 4:
        for _ in range(arg):
            pos = skip(data, pos)
        return pos
    if major == 5:
        for _ in range(2 * arg):
            pos = skip(data, pos)
        return pos
    return skip(data, pos)  # 6: a tag, then its item


def array(data, pos):
    """The (start, end) spans of the items of the CBOR array at `pos`, and the array's end."""
    major, count, pos = head(data, pos)
    if major != 4:
        raise FormatError("expected a CBOR array")
    spans = []
    for _ in range(count):
        end = skip(data, pos)
        spans.append((pos, end))
        pos = end
    return spans, pos


def text(data, pos):
    major, length, start = head(data, pos)
    if major != 3:
        raise FormatError("expected a CBOR text string")
    return data[start:start + length].decode("utf-8")


def encode_text(value):
    raw = value.encode("utf-8")
    length = len(raw)
    if length < 24:
        return bytes([0x60 | length]) + raw
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if length < 256 ** size:
            return bytes([0x60 | info]) + length.to_bytes(size, "big") + raw
    raise FormatError("text too long")


# ---------------------------------------------------------------- the files


def unpack(path):
    data = gzip.decompress(Path(path).read_bytes())
    if not data.startswith(SIGNATURE):
        raise FormatError(f"{path} has no Pagefind signature")
    return data[len(SIGNATURE):]


def pack(payload):
    return gzip.compress(SIGNATURE + payload, compresslevel=9, mtime=0)


def digest(payload, length):
    return hashlib.sha256(payload).hexdigest()[:length]


def sorted_filter(payload):
    """A filter chunk with its values in order: [name, [[value, pages], ...]]."""
    top, end = array(payload, 0)
    if len(top) != 2 or end != len(payload):
        raise FormatError("a filter chunk is not [name, values]")
    text(payload, top[0][0])
    values_at = top[1][0]
    values, _ = array(payload, values_at)
    keyed = []
    for start, stop in values:
        pair, _ = array(payload, start)
        if len(pair) != 2:
            raise FormatError("a filter value is not [value, pages]")
        keyed.append((text(payload, pair[0][0]), payload[start:stop]))
    _, _, items_at = head(payload, values_at)
    keyed.sort()
    return payload[:items_at] + b"".join(raw for _, raw in keyed)


def sorted_meta(payload, renamed):
    """Metadata with its filters in order of name, pointing at their renamed chunks."""
    top, end = array(payload, 0)
    if len(top) <= FILTERS_AT or end != len(payload):
        raise FormatError("the metadata is not [version, pages, chunks, filters, ...]")
    filters_at, filters_end = top[FILTERS_AT]
    entries, _ = array(payload, filters_at)
    pairs = []
    for start, _ in entries:
        pair, _ = array(payload, start)
        if len(pair) != 2:
            raise FormatError("a metadata filter entry is not [name, chunk]")
        name, chunk = text(payload, pair[0][0]), text(payload, pair[1][0])
        if chunk not in renamed:
            raise FormatError(f"the metadata names a filter chunk {chunk!r} that is not there")
        pairs.append((name, renamed[chunk]))
    _, _, items_at = head(payload, filters_at)
    pairs.sort()
    filters = payload[filters_at:items_at] + b"".join(
        b"\x82" + encode_text(name) + encode_text(chunk) for name, chunk in pairs
    )
    return payload[:filters_at] + filters + payload[filters_end:]


def make_reproducible(bundle):
    """Sort the filters of the Pagefind index in `bundle`, renaming the files they change."""
    bundle = Path(bundle)
    entry_path = bundle / "pagefind-entry.json"
    entry_text = entry_path.read_text(encoding="utf-8")
    try:
        languages = json.loads(entry_text)["languages"]
        metas = {lang: info["hash"] for lang, info in languages.items()}
    except (ValueError, KeyError, TypeError, AttributeError) as err:
        raise FormatError(f"{entry_path} is not a Pagefind entry ({err})") from None

    # Every filter chunk, sorted and named by its content.
    renamed, chunks = {}, {}
    for path in sorted((bundle / "filter").glob("*.pf_filter")):
        old = path.name[: -len(".pf_filter")]
        lang = old.rsplit("_", 1)[0]
        payload = sorted_filter(unpack(path))
        new = f"{lang}_{digest(payload, 7)}"
        if new in chunks and chunks[new] != payload:
            raise FormatError(f"two filter chunks would both be named {new}")
        renamed[old], chunks[new] = new, payload

    # Every language's metadata, pointing at them.
    for lang, old in metas.items():
        path = bundle / f"pagefind.{old}.pf_meta"
        if not path.is_file():
            raise FormatError(f"{entry_path} names {path.name}, which is not there")
        payload = sorted_meta(unpack(path), renamed)
        new = f"{lang}_{digest(payload, 10)}"
        path.unlink()
        (bundle / f"pagefind.{new}.pf_meta").write_bytes(pack(payload))
        quoted = json.dumps(old)
        if entry_text.count(quoted) != 1:
            raise FormatError(f"{entry_path} does not name {old} exactly once")
        entry_text = entry_text.replace(quoted, json.dumps(new))

    for old in renamed:
        (bundle / "filter" / f"{old}.pf_filter").unlink()
    for new, payload in chunks.items():
        (bundle / "filter" / f"{new}.pf_filter").write_bytes(pack(payload))
    entry_path.write_text(entry_text, encoding="utf-8")
