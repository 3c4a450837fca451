"""Settings of the glossary plugin, with their defaults, checked once at start-up (kbutil.config).

A term limits itself with `Categories:`, `Tags:` or `Link: off` in its header (see terms.py);
`Glossary: off` (or `on`) in a post's header overrides GLOSSARY_LINK and the skip lists for that post.
"""

from kbutil.config import Setting, boolean, folder_in_content, list_of_names, text, url_pattern

SETTINGS = (
    Setting("GLOSSARY_PATH", "glossary", folder_in_content,
            "folder of term files, inside PATH; one Markdown file per term, never read as a page or a post"),
    Setting("GLOSSARY_URL", "glossary/", text, "the A–Z page"),
    Setting("GLOSSARY_SAVE_AS", "glossary/index.html", text, "file of the A–Z page"),
    Setting("GLOSSARY_TERM_URL", "glossary/{slug}/", url_pattern("{slug}"),
            "a term's page (the slug is the file's name unless the term sets `Slug:`)"),
    Setting("GLOSSARY_TERM_SAVE_AS", "glossary/{slug}/index.html", url_pattern("{slug}"), "file of a term's page"),
    Setting("GLOSSARY_LINK", True, boolean,
            "link the first mention of each term in every post and page, with its definition in a tooltip"),
    Setting("GLOSSARY_SKIP_CATEGORIES", [], list_of_names("category", '["Programming"]'),
            'posts of these categories link no terms, e.g. ["Programming"]; names compare ignoring case and spacing'),
    Setting("GLOSSARY_SKIP_TAGS", [], list_of_names("tag", '["django"]'),
            'posts with one of these tags link no terms, e.g. ["django"]'),
)
