"""Bar charts for the console's pages, drawn on the server as SVG (no script, nothing from elsewhere)."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

WIDTH, HEIGHT, PAD = 640, 180, 24


def bars(values: Sequence[int], labels: Sequence[str], title: str, every: int = 1) -> str:
    """An SVG bar chart of ``values``, one bar each, labelled every ``every`` bars; its title is what a
    screen reader says, and each bar's tooltip its label and value."""
    top = max([*values, 1])
    step = (WIDTH - 2 * PAD) // max(len(values), 1)
    plot = HEIGHT - 2 * PAD
    parts = [f'<svg viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{escape(title)}" class="chart">',
             f"<title>{escape(title)}</title>",
             f'<line x1="{PAD}" y1="{HEIGHT - PAD}" x2="{WIDTH - PAD}" y2="{HEIGHT - PAD}" class="axis"/>']
    for index, (value, label) in enumerate(zip(values, labels, strict=True)):
        height = plot * max(value, 0) // top
        x = PAD + index * step
        parts.append(f'<rect x="{x + step // 6}" y="{HEIGHT - PAD - height}" width="{step * 2 // 3}" '
                     f'height="{height}"><title>{escape(label)}: {value}</title></rect>')
        if index % every == 0:
            parts.append(f'<text x="{x + step // 2}" y="{HEIGHT - 8}" text-anchor="middle">'
                         f"{escape(label)}</text>")
    parts.append(f'<text x="{PAD}" y="14">{top}</text></svg>')
    return "".join(parts)
