"""Settings of the content_cache plugin, with their defaults, checked once at start-up (kbutil.config).

The cache itself is switched by Pelican's CACHE_CONTENT (and LOAD_CONTENT_CACHE, --ignore-cache).
"""

from kbutil.config import Setting, non_negative_int, positive_int

SETTINGS = (
    Setting("CONTENT_CACHE_WORKERS", 0, non_negative_int,
            "processes that read the sources the cache does not hold (0: one per core; 1: none, read in order)"),
    Setting("CONTENT_CACHE_PARALLEL_MIN", 40, positive_int,
            "how many sources must be read before worker processes are worth starting"),
)
