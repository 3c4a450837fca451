"""`python -m bench`: generate the corpus, run the builds, print and save the results (bench/README.md).

Options: --posts 1000 (or 10000, or 1000,10000), --runs 3, --seed 1,
--results bench/results, --name latest, --keep (keep the temporary projects),
--no-serving (skip the live server), --only-serving (only the live server),
--digest (only print each corpus' SHA-256, to check that a seed gives the same posts).
"""

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import corpus, measure, report, runner, serving  # noqa: E402  (needs ROOT on the path)
from bench import project as projects  # noqa: E402


def sizes(text):
    """'1000' or '1000,10000' as a list of post counts."""
    try:
        counts = [int(part.replace("_", "")) for part in text.split(",") if part.strip()]
    except ValueError:
        counts = []
    if not counts or min(counts) < 1:
        raise argparse.ArgumentTypeError(f"{text!r}: expected post counts like 1000 or 1000,10000")
    return counts


def arguments(argv):
    """The command line, parsed."""
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=sizes, default=[1000], help="posts in the corpus; several: 1000,10000")
    parser.add_argument("--runs", type=int, default=3, help="repetitions of the six builds (default 3)")
    parser.add_argument("--seed", type=int, default=1, help="corpus seed: the same seed, the same posts")
    parser.add_argument("--results", type=Path, default=ROOT / "bench" / "results", help="folder of the results")
    parser.add_argument("--name", default="latest", help="file names of the results: NAME.md and NAME.json")
    parser.add_argument("--keep", action="store_true", help="keep the temporary projects (their path is printed)")
    parser.add_argument("--no-serving", action="store_true", help="skip the live server's edit → served figures")
    parser.add_argument("--only-serving", action="store_true", help="measure only the live server, no builds")
    parser.add_argument("--digest", action="store_true",
                        help="only print the SHA-256 of each corpus (same seed and size: same digest) and stop")
    options = parser.parse_args(argv)
    if options.runs < 1:
        parser.error("--runs must be at least 1")
    return options


def size_results(posts, collected, seed):
    """The results of one size: the corpus, the raw runs and their summary."""
    figures = dict(corpus.describe(posts), seed=seed)
    return {"corpus": figures, **collected, "summary": report.summarise(collected)}


def bench_one(count, options, progress, save):
    """Generate a project of `count` posts and run its builds; the size's results (`save`d after every run)."""
    folder = tempfile.mkdtemp(prefix=f"bench-{count}-")
    project, posts = projects.create(folder, count, options.seed)
    print(f"{count:,} posts generated in {folder}", file=sys.stderr, flush=True)
    try:
        if options.only_serving:
            collected = {"runs": {}, "output": {}}
        else:
            collected = runner.bench_size(project, posts, options.runs, progress,
                                          lambda partial: save(size_results(posts, partial, options.seed)))
        if not options.no_serving:
            collected["serving"] = serving.bench_serving(project, posts, options.runs, project.logs / "live.log")
            save(size_results(posts, collected, options.seed))
    except (measure.BuildFailed, serving.ServerGone):
        print(f"The project is kept for inspection: {folder}", file=sys.stderr)
        raise
    if options.keep:
        print(f"Kept: {folder}", file=sys.stderr)
    else:
        shutil.rmtree(folder, ignore_errors=True)
    return size_results(posts, collected, options.seed)


def write_results(options, where, sizes):
    """Write NAME.md and NAME.json (what is measured so far); return the Markdown."""
    where = dict(where, load_average_end=report.machine()["load_average"])
    everything = {
        "machine": where,
        "options": {"posts": options.posts, "runs": options.runs, "seed": options.seed},
        "steps": runner.STEPS,
        "sizes": sizes,
    }
    options.results.mkdir(parents=True, exist_ok=True)
    text = report.markdown(everything)
    (options.results / f"{options.name}.md").write_text(text, encoding="utf-8")
    (options.results / f"{options.name}.json").write_text(json.dumps(everything, indent=2) + "\n", encoding="utf-8")
    return text


def main(argv=None):
    """Run the benchmark; write NAME.md and NAME.json after every run; print the tables at the end."""
    options = arguments(argv)
    if options.digest:
        for count in options.posts:
            print(f"{count} posts, seed {options.seed}: {corpus.digest(corpus.generate(count, options.seed))}")
        return
    where = report.machine()
    progress = runner.Progress(len(options.posts) * options.runs * len(runner.STEPS))
    done = []
    try:
        for count in options.posts:
            done.append(bench_one(count, options, progress, lambda size: write_results(options, where, [*done, size])))
    except (measure.BuildFailed, serving.ServerGone) as failure:
        sys.exit(str(failure))
    print(write_results(options, where, done))
    print(f"Written: {options.results / options.name}.md and .json", file=sys.stderr)


if __name__ == "__main__":
    main()
