"""Small server-drawn SVG charts: geometry computed here, drawn by a template, no scripts.

A chart knows numbers and labels only; pages pass in what they show (e.g. a budget table).
"""

from dataclasses import dataclass
from decimal import Decimal

# Each series is drawn in one of this many colours (CSS classes .series-0 … in site.css).
PALETTE_SIZE = 8


@dataclass(frozen=True)
class Segment:
    series: int  # index into StackedBars.series
    name: str
    value: Decimal
    x: float
    width: float

    @property
    def colour(self):
        return f"series-{self.series % PALETTE_SIZE}"


@dataclass(frozen=True)
class Bar:
    label: str
    total: Decimal
    y: float
    height: float
    end: float  # where the last segment ends
    segments: list

    @property
    def text_y(self):
        """The baseline of text written beside the bar, centred on it."""
        return round(self.y + self.height * 0.68, 2)


@dataclass(frozen=True)
class StackedBars:
    """Horizontal bars, one per label, each cut into one segment per series, scaled so the
    largest total fills `plot_width`. Coordinates are in the SVG's own units."""

    series: list  # series names, in colour order
    bars: list
    width: float
    height: float
    label_width: float
    plot_width: float
    bar_height: float

    def __bool__(self):
        return bool(self.bars)

    @property
    def view_box(self):
        return f"0 0 {self.width:g} {self.height:g}"

    def legend(self):
        return [(name, f"series-{i % PALETTE_SIZE}") for i, name in enumerate(self.series)]

    def description(self):
        """The chart in words, for its text alternative: each bar's total, then its parts."""
        sentences = []
        for bar in self.bars:
            parts = "; ".join(f"{s.name} {s.value:,.2f}" for s in bar.segments)
            sentences.append(f"{bar.label}: {bar.total:,.2f} ({parts}).")
        return " ".join(sentences)


def stacked_bars(rows, series, *, width=520, label_width=90, bar_height=26, gap=12):
    """`rows` are (label, [value or None per series]) in drawing order, top first."""
    totals = [sum((v for v in values if v), Decimal(0)) for _label, values in rows]
    largest = max(totals, default=0) or 1
    # Room on the right of the longest bar for its total.
    plot_width = width - label_width - 110
    series = list(series)
    bars = []
    for i, ((label, values), total) in enumerate(zip(rows, totals, strict=True)):
        x = float(label_width)
        segments = []
        for s, value in enumerate(values):
            if not value:
                continue
            w = float(value) / float(largest) * plot_width
            segments.append(
                Segment(series=s, name=series[s], value=value, x=round(x, 2), width=round(w, 2))
            )
            x += w
        bars.append(
            Bar(
                label=label,
                total=total,
                y=gap + i * (bar_height + gap),
                height=bar_height,
                end=round(x, 2),
                segments=segments,
            )
        )
    height = gap + len(rows) * (bar_height + gap)
    return StackedBars(
        series=series,
        bars=bars,
        width=width,
        height=height,
        label_width=label_width,
        plot_width=plot_width,
        bar_height=bar_height,
    )
