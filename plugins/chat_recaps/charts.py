"""Accessible inline SVG bar charts with an HTML table alternative.

Pure and deterministic (numbers always written the same way); standard
library only. No script, no external reference, no inline colour: the theme
styles `.chart .bar`, `.chart .axis`, `.chart .grid`, `.chart .tick`,
`.chart .label` and `.chart .empty` for light and dark schemes.
"""

import html
import math
import re
from dataclasses import dataclass

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_NOT_ID = re.compile(r"[^A-Za-z0-9_-]+")

MARGIN_LEFT = 44
MARGIN_RIGHT = 8
MARGIN_TOP = 12
MARGIN_BOTTOM = 28
LABEL_SPACING = 32  # at least this many units between two x labels
LABEL_CHAR = 6.5  # about the width of one character of an x label (11px text)


def _escape(text):
    """Escape for XML/HTML text and attributes; drop characters XML forbids."""
    return html.escape(_NOT_XML.sub("", str(text)), quote=True)


def _f(number):
    """Fixed formatting: 2 decimals at most, no trailing zeros, never "-0"."""
    text = f"{number:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _value(number):
    """A value for display: an integer when it is one."""
    if float(number).is_integer():
        return str(int(number))
    return _f(number)


def _cell(value):
    """A table cell's text: numbers as in the chart, anything else escaped."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return _escape(value)
    return _value(number) if math.isfinite(number) else _escape(value)


def _clean(values):
    """Finite, non-negative floats."""
    cleaned = []
    for value in values:
        value = float(value)
        cleaned.append(value if math.isfinite(value) and value > 0 else 0.0)
    return cleaned


def _ticks(top):
    """A "nice" axis maximum and its tick values (0 included) for a maximum value."""
    if top <= 0:
        return 1.0, [0.0]
    rough = top / 4
    power = 10 ** math.floor(math.log10(rough))
    step = next(s * power for s in (1, 2, 5, 10) if s * power >= rough)
    if step < 1 and float(top).is_integer():
        step = 1.0  # counts: no "0.5" ticks
    count = math.ceil(top / step - 1e-9)
    return step * count, [step * i for i in range(count + 1)]


def _chart_id(id_prefix):
    cleaned = _NOT_ID.sub("-", str(id_prefix)).strip("-") or "chart"
    return cleaned if cleaned[0].isalpha() else "chart-" + cleaned


@dataclass(frozen=True)
class _Plot:
    """Where the bars go inside the drawing, and the value the top of the plot stands for."""

    left: float
    right: float
    top: float
    baseline: float
    axis_max: float

    def bar_height(self, value):
        """How tall a bar of `value` is (axis_max: the whole plot)."""
        return (self.baseline - self.top) * value / self.axis_max

    def y(self, value):
        """The y of `value` (0 sits on the baseline, axis_max at the top)."""
        return self.baseline - self.bar_height(value)


def bar_chart(values, labels, title, description, width=640, height=200, id_prefix="chart", label_steps=()):
    """An inline <svg> bar chart, one <rect class="bar"> per value.

    values and labels are sequences of the same length. Each bar has a <title>
    "label: value"; the chart is labelled by its own <title> and <desc>.
    Negative and non-finite values are drawn as 0. Only every so many bars
    get an x label, so that the longest label fits between two: the first of
    `label_steps` ((step, offset), …: a label on bars offset, offset + step, …)
    whose labels fit, else the smallest step that fits, from the first bar.
    """
    values = list(values)
    labels = [str(label) for label in labels]
    if len(values) != len(labels):
        raise ValueError(f"{len(values)} values but {len(labels)} labels")
    values = _clean(values)
    width = max(float(width), MARGIN_LEFT + MARGIN_RIGHT + 1)
    height = max(float(height), MARGIN_TOP + MARGIN_BOTTOM + 1)
    axis_max, ticks = _ticks(max(values, default=0.0))
    plot = _Plot(MARGIN_LEFT, width - MARGIN_RIGHT, MARGIN_TOP, height - MARGIN_BOTTOM, axis_max)
    parts = [
        *_svg_head(_chart_id(id_prefix), width, height, title, description),
        *_grid(plot, ticks),
        *(_bars(plot, values, labels, label_steps) if values else [_no_data(plot)]),
        f'<line class="axis" x1="{_f(plot.left)}" y1="{_f(plot.baseline)}" '
        f'x2="{_f(plot.right)}" y2="{_f(plot.baseline)}"/>',
        "</svg>",
    ]
    return "\n".join(parts)


def _svg_head(chart_id, width, height, title, description):
    """The opening <svg> tag, then the <title> and <desc> it is labelled by."""
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'viewBox="0 0 {_f(width)} {_f(height)}" class="chart">',
        f'<title id="{chart_id}-title">{_escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{_escape(description)}</desc>',
    ]


def _grid(plot, ticks):
    """A grid line across the plot at each tick above 0, and each tick's value on the left."""
    parts = []
    for tick in ticks:
        y = plot.y(tick)
        if tick:
            parts.append(f'<line class="grid" x1="{_f(plot.left)}" y1="{_f(y)}" x2="{_f(plot.right)}" y2="{_f(y)}"/>')
        parts.append(
            f'<text class="tick" x="{_f(plot.left - 6)}" y="{_f(y + 4)}" text-anchor="end">{_value(tick)}</text>'
        )
    return parts


