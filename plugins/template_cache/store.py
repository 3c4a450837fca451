"""Jinja's bytecode cache, keyed by a template's path inside the project.

`ProjectTemplateCache` keeps each compiled template in a folder under its
name and its path relative to the project, so a moved or copied project finds
its templates already compiled (Jinja's own cache keys by absolute path). A
template whose source changed is compiled again: Jinja stores the source's
checksum with the code and checks it on every load.
"""

import hashlib
import os

from jinja2 import FileSystemBytecodeCache


class ProjectTemplateCache(FileSystemBytecodeCache):
    """A FileSystemBytecodeCache in `folder` (created), keyed by template name and its path relative to `project`."""

    def __init__(self, folder, project):
        os.makedirs(folder, exist_ok=True)
        super().__init__(os.fspath(folder))
        self.project = os.fspath(project)

    def get_cache_key(self, name, filename=None):
        where = ""
        if filename is not None:
            where = os.path.relpath(filename, self.project) if os.path.isabs(filename) else filename
        return hashlib.sha1(f"{name}|{where}".encode()).hexdigest()

    def __reduce__(self):  # picklable and copyable as its two arguments
        return (type(self), (self.directory, self.project))
