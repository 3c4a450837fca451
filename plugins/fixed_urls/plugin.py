"""fixed_urls: each post's and page's URL and file name worked out once, when every generator is done.

Pelican formats `item.url` and `item.save_as` from the URL settings again on
every read: date formatting, a relative source path and a copy of the
metadata each time. Templates, feeds and our plugins read them about 75 times
per post on a 1,000-post site, about a tenth of a build. Once every generator
has finished (all_generators_finalized), nothing changes a slug, date,
category or language any more, so each item gets the values as Pelican's own
`override_url` / `override_save_as` (what a post's `URL:` and `Save_as:`
metadata set); the values themselves do not change.
"""

from pelican import signals

from kbutil.items import every_item


def fix_urls(generators):
    for item in every_item(generators):
        item.override_url, item.override_save_as = item.url, item.save_as


def register():
    signals.all_generators_finalized.connect(fix_urls)
