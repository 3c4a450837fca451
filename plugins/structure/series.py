"""Series: posts with `Series: NAME` and `Series_index: N`, read in index order.

Each part gets `series_info` (the series and its place in it) for the series
box; each series gets a page (STRUCTURE_SERIES_URL) listing its parts. Parts
without an index follow those with one, by date. Pure: the caller reports
the problems.
"""

from dataclasses import dataclass, field

from pelican.utils import slugify

from kbutil.diagnostics import display_path

from .hubs import problem
from .metadata import text, whole_number


@dataclass
class Series:
    """A series: its name, its page and its published parts in reading order."""

    name: str
    slug: str
    url: str
    save_as: str
    parts: list = field(default_factory=list)

    @property
    def total(self):
        return len(self.parts)


@dataclass(frozen=True)
class SeriesPlace:
    """Where a post is in its series: part `number` (from 1) of `series.total`."""

    series: Series
    number: int

    @property
    def previous(self):
        return self.series.parts[self.number - 2] if self.number > 1 else None

    @property
    def next(self):
        return self.series.parts[self.number] if self.number < self.series.total else None


def part_index(article, problems):
    """The post's `Series_index:` as an int, None without one or when it is wrong (reported)."""
    value = article.metadata.get("series_index")
    if value is None:
        return None
    try:
        return whole_number(value)
    except ValueError as err:
        problems.append(problem(article, "series_index", f"series_index: {err} (write e.g. 'Series_index: 2')"))
        return None


def collect_series(articles, settings, problems):
    """Group the published `articles` into series; return them sorted by name.

    Appends a problem for a bad or duplicate index, a series name spelled two
    ways, or an index without a series. Linear in posts (plus sorting each series).
    """
    groups, members, first = {}, {}, {}
    for article in articles:
        index = part_index(article, problems)
        value = article.metadata.get("series")
        if value is None:
            if index is not None:
                problems.append(problem(article, "series_index", "series_index without 'Series: NAME'"))
            continue
        name = text(value)
        slug = slugify(name, regex_subs=settings["SLUG_REGEX_SUBSTITUTIONS"])
        if not slug:
            why = f"series {name!r} has no letters or digits to make its address from"
            problems.append(problem(article, "series", why))
            continue
        series = groups.get(slug)
        if series is None:
            series = groups[slug] = Series(
                name, slug,
                settings["STRUCTURE_SERIES_URL"].format(slug=slug),
                settings["STRUCTURE_SERIES_SAVE_AS"].format(slug=slug),
            )
            members[slug], first[slug] = [], article
        elif name != series.name:
            problems.append(problem(
                article, "series",
                f"series {name!r} is spelled {series.name!r} in {display_path(first[slug].source_path)}; "
                "use one spelling",
            ))
        key = (index is None, index if index is not None else 0, article.date, article.source_path)
        members[slug].append((key, index, article))
    for slug, series in groups.items():
        seen = {}
        for _, index, article in sorted(members[slug], key=lambda member: member[0]):
            if index is not None and index in seen:
                problems.append(problem(
                    article, "series_index",
                    f"series {series.name!r} already has a part {index}: "
                    f"{display_path(seen[index].source_path)} (each part needs its own Series_index)",
                ))
            elif index is not None:
                seen[index] = article
            series.parts.append(article)
        for number, article in enumerate(series.parts, start=1):
            article.series_info = SeriesPlace(series, number)
    return sorted(groups.values(), key=lambda s: (s.name.casefold(), s.slug))
