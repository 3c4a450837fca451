"""Plugin settings: fill in documented defaults and check their types, once at start-up."""

import copy


def apply_defaults(settings, defaults):
    """Give every missing key its default; raise ValueError naming a key of the wrong type.

    A bool must be a bool (not 0 or 1); a list default accepts a list or tuple
    of strings; anything else must be an instance of the default's type.
    """
    for key, default in defaults.items():
        settings.setdefault(key, copy.deepcopy(default))
        value = settings[key]
        if isinstance(default, bool) or isinstance(value, bool):
            ok = isinstance(value, bool) and isinstance(default, bool)
        elif isinstance(default, list):
            ok = isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value)
        else:
            ok = isinstance(value, type(default))
        if not ok:
            raise ValueError(f"{key}={value!r} must be a {type(default).__name__}")
    return settings
