"""The report's budget chart: one horizontal bar per budget, grouped by year, a panel per currency.

Amounts in different currencies are never drawn on one axis (the graph holds no exchange
rates), and the axis is logarithmic because the seeds' budgets run from 10^9 to 10^13.

The chart is SVG with its text kept as text (svg.fonttype none): the reader's browser draws the
Japanese names with its own fonts, where matplotlib here may have no Japanese font at all. It is
byte-for-byte the same for the same budgets: a fixed svg.hashsalt, no date or creator metadata.
"""
from __future__ import annotations

import io
import math
import re
import unicodedata
import warnings
from dataclasses import dataclass

import matplotlib
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, LogLocator, NullLocator

# no window, no GUI toolkit: the chart is only ever written to a file (the SVG writer needs none)
matplotlib.use("Agg")

NO_YEAR = "no year"
LABEL_CHARS = 30  # longer names are cut: the table below the chart has them whole
FONT_SIZE = 9
BAR_INCHES = 0.28
_RC = {
    "svg.hashsalt": "spacekg-report",
    "svg.fonttype": "none",
    "font.size": FONT_SIZE,
    "font.family": "sans-serif",
    # named in the SVG's font-family for the browser; matplotlib measures the labels with the
    # first it has, else DejaVu Sans
    "font.sans-serif": ["Noto Sans CJK JP", "Hiragino Sans", "Yu Gothic", "Meiryo", "DejaVu Sans"],
}
_METADATA = {"Date": None, "Creator": None, "Format": None, "Type": None}
# parts of matplotlib's SVG a page does not need: the XML prolog, DOCTYPE (it names a DTD by
# URL) and the comments that repeat each label
_PROLOG = re.compile(r"<\?xml[^>]*\?>\s*|<!DOCTYPE[^>]*>\s*|<!--.*?-->\s*", re.DOTALL)


@dataclass(frozen=True)
class Bar:
    """One budget: its label, amount in units of `currency`, and year (None: not given)."""

    label: str
    amount: float
    currency: str
    year: str | None


def budget_chart(bars: list[Bar]) -> str:
    """The chart as an <svg> element to place in a page, or "" when no budget has an amount."""
    bars = [b for b in bars if b.amount > 0]  # a log axis has no place for zero
    if not bars:
        return ""
    currencies = sorted({b.currency for b in bars})
    panels = [sorted((b for b in bars if b.currency == c), key=_order) for c in currencies]
    dated = {c: any(b.year for b in p) for c, p in zip(currencies, panels, strict=True)}
    label_em = max(_width_em(_tick(b, dated[b.currency])) for b in bars)
    width = 8.0
    heights = [len(p) * BAR_INCHES + 0.9 for p in panels]
    with matplotlib.rc_context(_RC):
        figure = Figure(figsize=(width, sum(heights)))
        axes = figure.subplots(len(panels), 1, squeeze=False, gridspec_kw={"height_ratios": heights})[:, 0]
        for ax, currency, panel in zip(axes, currencies, panels, strict=True):
            _draw(ax, currency, panel)
        # room on the left for the longest label, counted in em: a Japanese character is 1 em wide
        left = min(0.6, (label_em * FONT_SIZE / 72 + 0.3) / width)
        figure.subplots_adjust(left=left, right=0.97, top=1 - 0.35 / sum(heights),
                               bottom=0.5 / sum(heights), hspace=0.9 / max(heights))
        buffer = io.StringIO()
        with warnings.catch_warnings():
            # the missing Japanese glyphs only matter for measuring; the browser draws them
            warnings.filterwarnings("ignore", message="Glyph .* missing from font")
            figure.savefig(buffer, format="svg", metadata=_METADATA)
    return _PROLOG.sub("", buffer.getvalue()).strip()


def _order(bar: Bar) -> tuple:
    return (bar.year is None, bar.year or "", -bar.amount, bar.label)


def _draw(ax, currency: str, panel: list[Bar]) -> None:
    positions = list(range(len(panel)))[::-1]  # first bar on top
    years = [b.year or NO_YEAR for b in panel]
    dated = any(b.year for b in panel)  # else the year goes once into the title, not on every bar
    colours = {year: f"C{n % 10}" for n, year in enumerate(dict.fromkeys(years))}
    ax.barh(positions, [float(b.amount) for b in panel], color=[colours[y] for y in years], height=0.7)
    ax.set_yticks(positions, labels=[_tick(b, dated) for b in panel])
    for text in ax.get_yticklabels():
        text.set_parse_math(False)  # a $ in a name is a dollar sign, not TeX
    ax.set_xscale("log")
    # whole decades around the bars (the smallest bar still shows), room on the right for the
    # amounts written there, and ticks at 1, 2, 5 only while there are few decades
    low = math.floor(math.log10(min(b.amount for b in panel)) - 0.3)
    high = math.ceil(math.log10(max(b.amount for b in panel) * 8))
    ax.set_xlim(10.0 ** low, 10.0 ** high)
    ax.xaxis.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 5.0) if high - low <= 2 else (1.0,)))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda value, _: short_amount(value)))
    ax.xaxis.set_minor_locator(NullLocator())
    for position, bar in zip(positions, panel, strict=True):
        ax.text(float(bar.amount) * 1.1, position, short_amount(float(bar.amount)), va="center",
                fontsize=FONT_SIZE - 1, parse_math=False)
    title = f"{currency} (log scale)" if dated else f"{currency}, no year given (log scale)"
    ax.set_title(title, loc="left", fontsize=FONT_SIZE + 1)
    ax.set_ylim(-0.6, len(panel) - 0.4)
    ax.grid(axis="x", color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def short_amount(value: float) -> str:
    """10 → 10, 2.5e9 → 2.5 bn, 1e12 → 1 tn: tick labels that read at a glance."""
    for size, unit in ((1e12, " tn"), (1e9, " bn"), (1e6, " M"), (1e3, " k")):
        if value >= size:
            return f"{value / size:.3g}{unit}"
    return f"{value:.3g}"


def _tick(bar: Bar, dated: bool) -> str:
    """The bar's label on one line, cut to LABEL_CHARS, after its year when the panel has years."""
    text = " ".join(bar.label.split())
    text = text if len(text) <= LABEL_CHARS else text[:LABEL_CHARS - 1] + "…"
    return f"{bar.year or NO_YEAR} · {text}" if dated else text


def _width_em(text: str) -> float:
    return sum(1.0 if unicodedata.east_asian_width(c) in "WF" else 0.6 for c in text)
