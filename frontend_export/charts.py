"""Charts for the static site: plain numbers in, inline SVG out, drawn by pygal.

pygal lays out and draws every chart; this module only picks the chart type,
feeds it numbers and trims the SVG for inline use in a page:

- the root gets `role="img"`, a `<title>` and a `<desc>` (referenced by
  `aria-labelledby`), so a screen reader announces one image with a name and a
  summary instead of walking hundreds of shapes;
- pygal's own `<style>`, `<script>`, tooltips and comments are removed: the
  site's stylesheet colours every chart (classes such as `.color-0`), so no
  inline script or style reaches a page that sends a Content-Security-Policy,
  and the output is the same bytes for the same numbers (pygal stamps a date
  and a random id otherwise), which keeps incremental exports incremental;
- a chart with no point is never drawn: the functions return None and the
  page shows its empty-state text.

Each distinct chart is drawn once (`_cached`): the hub, a path's page and every
comparison naming that path reuse the same SVG. An export first lists the charts
its pages need and are not drawn yet (`collect_missing`), draws them on every
core (`draw` in `render.run_in_processes`), then renders the pages.

Every chart is shown next to a table or list of the same numbers (the page
templates do that); the text in `desc` summarises them.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any
from xml.etree import ElementTree as ET

import pygal
from django.utils.safestring import SafeString, mark_safe
from pygal.style import Style

SVG_NS = "http://www.w3.org/2000/svg"
# Sized for a phone: the viewBox is drawn at the page's width (at most about 40rem), so at 390 px a
# 420-unit-wide chart is scaled by about 0.85 and its 14-unit labels stay near 12 px.
WIDTH = 420
FONT = 14

_STYLE = Style(
    # Colours come from the site's stylesheet; these sizes tell pygal how much room text takes.
    font_family="system-ui, sans-serif",
    label_font_size=FONT,
    major_label_font_size=FONT,
    legend_font_size=FONT,
    value_font_size=FONT - 1,
    value_label_font_size=FONT - 1,
    title_font_size=FONT,
    tooltip_font_size=FONT,
    no_data_font_size=FONT,
    colors=("#0b5cad", "#a3480b", "#2f6b2f"),
)
_BASE = {
    "style": _STYLE,
    "js": [],
    "css": [],
    "no_prefix": True,
    "disable_xml_declaration": True,
    "explicit_size": False,
    "pretty_print": False,
    "tooltip_fancy_mode": False,
    "width": WIDTH,
    "margin": 8,
    "spacing": 8,
    "legend_at_bottom": True,
    "legend_at_bottom_columns": 2,
    "truncate_label": -1,
    "truncate_legend": -1,
}
# Dropped from pygal's output: its stylesheet and script, the hidden hover tooltips and the
# per-point <title>/<desc> that only those tooltips show.
_DROP_TAGS = {f"{{{SVG_NS}}}{tag}" for tag in ("defs", "title", "desc")} | {"defs", "title", "desc"}
_DROP_CLASSES = {"tooltip-overlay"}
# Hover behaviour only pygal's script uses.
_IDLE_CLASSES = {"tooltip-trigger", "reactive", "activate-serie"}


def _config(**options: Any) -> pygal.Config:
    return pygal.Config(**{**_BASE, **options})


def _chart_id(*parts: Any) -> str:
    return "chart-" + hashlib.blake2b(repr(parts).encode(), digest_size=6).hexdigest()


def _trim(root: ET.Element) -> None:
    for parent in root.iter():
        for child in list(parent):
            classes = (child.get("class") or "").split()
            if not isinstance(child.tag, str) or child.tag in _DROP_TAGS or _DROP_CLASSES.intersection(classes):
                parent.remove(child)  # comments, pygal's style and script, tooltips
                continue
            # pygal's ids ("activate-serie-0") repeat in every chart: a page with two charts would repeat them.
            child.attrib.pop("id", None)
            if _IDLE_CLASSES.intersection(classes):
                child.set("class", " ".join(name for name in classes if name not in _IDLE_CLASSES))


def _accessible(chart_id: str, title: str, desc: str, extra_class: str) -> Callable[[ET.Element], ET.Element]:
    def apply(root: ET.Element) -> ET.Element:
        _trim(root)
        root.attrib.pop("id", None)
        root.set("id", chart_id)
        root.set("role", "img")
        root.set("aria-labelledby", f"{chart_id}-title {chart_id}-desc")
        root.set("class", f"chart-svg {extra_class}".strip())
        root.set("focusable", "false")
        title_el = ET.Element("title", id=f"{chart_id}-title")
        title_el.text = title
        desc_el = ET.Element("desc", id=f"{chart_id}-desc")
        desc_el.text = desc
        root.insert(0, desc_el)
        root.insert(0, title_el)
        return root

    return apply


def _render(chart: pygal.graph.graph.Graph, chart_id: str, title: str, desc: str, extra_class: str,
            *, sparkline: bool = False) -> SafeString:
    chart.xml_filters = [_accessible(chart_id, title, desc, extra_class)]
    svg = chart.render_sparkline(is_unicode=True) if sparkline else chart.render(is_unicode=True)
    return mark_safe(svg)  # noqa: S308 - built by ElementTree, which escapes every text and attribute


def _has_points(series: Sequence[tuple[str, Sequence[float | None]]]) -> bool:
    return any(value is not None for _, values in series for value in values)


# Drawn charts, by what they were drawn from. Bounded: a long-lived worker exports again and again.
_DRAWN: dict[tuple[str, tuple], SafeString] = {}
MAX_DRAWN = 20_000
# While collecting (see `collect_missing`), a chart not drawn yet is recorded here instead of drawn.
_missing: list[tuple[str, tuple]] | None = None


def _cached(kind: str, key: tuple) -> SafeString:
    item = (kind, key)
    svg = _DRAWN.get(item)
    if svg is None:
        if _missing is not None:
            _missing.append(item)
            return mark_safe("")
        if len(_DRAWN) >= MAX_DRAWN:
            _DRAWN.clear()
        svg = _DRAWN[item] = _BUILDERS[kind](*key)
    return svg


@contextmanager
def collect_missing() -> Iterator[list[tuple[str, tuple]]]:
    """Within the block, charts not drawn yet come back empty and are listed instead, so that
    they can be drawn apart (`draw`, on several cores) before the pages that show them."""
    global _missing
    _missing = found = []
    try:
        yield found
    finally:
        _missing = None


def draw(items: Sequence[tuple[str, tuple]]) -> list[tuple[tuple[str, tuple], SafeString]]:
    """Draw the listed charts (from `collect_missing`) and return them for `remember`."""
    return [(item, _cached(*item)) for item in dict.fromkeys(items)]


def remember(drawn: Iterable[tuple[tuple[str, tuple], SafeString]]) -> None:
    """Keep charts drawn in another process."""
    for item, svg in drawn:
        _DRAWN[item] = svg


def _ticks(top: float) -> list[float]:
    """Axis ticks from zero to `top` at a round step (250k -> every 50k, 100% -> every 25%)."""
    for count in (5, 4, 3, 2):
        step = top / count
        leading = step / 10 ** math.floor(math.log10(step))
        if round(leading, 6) in (1, 2, 2.5, 5):
            return [step * k for k in range(count + 1)]
    return [0, top]


def _bars(title: str, desc: str, labels: tuple[str, ...], series: tuple[tuple[str, tuple], ...],
          unit: str, max_value: float | None) -> SafeString:
    rows = len(labels)
    groups = len(series)
    height = 56 + rows * (16 + 16 * groups) + (28 if groups > 1 else 0)
    top = max_value or nice_ceiling(max(v for _, values in series for v in values if v is not None))
    chart = pygal.HorizontalBar(
        _config(
            height=height,
            show_legend=groups > 1,
            print_values=True,
            print_values_position="top",
            show_y_guides=False,
            # The value axis: five round ticks from zero (pygal's y axis, drawn across in a horizontal chart).
            range=(0, top),
            y_labels=_ticks(top),
            value_formatter=_formatter(unit),
            formatter=_formatter(unit),
            margin_right=34,
        )
    )
    # HorizontalBar draws the first label at the bottom: reverse so the list reads top-down like the table.
    chart.x_labels = list(reversed(labels))
    for name, values in series:
        chart.add(name, list(reversed(values)))
    return _render(chart, _chart_id("bars", title, labels, series, unit, max_value), title, desc, "chart-bars")


def nice_ceiling(value: float) -> float:
    """The smallest of 1, 1.5, 2, 2.5, 3, 4, 5, 6, 8 × 10^k that is at least `value` (a round axis end)."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        if step * power >= value:
            return step * power
    return 10 * power


