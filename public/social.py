"""Link-preview images (og:image): the map of Thailand with a province or a region highlighted.

Drawn with Pillow from the outlines of geography/data/map/thailand.svg, 1200×630 as Facebook and
LINE show them, with the place's name in Thai and English (one image serves both languages).
An image is drawn once and kept in the default storage under social/; later requests read the
file. `manage.py make_social_images` draws them all ahead (at deploy), and `--force` draws them
anew after a province or region is renamed. DESIGN is part of every file name: change it when
the drawing changes, and the old files are simply no longer read.
"""

import functools
import io
import re

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from PIL import Image, ImageDraw, ImageFont

from geography import map as thailand_map
from geography.models import Province, Region

DESIGN = "v1"
WIDTH, HEIGHT = 1200, 630
# Drawn at this multiple and scaled down: Pillow's polygons have no anti-aliasing of their own.
SUPERSAMPLE = 2

BACKGROUND = "#ffffff"
MAP_PANEL = "#eef2f7"
BRAND = "#0b5c8e"
BRAND_DARK = "#08466d"
ACCENT = "#e8a317"
MUTED = "#566074"
OTHER_PROVINCE = "#cfd6e2"
WATER = "#cfe3f3"

FONT_DIR = settings.BASE_DIR / "static" / "fonts" / "sarabun"

KINDS = ("site", "provinces", "regions")


def image_url(request, kind, code):
    """The absolute address of a province's or region's image, for og:image."""
    name = {"provinces": "social-province", "regions": "social-region"}[kind]
    return request.build_absolute_uri(reverse(name, kwargs={"code": code}))


def storage_name(kind, code=""):
    return f"social/{kind}{'-' + code if code else ''}-{DESIGN}.png"


def image_bytes(kind, code=""):
    """The PNG of the national image (kind "site") or of a province or region by its code,
    from storage, drawn and stored first if it is not there yet. LookupError for an unknown
    kind or code."""
    name = storage_name(kind, code)
    if default_storage.exists(name):
        with default_storage.open(name, "rb") as f:
            return f.read()
    content = render(kind, code)
    store(name, content)
    return content


def store(name, content):
    saved = default_storage.save(name, ContentFile(content))
    if saved != name:
        # Another request stored the same image meanwhile; keep theirs.
        default_storage.delete(saved)


def render(kind, code=""):
    """A fresh PNG, as bytes (not stored)."""
    with translation.override("th"):
        site_th = gettext("CODI partnership registry")
    with translation.override("en"):
        site_en = gettext("CODI partnership registry")
    if kind == "site":
        return draw(site_th, site_en, highlighted=None, site=None)
    if kind == "provinces":
        province = Province.objects.filter(code=code).first()
        if province is None:
            raise LookupError(code)
        return draw(province.name_th, province.name_en, {province.code}, (site_th, site_en))
    if kind == "regions":
        region = Region.objects.filter(code=code).first()
        if region is None:
            raise LookupError(code)
        codes = set(region.provinces.values_list("code", flat=True))
        return draw(region.name_th, region.name_en, codes, (site_th, site_en))
    raise LookupError(kind)


def draw(title_th, title_en, highlighted, site):
    """highlighted: province codes drawn in the accent colour, or None for the national image
    (every province in the brand colour). site: the site's (Thai, English) name above the title,
    or None when the title is the site's name."""
    s = SUPERSAMPLE
    image = Image.new("RGB", (WIDTH * s, HEIGHT * s), BACKGROUND)
    canvas = ImageDraw.Draw(image)

    # The map on the right, on a pale panel.
    panel_left = 780
    canvas.rectangle([panel_left * s, 0, WIDTH * s, HEIGHT * s], fill=MAP_PANEL)
    _draw_map(canvas, box=(panel_left + 20, 20, WIDTH - 20, HEIGHT - 20), highlighted=highlighted)

    # The text on the left: badge, site name, title, English title; an accent rule below.
    left, right = 64, panel_left - 48
    badge = _font_file("Bold", 34 * s)
    canvas.rounded_rectangle(
        [left * s, 60 * s, (left + 112) * s, 112 * s], radius=10 * s, fill=BRAND
    )
    canvas.text(((left + 56) * s, 86 * s), "CODI", font=badge, fill="#ffffff", anchor="mm")
    width = right - left
    y = 160
    if site:
        for text in site:
            size = _fitted_size("Regular", 30, text, width)
            canvas.text((left * s, y * s), text, font=_font_file("Regular", size * s), fill=MUTED)
            y += 44
        y += 40
    else:
        y += 40
    size = _fitted_size("Bold", 84, title_th, width)
    canvas.text((left * s, y * s), title_th, font=_font_file("Bold", size * s), fill=BRAND_DARK)
    y += round(size * 1.45)
    if title_en and title_en != title_th:
        size = _fitted_size("Regular", 48, title_en, width)
        canvas.text((left * s, y * s), title_en, font=_font_file("Regular", size * s), fill=MUTED)
    canvas.rectangle([left * s, 540 * s, (left + 160) * s, 548 * s], fill=ACCENT)

    image = image.resize((WIDTH, HEIGHT), Image.Resampling.LANCZOS)
    # A palette of 128 colours keeps the edges smooth at a third of the size.
    image = image.quantize(128, dither=Image.Dither.NONE)
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


def _draw_map(canvas, box, highlighted):
    s = SUPERSAMPLE
    x0, y0, x1, y1 = box
    _min_x, _min_y, map_w, map_h = (float(v) for v in thailand_map.VIEW_BOX.split())
    scale = min((x1 - x0) / map_w, (y1 - y0) / map_h)
    dx = x0 + ((x1 - x0) - map_w * scale) / 2
    dy = y0 + ((y1 - y0) - map_h * scale) / 2
    for shape in thailand_map.shapes():
        if shape.province_code is None:
            fill = WATER
        elif highlighted is None:
            fill = BRAND
        elif shape.province_code in highlighted:
            fill = ACCENT
        else:
            fill = OTHER_PROVINCE
        for ring in outline(shape.path):
            points = [((dx + x * scale) * s, (dy + y * scale) * s) for x, y in ring]
            if len(points) >= 3:
                canvas.polygon(points, fill=fill, outline="#ffffff", width=s)


@functools.cache
def outline(path):
    """The rings of an SVG path made of relative moves and lines ("m x,y dx,dy … z"), which is
    all the map's outlines use, as absolute points."""
    tokens = re.findall(r"[mMzZlL]|-?\d*\.?\d+(?:e-?\d+)?", path)
    rings, ring = [], []
    x = y = 0.0
    start = (0.0, 0.0)
    command = "m"
    first_of_move = False
    numbers = iter(tokens)
    for token in numbers:
        if token in "mMlLzZ":
            command = token
            if command in "zZ":
                if ring:
                    rings.append(ring)
                ring = []
                x, y = start
            first_of_move = command in "mM"
            continue
        value_x, value_y = float(token), float(next(numbers))
        relative = command.islower()
        x, y = (x + value_x, y + value_y) if relative else (value_x, value_y)
        if first_of_move:
            if ring:
                rings.append(ring)
            ring = []
            start = (x, y)
            first_of_move = False
        ring.append((x, y))
    if ring:
        rings.append(ring)
    return tuple(tuple(r) for r in rings)


@functools.cache
def _font_file(weight, size):
    return ImageFont.truetype(str(FONT_DIR / f"Sarabun-{weight}.ttf"), size)


def _fitted_size(weight, size, text, width):
    """The largest size up to `size` at which `text` fits in `width` pixels."""
    while size > 20 and _font_file(weight, size).getlength(text) > width:
        size -= 2
    return size
