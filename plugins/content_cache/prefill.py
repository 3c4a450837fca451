"""Reading the sources the cache does not hold in worker processes, one per core, before Pelican reads them.

python-markdown is pure Python, so threads do not help; processes do. Before
a generator reads, `prefill` lists its sources that have no valid cache entry;
when there are at least CONTENT_CACHE_PARALLEL_MIN of them, it forks
CONTENT_CACHE_WORKERS children, each reading a share with the generator's own
readers (what the cache stores: a reader's HTML and metadata), and puts their
results into the cache. Pelican's own loop then finds every one of them
cached and does the rest (metadata processing, signals, content objects) in
this process, in its usual order, so the output is what a single process makes.

A child says nothing: its log records are counted, not shown. A source whose
reading raised or logged a warning is left out, so Pelican reads it again in
this process and its message appears once, as without workers. A child that
fails in any way only leaves its share to be read the usual way.
"""

import logging
import os
import pickle
import tempfile

from .problems import ProblemCount


def sources_to_read(generator, readers, folders, excludes):
    """Absolute paths of the generator's sources with no valid entry in the reader cache, in reading order."""
    missing = []
    for relative in generator.get_files(folders, exclude=excludes):
        path = os.path.abspath(os.path.join(generator.path, relative))
        extension = os.path.splitext(path)[1][1:]
        if extension in readers.readers and readers.get_cached_data(path, None) is None:
            missing.append(path)
    return missing


def prefill(readers, paths, workers, store):
    """Read `paths` in `workers` forked children; `store(path, result)` each clean result. Returns how many."""
    shares = [paths[index::workers] for index in range(workers)]
    children = []
    with tempfile.TemporaryDirectory(prefix="content-cache-") as folder:
        for number, share in enumerate(shares):
            result_file = os.path.join(folder, f"{number}.pickle")
            pid = os.fork()
            if pid == 0:  # the child: read, write the results, leave without running any of the parent's exit code
                code = 1
                try:
                    read_share(readers, share, result_file)
                    code = 0
                finally:
                    os._exit(code)
            children.append((pid, result_file))
        stored = 0
        for pid, result_file in children:
            _, status = os.waitpid(pid, 0)
            if os.waitstatus_to_exitcode(status) != 0 or not os.path.isfile(result_file):
                continue
            with open(result_file, "rb") as handle:
                for path, result in pickle.load(handle):
                    store(path, result)
                    stored += 1
    return stored


def read_share(readers, paths, result_file):
    """In a child: read each path quietly; write [(path, (content, metadata))] of those read without a problem."""
    problems = silence_logging()
    results = []
    for path in paths:
        before = problems.count
        try:
            content, metadata = readers.readers[os.path.splitext(path)[1][1:]].read(path)
        except Exception:  # Pelican reads it again in the parent and reports it there
            continue
        if problems.count == before:
            results.append((path, (content, discardable_removed(metadata))))
    with open(result_file, "wb") as handle:
        pickle.dump(results, handle, protocol=pickle.HIGHEST_PROTOCOL)


def discardable_removed(metadata):
    """The reader metadata as Pelican caches it (readers._filter_discardable_metadata)."""
    from pelican.readers import _filter_discardable_metadata

    return _filter_discardable_metadata(metadata)


def silence_logging():
    """In a child: no log record reaches the terminal; every warning or error is counted instead."""
    counter = ProblemCount()
    for logger in [logging.getLogger(), *logging.Logger.manager.loggerDict.values()]:
        if isinstance(logger, logging.Logger):
            for handler in list(logger.handlers):
                logger.removeHandler(handler)
    logging.getLogger().addHandler(counter)
    return counter
