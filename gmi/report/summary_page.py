"""Draws the clinical summary (`gmi.report.clinical`) as a table on an A4 figure.

Laid out by hand with matplotlib text and rectangles rather than
`matplotlib.table`, because cells must wrap long values and grow with them;
no extra dependency. Readings that need attention are tinted, ones that meet
the criterion or norm are tinted green, so the eye finds them first.
"""

from __future__ import annotations

import textwrap

from gmi.report.clinical import ClinicalSummary, SummaryRow

TINT = {"good": "#E3F1E8", "attention": "#FBE7D3", "neutral": "white"}
SECTION_FILL = "#EEF1F3"
# Column left edges and widths (figure fraction) and characters per line at 7 pt.
COLUMNS = ((0.05, 0.24, 36), (0.29, 0.39, 58), (0.68, 0.27, 40))
LINE = 0.0118  # one text line at 7 pt on A4 height, in figure fraction
PAD = 0.0035


def _wrap(text: str, width: int) -> list[str]:
    return textwrap.wrap(text, width) or [""]


def draw_summary(fig, summary: ClinicalSummary, first_row: int = 0,
                 header: tuple[str, str, str] = ("Measure", "Value", "Reading")) -> int:
    """Draw rows from `first_row` on; returns the index of the first row not drawn
    (len(rows) when all fitted), so a long summary continues on a second page."""
    from matplotlib.patches import Rectangle

    fig.text(0.05, 0.965, summary.title, fontsize=14, weight="bold", va="top")
    fig.text(0.05, 0.94, summary.subtitle, fontsize=9.5, va="top")
    y = 0.915
    for (x, _w, _c), text in zip(COLUMNS, header, strict=True):
        fig.text(x + 0.004, y, text, fontsize=7.5, weight="bold", va="top")
    y -= LINE + PAD
    section = None
    rows = summary.rows
    index = first_row
    while index < len(rows):
        row: SummaryRow = rows[index]
        cells = [_wrap(row.measure, COLUMNS[0][2]), _wrap(row.value, COLUMNS[1][2]),
                 _wrap(row.reading, COLUMNS[2][2])]
        height = max(len(c) for c in cells) * LINE + PAD
        need = height + (LINE + 2 * PAD if row.section != section else 0)
        if y - need < 0.025:
            break
        if row.section != section:
            section = row.section
            fig.patches.append(Rectangle((0.05, y - LINE - PAD), 0.90, LINE + PAD,
                                         transform=fig.transFigure, facecolor=SECTION_FILL,
                                         edgecolor="none"))
            fig.text(0.054, y - PAD / 2, section, fontsize=8, weight="bold", va="top")
            y -= LINE + 2 * PAD
        fig.patches.append(Rectangle((0.68, y - height), 0.27, height,
                                     transform=fig.transFigure,
                                     facecolor=TINT[row.flag], edgecolor="none"))
        for (x, _w, _c), lines in zip(COLUMNS, cells, strict=True):
            fig.text(x + 0.004, y - PAD / 2, "\n".join(lines), fontsize=7, va="top",
                     linespacing=1.25)
        y -= height
        fig.lines.append(_rule(fig, y))
        index += 1
    return index


def _rule(fig, y: float):
    from matplotlib.lines import Line2D

    return Line2D([0.05, 0.95], [y, y], transform=fig.transFigure, color="#D5DADD",
                  linewidth=0.5)