def _line(title: str, desc: str, labels: tuple[str, ...], values: tuple[float | None, ...], unit: str) -> SafeString:
    chart = pygal.Line(
        _config(
            height=240,
            show_legend=False,
            show_dots=len(values) <= 1,
            fill=False,
            x_labels_major_count=4,
            show_minor_x_labels=False,
            y_labels_major_count=5,
            show_minor_y_labels=False,
            include_x_axis=True,
            formatter=_formatter(unit),
            value_formatter=_formatter(unit),
            allow_interruptions=True,
            margin_right=30,
        )
    )
    chart.x_labels = list(labels)
    chart.add("", list(values))
    return _render(chart, _chart_id("line", title, labels, values), title, desc, "chart-line")


def _spark(title: str, desc: str, values: tuple[float | None, ...]) -> SafeString:
    chart = pygal.Line(_config(height=40, width=160, show_dots=len(values) <= 1, allow_interruptions=True))
    chart.add("", list(values))
    return _render(chart, _chart_id("spark", title, values), title, desc, "chart-spark", sparkline=True)


_BUILDERS: dict[str, Callable[..., SafeString]] = {"bars": _bars, "line": _line, "spark": _spark}


def _formatter(unit: str) -> Callable[[Any], str]:
    return _FORMATTERS[unit]


