"""Hypothesis profiles for the property tests: `ci` (default) and `fuzz`.

ci    bounded and derandomized, so every run tries the same inputs and the
      whole folder stays within a CI budget; no example database;
fuzz  `HYPOTHESIS_PROFILE=fuzz`, FUZZ_EXAMPLES examples per test (5000 unless
      set), a fresh random seed each run; failures found are kept in
      Hypothesis's database (.hypothesis/, which ignores itself) and tried
      first on the next run.

A failure prints its minimal input and, with print_blob, the decorator that
replays it.
"""

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    max_examples=150,
    deadline=None,
    derandomize=True,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "fuzz",
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "5000")),
    deadline=None,
    derandomize=False,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
