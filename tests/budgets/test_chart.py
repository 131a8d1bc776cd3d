"""The budget chart: stacked bars drawn on the server (reports/charts.py)."""

from decimal import Decimal

import pytest

from reports.charts import stacked_bars

# No database: CI runs these once (docs/development.md, Tests).
pytestmark = pytest.mark.sqlite_once


def test_the_largest_total_fills_the_plot_and_segments_are_in_proportion():
    chart = stacked_bars(
        [
            ("ปีงบ 2566", [Decimal("300"), None, Decimal("100")]),
            ("ปีงบ 2567", [Decimal("100"), None, None]),
        ],
        ["สวัสดิการ", "บ้านมั่นคง", "บ้านพอเพียง"],
    )
    first, second = chart.bars
    assert [s.name for s in first.segments] == ["สวัสดิการ", "บ้านพอเพียง"]  # nothing drawn for None
    assert first.end - chart.label_width == pytest.approx(chart.plot_width)
    assert first.segments[0].width == pytest.approx(3 * first.segments[1].width)
    assert second.segments[0].width == pytest.approx(first.segments[1].width)
    assert first.segments[1].x == pytest.approx(first.segments[0].x + first.segments[0].width)
    assert second.y > first.y + first.height
    assert chart.description() == (
        "ปีงบ 2566: 400.00 (สวัสดิการ 300.00; บ้านพอเพียง 100.00). ปีงบ 2567: 100.00 (สวัสดิการ 100.00)."
    )


def test_no_rows_is_no_chart():
    assert not stacked_bars([], ["สวัสดิการ"])