def short_number(value: float | None) -> str:
    """12,345 -> '12k', 1,250,000 -> '1.2M': axis and bar labels that fit a phone."""
    if value is None:
        return ""
    size = abs(value)
    if size >= 1_000_000:
        return f"{value / 1_000_000:.1f}M".replace(".0M", "M")
    if size >= 10_000:
        return f"{value / 1000:.0f}k"
    if size >= 1000:
        return f"{value / 1000:.1f}k".replace(".0k", "k")
    return f"{value:,.0f}"


def _percent(value: float | None) -> str:
    return "" if value is None else f"{value:.0f}%"


def _count(value: float | None) -> str:
    return "" if value is None else f"{value:,.0f}"


_FORMATTERS: dict[str, Callable[[Any], str]] = {"money": short_number, "percent": _percent, "count": _count}


# -- what the pages call ------------------------------------------------------------------------
def bar_chart(
    *,
    title: str,
    desc: str,
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None]]],
    unit: str = "count",
    max_value: float | None = None,
) -> SafeString | None:
    """Horizontal bars, one row per label and one bar per series (two series: side by side).

    `unit` is "money" (short amounts, 120k), "percent" or "count"; `max_value` fixes the scale
    (shares: 100). None when there is no point to draw.
    """
    if not labels or not _has_points(series):
        return None
    key = (
        title,
        desc,
        tuple(labels),
        tuple((name, tuple(values)) for name, values in series),
        unit,
        max_value,
    )
    return _cached("bars", key)


def line_chart(
    *, title: str, desc: str, labels: Sequence[str], values: Sequence[float | None], unit: str = "count"
) -> SafeString | None:
    """One line over time (labels are the x axis, e.g. dates). None when there is no point to draw."""
    if not values or all(value is None for value in values):
        return None
    return _cached("line", (title, desc, tuple(labels), tuple(values), unit))


def sparkline(*, title: str, desc: str, values: Sequence[float | None]) -> SafeString | None:
    """A word-sized line without axes, for cards. None when there is no point to draw."""
    if not values or all(value is None for value in values):
        return None
    return _cached("spark", (title, desc, tuple(values)))

