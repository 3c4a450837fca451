"""Summaries and tables of a benchmark: medians with min-max, ratios ours / vanilla, the machine.

`summarise` turns the raw runs into figures; `markdown` writes them as the
tables of bench/results/latest.md; `machine` describes where they were taken.
"""

import os
import platform
import statistics
from datetime import UTC, datetime
from pathlib import Path

from .runner import STEPS

FIGURES = {"wall": "Wall time, s", "cpu": "CPU time, s", "peak_mb": "Peak memory, MB"}


def spread(values):
    """{"median", "min", "max"} of a list of numbers."""
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}


def summarise(collected):
    """Medians with min-max of every step and figure, ratios to vanilla, output files and bytes, live server."""
    steps = {
        step: {figure: spread([run[figure] for run in runs]) for figure in FIGURES}
        for step, runs in collected["runs"].items() if runs
    }
    summary = {"steps": steps, "ratios": {}, "output": {}}
    if "vanilla" in steps:
        vanilla = steps["vanilla"]
        summary["ratios"] = {
            step: {figure: figures[figure]["median"] / vanilla[figure]["median"] for figure in FIGURES}
            for step, figures in steps.items() if step != "vanilla"
        }
    output = {
        name: {"files": statistics.median(f for f, _ in sizes), "bytes": statistics.median(b for _, b in sizes)}
        for name, sizes in collected["output"].items() if sizes
    }
    if "ours" in output and "vanilla" in output:
        output["ratio"] = {key: output["ours"][key] / output["vanilla"][key] for key in ("files", "bytes")}
        summary["output"] = output
    serving = {step: spread(seconds) for step, seconds in collected.get("serving", {}).items() if seconds}
    if serving:
        summary["serving"] = serving
    return summary


def first_line(path, prefix):
    """The value after `prefix` on the first line of the text file `path` that starts with it, or ""."""
    try:
        for line in Path(path).read_text(encoding="utf-8", errors="replace").splitlines():
            if line.startswith(prefix):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return ""


def machine():
    """Where the figures were taken: cores, CPU, memory, Python, Pelican, system, load."""
    import pelican

    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    memory = first_line("/proc/meminfo", "MemTotal")
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cores": os.cpu_count(),
        "usable_cores": usable,
        "cpu": first_line("/proc/cpuinfo", "model name") or platform.processor(),
        "memory_gb": round(int(memory.split()[0]) / 1024**2, 1) if memory else None,
        "python": platform.python_version(),
        "pelican": pelican.__version__,
        "system": platform.platform(),
        "load_average": [round(load, 2) for load in os.getloadavg()] if hasattr(os, "getloadavg") else None,
    }


def cell(figures, digits=1):
    """A median with its min-max: "41.2 (40.1-43.0)"."""
    return f"{figures['median']:,.{digits}f} ({figures['min']:,.{digits}f}–{figures['max']:,.{digits}f})"


def build_table(summary):
    """The Markdown table of build figures, one row per step."""
    head = ["Build", *FIGURES.values(), "Wall ÷ vanilla", "CPU ÷ vanilla", "Memory ÷ vanilla"]
    rows = ["| " + " | ".join(head) + " |", "|" + "---|" + "---:|" * (len(head) - 1)]
    for step, label in STEPS.items():
        figures = summary["steps"].get(step)
        if figures is None:
            continue
        ratio = summary["ratios"].get(step)
        ratios = [f"{ratio[f]:.2f}" for f in FIGURES] if ratio else ["1.00"] * len(FIGURES)
        digits = [1, 1, 0]
        cells = [cell(figures[f], d) for f, d in zip(FIGURES, digits)]
        rows.append(f"| {label} | " + " | ".join(cells + ratios) + " |")
    return "\n".join(rows)


def output_table(summary):
    """The Markdown table of output files and bytes, ours and vanilla."""
    output = summary["output"]
    rows = ["| Output | Files | MB |", "|---|---:|---:|"]
    for name, label in (("ours", "ours"), ("vanilla", "vanilla Pelican")):
        rows.append(f"| {label} | {output[name]['files']:,.0f} | {output[name]['bytes'] / 1e6:,.1f} |")
    rows.append(f"| ours ÷ vanilla | {output['ratio']['files']:.2f} | {output['ratio']['bytes']:.2f} |")
    return "\n".join(rows)


def serving_table(summary):
    """The Markdown table of the live server's figures (bench/serving.py), or "" when not measured."""
    from .serving import STEPS as SERVING

    serving = summary.get("serving")
    if not serving:
        return ""
    rows = ["| Live server (`make serve`) | Seconds |", "|---|---:|"]
    rows += [f"| {label} | {cell(serving[step], 2)} |" for step, label in SERVING.items() if step in serving]
    return "\n".join(rows)


def corpus_line(figures):
    """One sentence describing the corpus."""
    return (
        f"{figures['posts']:,} posts (seed {figures['seed']}), {figures['words']:,} words "
        f"({figures['words_min']:,}–{figures['words_max']:,} a post), {figures['with_code']:,} with code, "
        f"{figures['bytes'] / 1e6:.1f} MB of Markdown; {figures['tags']} tags, "
        f"{figures['categories']} categories, {figures['authors']} authors."
    )


def markdown(results):
    """The whole report as Markdown (bench/results/latest.md)."""
    where = results["machine"]
    lines = [
        f"# Benchmark: our production build against vanilla Pelican ({where['date']})",
        "",
        f"Machine: {where['cores']} cores ({where['usable_cores']} usable), {where['cpu']}, "
        f"{where['memory_gb']} GB; Python {where['python']}, Pelican {where['pelican']}; {where['system']}; "
        f"load average (1, 5, 15 min) at the start {where['load_average']}, "
        f"at the end {where.get('load_average_end')}.",
        f"Runs asked: {results['options']['runs']}, alternating ours and vanilla. Each cell is the median, "
        "with the minimum–maximum in brackets. How to read it: [bench/README.md](../README.md).",
    ]
    for size in results["sizes"]:
        summary = size["summary"]
        runs = max([len(r) for r in size["runs"].values()] + [len(s) for s in size.get("serving", {}).values()])
        lines += ["", f"## {size['corpus']['posts']:,} posts, {runs} run{'s' if runs > 1 else ''}", "",
                  corpus_line(size["corpus"])]
        if summary["steps"]:
            lines += ["", build_table(summary)]
        if summary["output"]:
            lines += ["", output_table(summary)]
        if summary.get("serving"):
            lines += ["", serving_table(summary)]
    return "\n".join(lines) + "\n"
