"""The map of Thailand's provinces (svg-maps by Victor Cazanave, CC BY 4.0, see data/map/).

The outlines are drawn inline on the home and partnership pages (each province a link), so
their size is the pages' size: they are served with their points rounded to whole map units
(the map is 560 units wide and drawn at most about 400 pixels wide, so a point moves by less
than half a pixel) and written compactly, a third of the bytes of the original outlines, which
stay in data/map/ as they were published.
"""

import csv
import functools
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

MAP_DIR = Path(__file__).resolve().parent / "data" / "map"
SVG_NS = "{http://www.w3.org/2000/svg}"
VIEW_BOX = "0 0 560 1025"
CREDIT = "Map: svg-maps by Victor Cazanave, CC BY 4.0 (outlines rounded)"


@dataclass(frozen=True)
class Shape:
    svg_id: str
    province_code: str | None  # None for Songkhla Lake, which is not a province
    path: str


@functools.cache
def shapes():
    """Every outline of the map, read once per process."""
    with open(MAP_DIR / "svg_id_to_province_code.csv", encoding="utf-8", newline="") as f:
        code_of = {row["svg_id"]: row["province_code"] for row in csv.DictReader(f)}
    root = ET.parse(MAP_DIR / "thailand.svg").getroot()
    return tuple(
        Shape(svg_id=p.get("id"), province_code=code_of.get(p.get("id")), path=compact(p.get("d")))
        for p in root.iter(f"{SVG_NS}path")
    )


_TOKEN = re.compile(r"[a-zA-Z]|[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
# Points are kept to 1 / STEPS of a map unit: 1 (whole units) or 10 (tenths).
STEPS = 1


def compact(path):
    """An outline of relative moves ("m x,y dx,dy … z", the map's only commands) with every
    point rounded to 1 / STEPS of a unit and written in as few bytes as SVG allows.

    The points are rounded where they are, not move by move, so the rounding never drifts
    along an outline; a move that rounds to nothing is left out.
    """
    out = []
    x = y = 0.0  # where the original outline is
    at = start = (0, 0)  # where the compact outline is, in steps
    subpath_start = (0.0, 0.0)
    tokens = iter(_TOKEN.findall(path))
    moving = False
    for token in tokens:
        if token in "zZ":
            out.append("z")
            x, y = subpath_start
            at = start
            continue
        if token == "m":
            moving = True
            continue
        if token.isalpha():
            raise ValueError(f"map outlines use only m and z, not {token!r}")
        x += float(token)
        y += float(next(tokens))
        point = (round(x * STEPS), round(y * STEPS))
        move = (point[0] - at[0], point[1] - at[1])
        if moving:
            out.append("m")
            subpath_start, start = (x, y), point
        elif move == (0, 0):
            continue
        out.append(_number(move[0]) + _number(move[1], follows=True))
        at, moving = point, False
    return _joined(out)


def _number(steps, follows=False):
    """A number of steps in few characters (in tenths: 15 -> "1.5", -3 -> "-.3", 20 -> "2");
    `follows` puts the separator a number needs after another (none before a minus sign)."""
    whole, part = divmod(abs(steps), STEPS)
    text = f"{whole or ''}.{part}" if part else str(whole)
    text = ("-" if steps < 0 else "") + text
    return text if not follows or text[0] == "-" else "," + text


def _joined(parts):
    """The commands and pairs, a space between two pairs unless the second starts with a
    minus sign."""
    text = ""
    for part in parts:
        if text and text[-1] not in "mz" and part[0] not in "-mz":
            text += " "
        text += part
    return text