def _bars(plot, values, labels, label_steps):
    """One <rect> per value (its <title> says label and value), then the x labels that fit."""
    slot = (plot.right - plot.left) / len(values)
    bar_width = slot * 0.8
    parts = []
    for index, (value, label) in enumerate(zip(values, labels)):
        x = plot.left + slot * index + (slot - bar_width) / 2
        bar_height = plot.bar_height(value)
        parts.append(
            f'<rect class="bar" x="{_f(x)}" y="{_f(plot.baseline - bar_height)}" '
            f'width="{_f(bar_width)}" height="{_f(bar_height)}">'
            f"<title>{_escape(label)}: {_value(value)}</title></rect>"
        )
    every, offset = _label_step(slot, labels, label_steps)
    for index in range(offset % every, len(labels), every):
        x = plot.left + slot * index + slot / 2
        parts.append(
            f'<text class="label" x="{_f(x)}" y="{_f(plot.baseline + 18)}" text-anchor="middle">'
            f"{_escape(labels[index])}</text>"
        )
    return parts


def _label_step(slot, labels, label_steps):
    """(step, offset) of the x labels: the first of `label_steps` wide enough, else the smallest that fits."""
    longest = max(len(label) for label in labels)
    every = max(1, math.ceil(max(LABEL_SPACING, longest * LABEL_CHAR + 8) / slot))
    return next(((step, offset) for step, offset in label_steps if step >= every), (every, 0))


def _no_data(plot):
    """The "No data" text in the middle of an empty plot."""
    return (
        f'<text class="empty" x="{_f((plot.left + plot.right) / 2)}" y="{_f((plot.top + plot.baseline) / 2)}" '
        f'text-anchor="middle">No data</text>'
    )


def chart_table(values, labels, caption, label_header="Label", value_header="Count"):
    """The chart's data as an HTML <table> (a text alternative), all text escaped."""
    values = list(values)
    labels = [str(label) for label in labels]
    if len(values) != len(labels):
        raise ValueError(f"{len(values)} values but {len(labels)} labels")
    rows = [
        f'<tr><th scope="row">{_escape(label)}</th><td>{_cell(value)}</td></tr>'
        for label, value in zip(labels, values)
    ]
    if not rows:
        rows = ['<tr><td colspan="2">No data</td></tr>']
    return "\n".join(
        [
            '<table class="chart-data">',
            f"<caption>{_escape(caption)}</caption>",
            f'<thead><tr><th scope="col">{_escape(label_header)}</th>'
            f'<th scope="col">{_escape(value_header)}</th></tr></thead>',
            "<tbody>",
            *rows,
            "</tbody>",
            "</table>",
        ]
    )
