"""The site's icon: a CODI-blue square with a white open ring (a "C") around an amber dot.

One design, written three ways into static/ by `manage.py make_icons`: favicon.ico (16, 32 and
48 px), icons/icon.svg and icons/apple-touch-icon.png (180 px). The files are committed; run the
command again only after changing the design here.
"""

import io
import math

from PIL import Image, ImageDraw

BRAND = "#0b5c8e"
ACCENT = "#e8a317"
# On a 64-unit square: corner radius, ring radius and width, dot radius, and the ring's gap
# (degrees either side of "east").
CORNER, RING, RING_WIDTH, DOT, GAP = 12, 17, 9, 6, 45


def svg():
    end_x = 32 + RING * math.cos(math.radians(GAP))
    end_y = 32 + RING * math.sin(math.radians(GAP))
    start, end = f"{end_x:.2f} {end_y:.2f}", f"{end_x:.2f} {64 - end_y:.2f}"
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">'
        f'<rect width="64" height="64" rx="{CORNER}" fill="{BRAND}"/>'
        f'<path d="M{start} A{RING} {RING} 0 1 1 {end}" fill="none" stroke="#fff" '
        f'stroke-width="{RING_WIDTH}" stroke-linecap="round"/>'
        f'<circle cx="32" cy="32" r="{DOT}" fill="{ACCENT}"/>'
        "</svg>\n"
    )


def image(size, rounded=True):
    """The icon as a `size`-pixel RGBA image, drawn large and scaled down for smooth edges."""
    big = 512
    u = big / 64
    picture = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    canvas = ImageDraw.Draw(picture)
    canvas.rounded_rectangle(
        [0, 0, big - 1, big - 1], radius=CORNER * u if rounded else 0, fill=BRAND
    )
    outer = (RING + RING_WIDTH / 2) * u
    box = [32 * u - outer, 32 * u - outer, 32 * u + outer, 32 * u + outer]
    canvas.arc(box, start=GAP, end=360 - GAP, fill="#ffffff", width=round(RING_WIDTH * u))
    for angle in (GAP, -GAP):  # round caps
        x = 32 * u + RING * u * math.cos(math.radians(angle))
        y = 32 * u + RING * u * math.sin(math.radians(angle))
        r = RING_WIDTH * u / 2
        canvas.ellipse([x - r, y - r, x + r, y + r], fill="#ffffff")
    canvas.ellipse(
        [32 * u - DOT * u, 32 * u - DOT * u, 32 * u + DOT * u, 32 * u + DOT * u], fill=ACCENT
    )
    return picture.resize((size, size), Image.Resampling.LANCZOS)


def ico():
    out = io.BytesIO()
    image(48).save(out, "ICO", sizes=[(16, 16), (32, 32), (48, 48)])
    return out.getvalue()


def apple_touch_icon():
    # iOS rounds the corners itself and shows transparent ones black.
    out = io.BytesIO()
    image(180, rounded=False).convert("RGB").save(out, "PNG", optimize=True)
    return out.getvalue()
