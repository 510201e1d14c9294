"""The shop's wall clock: a day's UTC span in a named zone, DST days included."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from pos_app.base.clock import day_span, shop_day, wall_clock, zone_named

BUCHAREST = zone_named("Europe/Bucharest")


def test_a_day_in_a_named_zone_is_cut_at_its_midnight() -> None:
    start, end = day_span(date(2026, 11, 19), BUCHAREST)
    assert start == datetime(2026, 11, 18, 22, 0, tzinfo=UTC)
    assert end == datetime(2026, 11, 19, 22, 0, tzinfo=UTC)
    assert shop_day(datetime(2026, 11, 18, 22, 30, tzinfo=UTC), BUCHAREST) == date(2026, 11, 19)
    assert shop_day(datetime(2026, 11, 18, 21, 59, tzinfo=UTC), BUCHAREST) == date(2026, 11, 18)


def test_dst_days_are_23_and_25_hours_long() -> None:
    spring, autumn = day_span(date(2026, 3, 29), BUCHAREST), day_span(date(2026, 10, 25), BUCHAREST)
    assert spring[1] - spring[0] == timedelta(hours=23) and autumn[1] - autumn[0] == timedelta(hours=25)
    assert wall_clock(date(2026, 10, 25), BUCHAREST, 12) == datetime(2026, 10, 25, 10, 0, tzinfo=UTC)


def test_unknown_or_empty_zone_names_are_none() -> None:
    assert zone_named("") is None and zone_named(None) is None
    assert zone_named("Nowhere/Else") is None and zone_named("../../etc/passwd") is None
    assert BUCHAREST is not None and BUCHAREST.key == "Europe/Bucharest"
