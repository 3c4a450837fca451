"""Settings of the connections plugin, with their defaults, checked once at start-up (kbutil.config)."""

from kbutil.config import Setting, non_negative_int, positive_int

SETTINGS = (
    Setting("CONNECTIONS_RELATED_COUNT", 5, non_negative_int, "related posts listed under each post (0 for none)"),
    Setting("CONNECTIONS_RELATED_CAP", 60, positive_int,
            "candidate posts scored for each post, gathered rarest tag first (see related.py)"),
)
