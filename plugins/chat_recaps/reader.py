"""RecapReader: a `.recap` file (header + transcript, or header + export beside it) to an article."""

import logging

from markupsafe import escape
from pelican.readers import BaseReader

from kbutil.diagnostics import SourceError, report
from kbutil.fragments import render_fragment, site_fragment_env
from kbutil.header import check_header, read_header

from .handles import handle_key
from .parsers.common import read_text_strict
from .privacy import apply_privacy
from .source import chat_start, find_highlights, hosts, listed, load_messages, timezone
from .stats import compute
from .threading import thread_chat
from .view import RecapView

logger = logging.getLogger(__name__)


class RecapReader(BaseReader):
    """Read a chat recap; the article's content is the whole recap page body."""

    enabled = True
    file_extensions = ["recap"]

    def read(self, source_path):
        try:
            return self.read_recap(source_path)
        except SourceError as err:
            report(logger, err, self.settings)
            raise
        except Exception as err:  # a bug of ours must still name the file it met
            reason = str(err) or "an unexpected problem (set DEBUG = True for the details)"
            error = SourceError(source_path, None, f"could not read this recap: {reason}")
            report(logger, error, self.settings)
            raise error from err

    def read_recap(self, path):
        text = read_text_strict(path)
        check_header(path, text, required=("title", "date"))
        lines = text.splitlines()
        meta, body_start = read_header(lines)
        tz = timezone(path, meta)
        recap = thread_chat(load_messages(path, meta, lines, body_start), hosts(path, meta))
        if not recap.messages:
            raise SourceError(path, None, "the chat has no messages")
        highlights = find_highlights(path, meta, recap.messages, tz)
        recap = apply_privacy(recap, self.settings["RECAPS_OPT_OUT"], self.settings["RECAPS_ANONYMISE"])
        stats = compute(recap, tz, self.settings["RECAPS_TOP"])
        tags = self.tag_names(meta)
        view = RecapView(recap, stats, tz, tags, self.settings["RECAPS_TOP"])
        html = render_fragment(
            self.fragments(), "recaps/recap",
            meta=meta, stats=stats, view=view, top=self.settings["RECAPS_TOP"],
            highlights=[view.message(m) for m in apply_privacy_to(highlights, recap)],
            threads=view.threads(), open=[view.message(m) for m in recap.open_conversation],
            charts=view.charts(), participants=view.participants(),
            start=chat_start(path, meta, tz), hosts=self.shown_hosts(meta),
        )
        return html, self.metadata(meta, tags, view)

    def fragments(self):
        """The site's fragment environment (its JINJA_FILTERS and JINJA_GLOBALS), made once per reader.

        The body is rendered here, while reading, and not when the page is
        written: glossary links, tables of contents and the search index work
        on the content as read, and the content cache keeps it.
        """
        if getattr(self, "_fragments", None) is None:
            self._fragments = site_fragment_env(self.settings)
        return self._fragments

    def shown_hosts(self, meta):
        """The Hosts header as the page may show it: not when hosts are anonymous."""
        opted_out = {handle_key(h) for h in self.settings["RECAPS_OPT_OUT"]}
        names = listed(meta.get("hosts", ""))
        if self.settings["RECAPS_ANONYMISE"] or any(handle_key(h) in opted_out for h in names):
            return ""
        return ", ".join(names)

    def tag_names(self, meta):
        """Tags from the Tags header plus the chat's hashtag, without '#'."""
        names = listed(meta.get("tags", ""))
        hashtag = meta.get("hashtag", "").strip().lstrip("#")
        if hashtag and hashtag.casefold() not in {n.casefold() for n in names}:
            names.append(hashtag)
        return names

    def metadata(self, meta, tags, view):
        """Pelican metadata: the header's, filed under the recaps category."""
        out = {}
        for key, value in meta.items():
            if key == "summary":  # text, as the header gives it: templates print summaries as HTML
                value = str(escape(value))
            if key in ("title", "date", "modified", "summary", "slug", "author", "authors", "status", "lang"):
                out[key] = self.process_metadata(key, value)
        out["category"] = self.process_metadata("category", self.settings["RECAPS_CATEGORY"])
        if tags:
            out["tags"] = self.process_metadata("tags", ", ".join(tags))
        out["recap_answers"] = view.answers_by_person()
        out["recap_people"] = [(p["handle"], p["author"], p["count"]) for p in view.participants() if p["handle"]]
        out["recap_topic"] = meta.get("topic", "")
        return out


def apply_privacy_to(highlights, recap):
    """The highlighted messages as the privacy-filtered recap shows them."""
    shown = {(m.id, m.time, m.where): m for m in recap.messages}
    return [shown[(m.id, m.time, m.where)] for m in highlights if (m.id, m.time, m.where) in shown]
