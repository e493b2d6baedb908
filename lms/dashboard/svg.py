"""The score distribution as inline SVG drawn on the server: no chart library, nothing to download.
Presentation attributes only (no style attribute), so the strict Content-Security-Policy holds."""

from decimal import Decimal

from flask_babel import gettext as _
from markupsafe import Markup, escape

from lms.core.i18n import format_number

WIDTH, HEIGHT, SIDE, BOTTOM = 320, 170, 22, 22
FONT = 9
ROW = FONT + 3
LABELS = ROW + 4  # the marker labels' row, above the plot
TOP = LABELS + ROW  # and room for the tallest bar's count
# An estimate of the width of one character of the system sans-serif at FONT px: generous, so two
# labels that are drawn apart really are apart.
CHAR_WIDTH = FONT * 0.62
GAP = 4


def label_width(text: str) -> float:
    return len(text) * CHAR_WIDTH


def _clamped(left: float, width: float) -> float:
    return min(max(left, 0.0), WIDTH - width)


def _apart(markers: list[tuple[float, float]], lefts: list[float]) -> bool:
    spans = sorted((left, left + width) for left, (_x, width) in zip(lefts, markers, strict=True))
    return all(right + GAP <= next_left for (_l, right), (next_left, _r) in zip(spans, spans[1:], strict=False))


def place_labels(markers: list[tuple[float, float]]) -> list[float]:
    """The left edge of each marker's label, given (x of its line, label width). All labels sit on one
    row above the plot, so no line crosses a label.

    The first layout whose labels do not overlap, in this order: every label centred on its line; each
    on the far side of its line (the lowest value's to the left, the others' to the right), still
    touching it; else (lines too close, or against an edge) the labels side by side in the order of
    their lines, centred over them together."""
    if not markers:
        return []
    order = sorted(range(len(markers)), key=lambda i: markers[i][0])
    centred = [_clamped(x - width / 2, width) for x, width in markers]
    beside = [
        _clamped(x - GAP / 2 - width if i == order[0] else x + GAP / 2, width) for i, (x, width) in enumerate(markers)
    ]
    for lefts in (centred, beside):
        if _apart(markers, lefts):
            return lefts
    total = sum(width for _x, width in markers) + GAP * (len(markers) - 1)
    middle = (markers[order[0]][0] + markers[order[-1]][0]) / 2
    left = _clamped(middle - total / 2, total)
    together = [0.0] * len(markers)
    for i in order:
        together[i] = left
        left += markers[i][1] + GAP
    return together


def histogram_svg(bins: list[int], threshold: Decimal | None, target: Decimal | None, label: str) -> Markup:
    peak = max(bins) or 1
    plot_w, plot_h = WIDTH - 2 * SIDE, HEIGHT - TOP - BOTTOM
    base = HEIGHT - BOTTOM
    bar_w = plot_w / len(bins)
    parts = [
        f'<svg class="histogram" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{escape(label)}">',
        f"<title>{escape(label)}</title>",
        f'<line x1="{SIDE}" y1="{base}" x2="{WIDTH - SIDE}" y2="{base}" stroke="#98a2ad"/>',
    ]
    for index, count in enumerate(bins):
        height = plot_h * count / peak
        x = SIDE + index * bar_w
        parts.append(
            f'<rect x="{x + 1:.1f}" y="{base - height:.1f}" width="{bar_w - 2:.1f}" '
            f'height="{height:.1f}" fill="#0b5cad"><title>{index * 10}–{index * 10 + 9}: {count}</title></rect>'
        )
        if count:
            parts.append(
                f'<text x="{x + bar_w / 2:.1f}" y="{base - height - 3:.1f}" font-size="{FONT}" '
                f'text-anchor="middle" fill="#1d232b">{count}</text>'
            )
    for tick in range(0, 101, 20):
        x = SIDE + plot_w * tick / 100
        parts.append(
            f'<text x="{x:.1f}" y="{HEIGHT - 6}" font-size="{FONT}" text-anchor="middle" fill="#5b6570">{tick}</text>'
        )
    markers = [
        (SIDE + plot_w * float(value) / 100, colour, text)
        for value, colour, text in (
            (threshold, "#b3261e", _("minimal %(n)s", n=format_number(threshold, 2))),
            (target, "#1e7b3a", _("target %(n)s", n=format_number(target, 2))),
        )
        if value is not None
    ]
    lefts = place_labels([(x, label_width(text)) for x, _colour, text in markers])
    for (x, colour, text), left in zip(markers, lefts, strict=True):
        baseline = LABELS - 4
        parts.append(
            f'<line x1="{x:.1f}" y1="{baseline + 3}" x2="{x:.1f}" y2="{base}" stroke="{colour}" '
            f'stroke-width="2" stroke-dasharray="4 3"/>'
        )
        parts.append(
            f'<text x="{left:.1f}" y="{baseline}" font-size="{FONT}" text-anchor="start" '
            f'fill="{colour}">{escape(text)}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every interpolated text above is escaped
