"""The SVG bar charts escape every value they print (they are built as text, not templates)."""

from sendresolve.reports.charts import bar_chart
from sendresolve.reports.tables import Column, Table

MARKUP = '<script>alert(1)</script>"&'


def test_the_chart_escapes_every_value():
    table = Table(
        key="k",
        title=f"Title {MARKUP}",
        columns=(Column("label", f"Label {MARKUP}", "text"), Column("share", MARKUP, "percent")),
        rows=({"label": f"Row {MARKUP}", "share": 50}, {"label": "Other", "share": 25}),
        chart="share",
    )
    svg = str(bar_chart(table))
    assert svg.startswith("<svg")
    assert "<script" not in svg
    escaped = "&lt;script&gt;alert(1)&lt;/script&gt;&#34;&amp;"
    assert svg.count(escaped) == 3  # the measure, the title, the row's label
