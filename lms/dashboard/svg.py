"""The score distribution as inline SVG drawn on the server: no chart library, nothing to download.
Presentation attributes only (no style attribute), so the strict Content-Security-Policy holds."""

from decimal import Decimal

from markupsafe import Markup, escape

WIDTH, HEIGHT, PAD = 320, 160, 22


def histogram_svg(bins: list[int], threshold: Decimal | None, target: Decimal | None, label: str) -> Markup:
    peak = max(bins) or 1
    plot_w, plot_h = WIDTH - 2 * PAD, HEIGHT - 2 * PAD
    bar_w = plot_w / len(bins)
    parts = [
        f'<svg class="histogram" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{escape(label)}">',
        f"<title>{escape(label)}</title>",
        f'<line x1="{PAD}" y1="{HEIGHT - PAD}" x2="{WIDTH - PAD}" y2="{HEIGHT - PAD}" stroke="#98a2ad"/>',
    ]
    for index, count in enumerate(bins):
        height = plot_h * count / peak
        x = PAD + index * bar_w
        parts.append(
            f'<rect x="{x + 1:.1f}" y="{HEIGHT - PAD - height:.1f}" width="{bar_w - 2:.1f}" '
            f'height="{height:.1f}" fill="#0b5cad"><title>{index * 10}–{index * 10 + 9}: {count}</title></rect>'
        )
        if count:
            parts.append(
                f'<text x="{x + bar_w / 2:.1f}" y="{HEIGHT - PAD - height - 3:.1f}" font-size="9" '
                f'text-anchor="middle" fill="#1d232b">{count}</text>'
            )
    for tick in range(0, 101, 20):
        x = PAD + plot_w * tick / 100
        parts.append(
            f'<text x="{x:.1f}" y="{HEIGHT - 6}" font-size="9" text-anchor="middle" fill="#5b6570">{tick}</text>'
        )
    for value, colour, name in ((threshold, "#b3261e", "minimal"), (target, "#1e7b3a", "target")):
        if value is None:
            continue
        x = PAD + plot_w * float(value) / 100
        parts.append(
            f'<line x1="{x:.1f}" y1="{PAD - 6}" x2="{x:.1f}" y2="{HEIGHT - PAD}" stroke="{colour}" '
            f'stroke-width="2" stroke-dasharray="4 3"/>'
        )
        parts.append(
            f'<text x="{x:.1f}" y="{PAD - 9}" font-size="9" text-anchor="middle" fill="{colour}">'
            f"{name} {escape(str(Decimal(value).normalize()))}</text>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every interpolated text above is escaped
