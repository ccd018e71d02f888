#!/usr/bin/env python3
"""Renders resources/icons/cellcam.svg to the PNG sizes of the hicolor icon theme.

The SVG is drawn from simple shapes (a rounded square, one closed cubic Bezier cell outline,
an ellipse and circles with opacity), so this script draws the same shapes with Pillow at 4x
and scales down (anti-aliasing), without an SVG library. Run it again after editing the SVG
and keep the two in step:
    /usr/bin/python3 resources/icons/make_icons.py
writes resources/icons/hicolor/{48x48,64x64,128x128,256x256}/cellcam.png.
"""
import pathlib

from PIL import Image, ImageDraw

HERE = pathlib.Path(__file__).resolve().parent
SIZES = (48, 64, 128, 256)
SUPER = 4  # supersampling factor


def bezier(p0, p1, p2, p3, steps=48):
    """Points of a cubic Bezier segment (without its first point)."""
    out = []
    for i in range(1, steps + 1):
        t = i / steps
        u = 1 - t
        out.append(tuple(u**3 * a + 3 * u * u * t * b + 3 * u * t * t * c + t**3 * d
                         for a, b, c, d in zip(p0, p1, p2, p3)))
    return out


def cell_outline():
    """M70 60 C130 30 210 70 205 135 C200 200 120 225 75 195 C30 165 25 85 70 60 Z"""
    start = (70, 60)
    segments = [((130, 30), (210, 70), (205, 135)),
                ((200, 200), (120, 225), (75, 195)),
                ((30, 165), (25, 85), (70, 60))]
    points = [start]
    current = start
    for c1, c2, end in segments:
        points += bezier(current, c1, c2, end)
        current = end
    return points


def hex_rgba(color, opacity=1.0):
    color = color.lstrip("#")
    return tuple(int(color[i:i + 2], 16) for i in (0, 2, 4)) + (round(255 * opacity),)


def layer(size, draw_fn):
    img = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw_fn(ImageDraw.Draw(img))
    return img


def render(size):
    big = 256 * SUPER
    s = big / 256.0

    def sc(points):
        return [(x * s, y * s) for x, y in points]

    def circle(cx, cy, rx, ry=None):
        ry = rx if ry is None else ry
        return [(cx - rx) * s, (cy - ry) * s, (cx + rx) * s, (cy + ry) * s]

    img = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    # Opaque shapes draw directly; translucent ones on their own layer, composited.
    img.alpha_composite(layer(big, lambda d: d.rounded_rectangle(
        [0, 0, big - 1, big - 1], radius=40 * s, fill=hex_rgba("#101418"))))
    outline = sc(cell_outline())
    img.alpha_composite(layer(big, lambda d: d.polygon(outline, fill=hex_rgba("#3a1010"))))
    img.alpha_composite(layer(big, lambda d: d.line(outline + [outline[0]], fill=hex_rgba(
        "#e04040"), width=round(6 * s), joint="curve")))
    img.alpha_composite(layer(big, lambda d: d.ellipse(circle(118, 128, 46, 38),
                                                       fill=hex_rgba("#1d3ad8", 0.9))))
    img.alpha_composite(layer(big, lambda d: d.ellipse(circle(104, 120, 9),
                                                       fill=hex_rgba("#40ff60"))))
    img.alpha_composite(layer(big, lambda d: d.ellipse(circle(134, 138, 6),
                                                       fill=hex_rgba("#40ff60"))))
    img.alpha_composite(layer(big, lambda d: d.ellipse(circle(170, 92, 26),
                                                       fill=hex_rgba("#ffe020", 0.55))))
    img.alpha_composite(layer(big, lambda d: d.ellipse(circle(170, 92, 12),
                                                       fill=hex_rgba("#ff8000", 0.8))))
    return img.resize((size, size), Image.LANCZOS)


def main():
    for size in SIZES:
        folder = HERE / "hicolor" / f"{size}x{size}"
        folder.mkdir(parents=True, exist_ok=True)
        render(size).save(folder / "cellcam.png", optimize=True)
        print(folder / "cellcam.png")


if __name__ == "__main__":
    main()
