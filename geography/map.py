"""The map of Thailand's provinces (svg-maps by Victor Cazanave, CC BY 4.0, see data/map/)."""

import csv
import functools
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

MAP_DIR = Path(__file__).resolve().parent / "data" / "map"
SVG_NS = "{http://www.w3.org/2000/svg}"
VIEW_BOX = "0 0 560 1025"
CREDIT = "Map: svg-maps by Victor Cazanave, CC BY 4.0"


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
        Shape(svg_id=p.get("id"), province_code=code_of.get(p.get("id")), path=p.get("d"))
        for p in root.iter(f"{SVG_NS}path")
    )
