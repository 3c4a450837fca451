"""Which of our plugins must run before which, and why: declared once, checked at start-up.

Pelican calls the receivers of one signal in the order their plugins are
listed in PLUGINS. Where one plugin's receiver needs another's work done
first, the order is a contract; a wrong order builds without a word, e.g.
feed_extras before presentations leaves players (`<figure data-embed …>`) in
every feed. build_guard checks these on `initialized` (`order_problems`) and
logs one ERROR per broken rule, which fails the build.

FIRST: build_guard, whose `initialized` receiver attaches the problem counter
  before any other plugin checks its settings (a bad setting of a plugin
  listed earlier would not be counted), and whose `content_object_init`
  receiver refuses a file that leaves its folder before other plugins
  (structure, article_extras) work on it.

RUNS_AFTER (plugin: the plugins that must come before it, if listed):
  feed_extras after presentations: on `feed_generated`, presentations puts
    the plain link of each embed or deck in its place; feed_extras then cleans
    each item. The other way round, the cleaned item keeps no link and the
    player's markup stays in the feed.
  structure after article_extras: on `content_object_init`, article_extras
    counts the words of the text for the reading time; structure then puts a
    table of contents into it (`[TOC]`), whose words are not the reader's.
  seo after glossary, structure and search: Pelican runs plugin generators in
    PLUGINS order (StaticGenerator last); seo's generator writes the redirect
    pages, which must not replace a page of theirs, and the sitemap, which
    lists every page they write.

Orders that do not matter, so are not rules: tag_merge merges tags on
`article_generator_pretaxonomy`, before any `article_generator_finalized`
receiver (connections' related posts) reads them; glossary links terms and
structure collects series in their generators' generate_context, which all
run before connections' `all_generators_finalized`; search indexes on
`finalized`, after everything is written.

A rule marked `hard` also says the dependant cannot work without the other;
no current rule is.
"""

from dataclasses import dataclass

FIRST = "build_guard"
FIRST_REASON = "its problem counter must be in place before any other plugin checks its settings"


@dataclass(frozen=True)
class After:
    """`plugin` must come earlier in PLUGINS than the dependant, for `reason`."""

    plugin: str
    reason: str
    hard: bool = False  # the dependant does not work at all without `plugin`


RUNS_AFTER = {
    "feed_extras": (
        After("presentations", "presentations turns its embeds into plain links in feeds before feed_extras "
                               "cleans them"),
    ),
    "seo": tuple(
        After(plugin, "seo's generator writes redirects that must not replace their pages, and a sitemap "
                      "listing them, so it runs after their generators")
        for plugin in ("glossary", "structure", "search")
    ),
    "structure": (
        After("article_extras", "article_extras counts a post's words before structure adds a table of contents"),
    ),
}


def order_problems(plugins, runs_after=None, first=FIRST):
    """One message per broken rule for the plugin names `plugins`, in PLUGINS order; [] when all hold."""
    runs_after = RUNS_AFTER if runs_after is None else runs_after
    names = [short_name(p) for p in plugins]
    place = {name: index for index, name in reversed(list(enumerate(names)))}
    problems = []
    if first in place and place[first] != 0:
        problems.append(f'PLUGINS: "{first}" must come first ({FIRST_REASON}); move it to the front of PLUGINS')
    for dependant in names:
        for rule in runs_after.get(dependant, ()):
            message = rule_problem(dependant, rule, place)
            if message:
                problems.append(message)
    return problems


def rule_problem(dependant, rule, place):
    """The message for one rule that `place` ({name: index in PLUGINS}) breaks, or None."""
    if rule.plugin not in place:
        if not rule.hard:
            return None
        return (f'PLUGINS: "{dependant}" needs "{rule.plugin}" ({rule.reason}); '
                f'add "{rule.plugin}" to PLUGINS before "{dependant}"')
    if place[rule.plugin] < place[dependant]:
        return None
    return (f'PLUGINS: "{dependant}" must come after "{rule.plugin}" ({rule.reason}); '
            f"move it later in PLUGINS")


def short_name(plugin):
    """'feed_extras' for 'feed_extras' or 'pelican.plugins.feed_extras' (Pelican's names of loaded plugins)."""
    return str(plugin).rpartition(".")[2]
