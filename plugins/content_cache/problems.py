"""Counting the warnings and errors logged, so a source that warned while read is not cached."""

import logging


class ProblemCount(logging.Handler):
    """A log handler that shows nothing and counts every record of level WARNING or above."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record):
        self.count += 1
