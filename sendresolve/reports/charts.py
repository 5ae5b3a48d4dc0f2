"""Server-rendered SVG bar charts: no JavaScript, no CDN, readable without colour.

Each chart is an ``<svg role="img">`` with a title and a description that says what it shows;
the numbers are always in the accessible table beside it, so the chart adds nothing a screen
reader user misses.
"""

from markupsafe import Markup, escape

from sendresolve.reports.tables import Column, Table, display

BAR_HEIGHT = 22
GAP = 10
LABEL_WIDTH = 260
BAR_WIDTH = 380
VALUE_WIDTH = 70
BLUE = "#1d70b8"
TEXT = "#0b0c0c"
GRID = "#b1b4b6"


def _truncate(text: str, limit: int = 38) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def chart_caption(table: Table) -> str:
    """The words under a chart: what its bars measure."""
    column = next((c for c in table.columns if c.key == table.chart), None)
    label = next((c.label for c in table.columns if c.key == table.chart_label), "row")
    if column is None:
        return ""
    return f"{column.label}, by {label.lower()}. The figures are in the table below."


def bar_chart(table: Table) -> Markup:
    """A horizontal bar chart of ``table.chart`` (a percentage) per row, or '' if no chart."""
    if not table.chart:
        return Markup("")
    column: Column = next(c for c in table.columns if c.key == table.chart)
    rows = [r for r in table.rows if r.get(table.chart) is not None]
    if not rows:
        return Markup("")
    width = LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH
    height = len(rows) * (BAR_HEIGHT + GAP) + GAP + 24
    ident = f"chart-{table.key}"
    maximum = 100.0 if column.kind == "percent" else max(float(r[table.chart]) for r in rows) or 1
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="app-chart" role="img" '
        f'viewBox="0 0 {width} {height}" width="100%" '
        f'aria-labelledby="{ident}-title {ident}-desc" focusable="false">',
        f'<title id="{ident}-title">{escape(column.label)}: {escape(table.title)}</title>',
        f'<desc id="{ident}-desc">A bar for each row of the table below, from 0 to '
        f"{'100%' if column.kind == 'percent' else escape(display(maximum, column.kind))}."
        "</desc>",
    ]
    for tick in (0, 0.5, 1):
        x = LABEL_WIDTH + tick * BAR_WIDTH
        parts.append(
            f'<line x1="{x:.0f}" y1="{GAP}" x2="{x:.0f}" y2="{height - 24}" stroke="{GRID}" '
            'stroke-width="1"/>'
        )
        label = f"{tick * 100:.0f}%" if column.kind == "percent" else f"{tick * maximum:.0f}"
        parts.append(
            f'<text x="{x:.0f}" y="{height - 8}" font-size="13" fill="{TEXT}" '
            f'text-anchor="middle">{label}</text>'
        )
    for i, row in enumerate(rows):
        y = GAP + i * (BAR_HEIGHT + GAP)
        value = float(row[table.chart])
        length = BAR_WIDTH * min(value / maximum, 1.0)
        label = str(row.get(table.chart_label, ""))
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{y + 16}" font-size="14" fill="{TEXT}" '
            f'text-anchor="end">{escape(_truncate(label))}</text>'
        )
        parts.append(
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{length:.1f}" height="{BAR_HEIGHT}" '
            f'fill="{BLUE}"/>'
        )
        parts.append(
            f'<text x="{LABEL_WIDTH + length + 6:.1f}" y="{y + 16}" font-size="14" '
            f'fill="{TEXT}">{escape(display(row[table.chart], column.kind))}</text>'
        )
    parts.append("</svg>")
    # Every value interpolated above went through escape() or is a number we formatted.
    return Markup("".join(parts))  # noqa: S704
