"""Helpers shared by our plugins (not a plugin itself: it has no register())."""
