"""Production settings: `invoke preview` and `invoke publish` use this file.

SITEURL comes from the environment variable SITEURL and must be an absolute
http(s) URL; feeds and every link get absolute addresses from it.
"""

import os
import sys

sys.path.append(os.path.dirname(os.path.abspath(__file__)))
from pelicanconf import *  # noqa: E402,F403

# isort: split
from kbutil.siteurl import site_url_from_env  # noqa: E402  (pelicanconf adds plugins/ to the path)

SITEURL = site_url_from_env()
FEED_DOMAIN = SITEURL
RELATIVE_URLS = False
DELETE_OUTPUT_DIRECTORY = True

# The public site holds no drafts and no posts dated in the future
# (`invoke publish` checks that none slipped through).
DRAFT_SAVE_AS = DRAFT_LANG_SAVE_AS = ""
DRAFT_PAGE_SAVE_AS = DRAFT_PAGE_LANG_SAVE_AS = ""
WITH_FUTURE_DATES = False

# Errors stop a preview or a publish, as they stop a build. Set "warning" to
# refuse to publish while the build lists any warning too.
BUILD_GUARD_FAIL_ON = "error"
