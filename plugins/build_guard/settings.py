"""Settings of the build_guard plugin, with their defaults, checked once at start-up (kbutil.config)."""

from kbutil.config import Setting, one_of

SETTINGS = (
    Setting("BUILD_GUARD_FAIL_ON", "error", one_of("error", "warning", "never"),
            'what fails the build: "error" (warnings only inform), "warning" (warnings too) or "never" (only report)'),
)
