"""The map's outlines are served rounded and written compactly (geography/map.py): the same
shapes in fewer bytes, without drift along an outline."""

import xml.etree.ElementTree as ET

import pytest

from geography import map as thailand_map

# No database: CI runs these once (docs/development.md, Tests).
pytestmark = pytest.mark.sqlite_once


def points(path):
    """The absolute points of an outline of relative moves ("m" and "z" only)."""
    tokens = iter(thailand_map._TOKEN.findall(path))
    x = y = start_x = start_y = 0.0
    found, starting = [], False
    for token in tokens:
        if token == "z":
            x, y = start_x, start_y
        elif token == "m":
            starting = True
        else:
            x += float(token)
            y += float(next(tokens))
            if starting:
                start_x, start_y, starting = x, y, False
            found.append((x, y))
    return found


@pytest.fixture(params=[1, 10])
def steps(request, monkeypatch):
    monkeypatch.setattr(thailand_map, "STEPS", request.param)
    return request.param


def test_a_long_outline_of_small_moves_does_not_drift(steps):
    # 1,000 moves of 0.04: rounding each move would lose them all, rounding the points not.
    path = "m 10,10 " + " ".join(["0.04,0.04"] * 1000) + " z m 1,1 2,0 z"
    compact = thailand_map.compact(path)
    ends = points(compact)
    assert ends[-3] == pytest.approx((50.0, 50.0), abs=0.5 / steps)  # the first one's end
    assert ends[-2] == pytest.approx((11.0, 11.0), abs=0.5 / steps)  # after z, from its start
    assert ends[-1] == pytest.approx((13.0, 11.0), abs=0.5 / steps)
    assert len(compact) < len(path) / 4


@pytest.mark.parametrize(
    ("steps", "compact", "where"),
    [
        (
            10,
            "m217.3,457.5 .7-.4 2,.7-.5-.7z",
            [(217.3, 457.5), (218, 457.1), (220, 457.8), (219.5, 457.1)],
        ),  # fmt: skip
        (1, "m217,457 1,0 2,1-1-1z", [(217, 457), (218, 457), (220, 458), (219, 457)]),
    ],
)
def test_numbers_are_written_in_few_characters_and_read_back_the_same(
    monkeypatch, steps, compact, where
):
    monkeypatch.setattr(thailand_map, "STEPS", steps)
    written = thailand_map.compact("m 217.28844,457.46255 0.7,-0.33 2,0.66 -0.51,-0.71 z")
    assert written == compact
    assert points(written) == pytest.approx(where)


def test_every_outline_of_the_map_keeps_its_points_within_half_a_unit_in_a_third_of_the_bytes():
    root = ET.parse(thailand_map.MAP_DIR / "thailand.svg").getroot()
    originals = {p.get("id"): p.get("d") for p in root.iter(f"{thailand_map.SVG_NS}path")}
    shapes = {shape.svg_id: shape.path for shape in thailand_map.shapes()}
    assert shapes.keys() == originals.keys()
    for svg_id, original in originals.items():
        kept = {(round(x), round(y)) for x, y in points(shapes[svg_id])}
        for x, y in points(original):
            assert (round(x), round(y)) in kept, svg_id
    assert sum(map(len, shapes.values())) < 0.4 * sum(map(len, originals.values()))
