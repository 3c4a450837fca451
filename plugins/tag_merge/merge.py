"""Choose one spelling for tags that differ only in case or spacing. Pure."""

from collections import Counter


def tag_key(name):
    """Return the key under which spellings of one tag are grouped."""
    return " ".join(name.split()).casefold()


def choose_spellings(names):
    """Map each spelling in `names` to its group's canonical spelling.

    The canonical spelling is the one used most often; ties go to the
    spelling that sorts first, so the choice never depends on file order.
    Returns (mapping, merged) where merged lists (canonical, [spellings])
    for each group with more than one spelling.
    """
    counts = Counter(names)
    groups = {}
    for name in counts:
        groups.setdefault(tag_key(name), []).append(name)
    mapping, merged = {}, []
    for spellings in groups.values():
        spellings.sort(key=lambda s: (-counts[s], s))
        canonical = " ".join(spellings[0].split())
        mapping.update(dict.fromkeys(spellings, canonical))
        if len(spellings) > 1 or canonical != spellings[0]:
            merged.append((canonical, sorted(spellings)))
    merged.sort()
    return mapping, merged
