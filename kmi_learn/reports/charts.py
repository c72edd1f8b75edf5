"""Charts drawn on the server as SVG strings: no JavaScript, nothing fetched.

The content security policy forbids ``style`` attributes, so colours and sizes are
SVG presentation attributes (``fill``, ``font-size``, ``width``), which it allows.
Every text is escaped.
"""
from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape

ROW = 50  # a label line, then the bar and its figures under it
BAR = 16
LABEL_CHARS = 44  # what fits a phone's width at 13 px; the full label is the row's <title>
TRACK_WIDTH = 74  # percent of the width; the figures take the rest, at the right
TRACK, DONE, INK, MUTED = "#e3e8ef", "#1f7a3f", "#1d2430", "#5b6472"


@dataclass
class Bar:
    label: str
    value: int
    total: int
    #: shown at the right of the bar, e.g. "60% (12/20)"
    caption: str

    @property
    def fraction(self) -> float:
        return min(1.0, self.value / self.total) if self.total else 0.0


def bar_chart(bars: list[Bar], title: str, description: str, chart_id: str = "chart") -> Markup:
    """A horizontal bar chart, one labelled bar per item.

    No viewBox: the SVG takes the width of its container and the bars are laid out
    in percentages of it, so its text keeps its size on a phone as on a desktop.
    """
    height = ROW * max(len(bars), 1)
    parts = [
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" width="100%" height="{height}"'
        f' role="img" aria-labelledby="{chart_id}-title {chart_id}-desc">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)} '
        + escape("; ".join(f"{bar.label}: {bar.caption}" for bar in bars)) + "</desc>",
    ]
    for i, bar in enumerate(bars):
        top = i * ROW
        done = round(TRACK_WIDTH * bar.fraction, 2)
        parts.append(
            f'<g class="bar"><title>{escape(bar.label)}: {escape(bar.caption)}</title>'
            f'<text x="0" y="{top + 16}" font-size="13" fill="{INK}">'
            f'{escape(_clip(bar.label, LABEL_CHARS))}</text>'
            f'<rect x="0" y="{top + 23}" width="{TRACK_WIDTH}%" height="{BAR}" rx="3"'
            f' fill="{TRACK}"/>'
            + (f'<rect x="0" y="{top + 23}" width="{done}%" height="{BAR}" rx="3"'
               f' fill="{DONE}"/>' if done > 0 else "")
            + f'<text x="100%" y="{top + 36}" font-size="13" fill="{MUTED}" text-anchor="end">'
            f'{escape(bar.caption)}</text></g>')
    parts.append("</svg>")
    return Markup("".join(parts))


def sparkline(values: list[float], label: str, maximum: float = 100) -> Markup:
    """A small line of the values (e.g. quiz percentages, oldest first), with dots."""
    width, height, pad = 120, 32, 4
    if not values:
        return Markup("")
    step = (width - 2 * pad) / max(len(values) - 1, 1)
    points = [(round(pad + i * step, 1),
               round(height - pad - (height - 2 * pad) * min(v, maximum) / maximum, 1))
              for i, v in enumerate(values)]
    path = " ".join(f"{x},{y}" for x, y in points)
    dots = "".join(f'<circle cx="{x}" cy="{y}" r="2.5" fill="{DONE}"/>' for x, y in points)
    return Markup(
        f'<svg class="sparkline" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} '
        f'{height}" width="{width}" height="{height}" role="img" aria-label="{escape(label)}">'
        f'<line x1="{pad}" y1="{height - pad}" x2="{width - pad}" y2="{height - pad}"'
        f' stroke="{TRACK}" stroke-width="1"/>'
        + (f'<polyline points="{path}" fill="none" stroke="{DONE}" stroke-width="2"/>'
           if len(points) > 1 else "")
        + dots + "</svg>")


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"
