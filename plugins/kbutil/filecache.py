"""Files made once and kept between builds in the build cache (CACHE_PATH), named by what they are made from.

Drawing a social card or laying out a deck's PDF is slow and gives the same
bytes for the same input. `kept_file` names the file by a SHA-256 of that
input (`key_of`: anything JSON can write, with the version of the code that
makes it), makes it only when no file of that name exists, and writes it
atomically, so a killed build never leaves half a file under a good name.
"""

import hashlib
import json
import os
import tempfile
from pathlib import Path


def key_of(described):
    """The SHA-256 (hex) of `described`, a JSON-able value; key order does not matter."""
    text = json.dumps(described, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def file_digest(path):
    """SHA-256 (hex) of a file's bytes: a font, or a module's source (a change in the code that
    makes a file then remakes it)."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def kept_file(folder, key, suffix, make):
    """(path of the file `key + suffix` in `folder`, True when `make()` made its bytes just now).

    Raise OSError when the folder cannot be written.
    """
    path = os.path.join(folder, key + suffix)
    if os.path.isfile(path):
        return path, False
    write_atomically(path, make())
    return path, True


def write_atomically(path, data):
    """Write the bytes `data` to `path` under a temporary name, then rename it into place."""
    folder = os.path.dirname(path)
    os.makedirs(folder, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=folder, suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
