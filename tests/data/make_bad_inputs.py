#!/usr/bin/env python3
"""Writes the generated part of the bad-input corpus (tests/data/bad holds the small committed
text files). Run at test time by tests/reliability/test_bad_inputs.sh:

    make_bad_inputs.py OUT [--size N] [--big 8192]

OUT/images: single channel files, every one bad or odd in one way, N x N unless said otherwise
OUT/labels: label images (16-bit PNG unless said otherwise)
OUT/big:    four 8192 px (or --big) channel files of an all-dark image (PNG compresses them to a
            few hundred KB; written once per test run)
Needs numpy and PIL (Debian: python3-numpy, python3-pil).
"""
import argparse
import io
import os
import struct
import zlib

import numpy as np
from PIL import Image


def png_bytes(array, **kw):
    buf = io.BytesIO()
    Image.fromarray(array).save(buf, format="PNG", **kw)
    return buf.getvalue()


def save(path, data):
    with open(path, "wb") as f:
        f.write(data)


def pattern(size, dtype=np.uint8):
    """A smooth non-constant image (cells would be found in it)."""
    y, x = np.mgrid[0:size, 0:size]
    v = (np.sin(x / 5.0) * np.cos(y / 7.0) + 1) * 0.5
    top = 65535 if dtype == np.uint16 else 255
    return (v * top).astype(dtype)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--size", type=int, default=64)
    ap.add_argument("--big", type=int, default=8192)
    a = ap.parse_args()
    n = a.size
    images = os.path.join(a.out, "images")
    labels = os.path.join(a.out, "labels")
    big = os.path.join(a.out, "big")
    for d in (images, labels, big):
        os.makedirs(d, exist_ok=True)

    good = png_bytes(pattern(n))
    # --- channel files -------------------------------------------------------------------
    save(f"{images}/truncated.png", good[: len(good) // 2])
    crc = bytearray(good)
    idat = crc.find(b"IDAT")
    crc[idat + 8] ^= 0xFF  # a byte of the compressed data: the chunk's CRC no longer matches
    save(f"{images}/crc_error.png", bytes(crc))
    save(f"{images}/header_only.png", good[:20])
    save(f"{images}/empty.png", b"")
    save(f"{images}/text.png", b"this is not an image, just some text\n")

    buf = io.BytesIO()
    Image.fromarray(pattern(n)).save(buf, format="JPEG", quality=90)
    jpg = buf.getvalue()
    save(f"{images}/truncated.jpg", jpg[: len(jpg) * 2 // 3])
    save(f"{images}/garbage.jpg", b"\xff\xd8\xff\xe0" + os.urandom(0) + b"\x00\x10JFIF" + b"\x13" * 200 + b"\xff\xd9")
    save(f"{images}/good.jpg", jpg)

    buf = io.BytesIO()
    Image.fromarray(pattern(n)).save(buf, format="TIFF")
    tif = buf.getvalue()
    save(f"{images}/truncated.tif", tif[: len(tif) // 2])
    bad_ifd = bytearray(tif)
    bad_ifd[4:8] = struct.pack("<I", 0x7FFFFFF0)  # the directory lies far past the end
    save(f"{images}/bad_directory.tif", bytes(bad_ifd))
    buf = io.BytesIO()
    Image.fromarray(pattern(n).astype(np.float32)).save(buf, format="TIFF")
    save(f"{images}/float.tif", buf.getvalue())

    rgb = np.dstack([pattern(n), pattern(n)[::-1], pattern(n)[:, ::-1]])
    save(f"{images}/colour.png", png_bytes(rgb))
    save(f"{images}/one_bit.png", png_bytes((pattern(n) > 128)))
    save(f"{images}/one_pixel.png", png_bytes(np.array([[200]], np.uint8)))
    save(f"{images}/zeros16.png", png_bytes(np.zeros((n, n), np.uint16)))
    save(f"{images}/pattern16.png", png_bytes(pattern(n, np.uint16)))
    save(f"{images}/half_size.png", png_bytes(pattern(n // 2)))

    # --- label images ----------------------------------------------------------------------
    # 65535 cells: a 256 x 256 image where every pixel but one is its own cell.
    many = np.arange(256 * 256, dtype=np.uint32).reshape(256, 256)
    save(f"{labels}/cells_65535.png", png_bytes(many.astype(np.uint16)))
    save(f"{labels}/no_cells.png", png_bytes(np.zeros((n, n), np.uint16)))
    lab = np.zeros((n, n), np.uint16)
    lab[n // 8 : n // 2, n // 8 : n // 2] = 1
    lab[n // 2 : n - 2, n // 2 : n - 2] = 2
    good_lab = png_bytes(lab)
    save(f"{labels}/good.png", good_lab)
    save(f"{labels}/truncated.png", good_lab[: len(good_lab) // 2])
    save(f"{labels}/colour.png", png_bytes(np.dstack([lab.astype(np.uint8) * 40, lab.astype(np.uint8), lab.astype(np.uint8)])))
    buf = io.BytesIO()
    Image.fromarray(lab.astype(np.uint8) * 100).save(buf, format="JPEG")
    save(f"{labels}/lossy.jpg", buf.getvalue())
    save(f"{labels}/wrong_size.png", png_bytes(lab[: n // 2, : n // 2]))
    save(f"{labels}/empty.png", b"")

    # --- 8192 px all-dark channels ---------------------------------------------------------
    if a.big > 0:
        dark = np.zeros((a.big, a.big), np.uint8)
        data = png_bytes(dark, compress_level=1)
        for c in ("red", "green", "blue", "yellow"):
            save(f"{big}/big_{c}.png", data)


if __name__ == "__main__":
    main()
