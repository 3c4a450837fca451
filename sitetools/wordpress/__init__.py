"""Import a WordPress export (WXR, Tools > Export) into content/ as Markdown posts and pages.

`invoke import-wordpress EXPORT.xml [--uploads PATH]` runs `importer.import_wordpress`;
each module owns one step:

- wxr.py         read the export with a parser that expands no entity and loads nothing
- shortcodes.py  WordPress shortcodes ([caption], [gallery], [youtube], [embed], [slideshare]...)
- convert.py     an item's HTML (autop, Gutenberg comments, embeds) to Markdown
- images.py      upload URLs to files of a local copy of wp-content/uploads, contained
- writer.py      Pelican headers, staging inside content/, moving in without overwriting
- importer.py    the run: which items become what, and the summary

Every problem the user can fix stops with WordPressError, whose message names
the export (and its line when there is one); nothing is written then.
The presentation and seo plugins decide which embeds and aliases the site
accepts, so `plugins/` must be importable (tasks.py and the tests arrange it).
"""


class WordPressError(Exception):
    """A problem that stops the import; the message names the file (and line) and says what is wrong."""
