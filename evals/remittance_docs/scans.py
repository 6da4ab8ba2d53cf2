"""Scanned copies of native PDFs: rasterised, skewed, noisy, blurred and JPEG-compressed.

The result is an image-only PDF (no text layer) or a PNG, JPEG or TIFF, as office scanners and
phones produce them.
"""

from __future__ import annotations

import io
import random
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np
import pypdfium2
from PIL import Image, ImageDraw, ImageFilter

ScanFormat = Literal["pdf", "png", "jpeg", "tiff"]
SCAN_SUFFIX = {"pdf": ".pdf", "png": ".png", "jpeg": ".jpg", "tiff": ".tif"}
# A fixed creation date keeps scanned PDFs byte-identical for one seed.
_SCANNED_ON = time.struct_time((2026, 1, 1, 9, 0, 0, 3, 1, 0))


@dataclass(frozen=True)
class ScanSettings:
    """How one document was scanned."""

    dpi: int
    angle: float
    noise: float
    specks: int
    blur: float
    jpeg_quality: int
    grey: bool

    def describe(self) -> str:
        return (
            f"{self.dpi} dpi, {self.angle:+.2f}°, noise σ {self.noise:.0f}, {self.specks} specks, "
            f"blur {self.blur:.2f}, JPEG q{self.jpeg_quality}, {'grey' if self.grey else 'colour'}"
        )


def pick_scan(rng: random.Random) -> ScanSettings:
    """Scanner settings: 150 to 300 dpi, skewed 0.5 to 3 degrees either way."""
    return ScanSettings(
        dpi=rng.choice((150, 200, 200, 250, 300)),
        angle=rng.choice((-1, 1)) * rng.uniform(0.5, 3.0),
        noise=rng.uniform(4, 14),
        specks=rng.randint(3, 25),
        blur=rng.uniform(0.2, 0.9),
        jpeg_quality=rng.randint(45, 85),
        grey=rng.random() < 0.7,
    )


def degrade(page: Image.Image, settings: ScanSettings, rng: random.Random) -> Image.Image:
    """One page as a scanner returns it."""
    image = page.convert("L" if settings.grey else "RGB")
    fill: int | tuple[int, int, int] = 255 if settings.grey else (255, 255, 255)
    image = image.rotate(settings.angle, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=fill)
    pixels = np.asarray(image, dtype=np.float32)
    noise = np.random.default_rng(rng.randrange(2**32)).normal(0.0, settings.noise, pixels.shape)
    image = Image.fromarray(np.clip(pixels + noise, 0, 255).astype(np.uint8))
    draw = ImageDraw.Draw(image)
    width, height = image.size
    for _ in range(settings.specks):
        x, y, radius = rng.randrange(width), rng.randrange(height), rng.uniform(0.5, 2.5) * settings.dpi / 150
        draw.ellipse(
            (x - radius, y - radius, x + radius, y + radius), fill=0 if settings.grey else (20, 20, 20)
        )
    image = image.filter(ImageFilter.GaussianBlur(settings.blur))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=settings.jpeg_quality)
    buffer.seek(0)
    with Image.open(buffer) as compressed:
        return compressed.copy()


def rasterise(pdf: Path, dpi: int) -> list[Image.Image]:
    """Every page of ``pdf`` as an image at ``dpi``."""
    document = pypdfium2.PdfDocument(str(pdf))
    try:
        return [document[index].render(scale=dpi / 72).to_pil() for index in range(len(document))]
    finally:
        document.close()


def scan(pdf: Path, target: Path, form: ScanFormat, rng: random.Random) -> ScanSettings:
    """Write a scanned copy of ``pdf`` to ``target`` (PNG and JPEG hold one page: the first)."""
    settings = pick_scan(rng)
    pages = [degrade(page, settings, rng) for page in rasterise(pdf, settings.dpi)]
    first, rest = pages[0], pages[1:]
    if form == "pdf":
        first.save(
            target,
            "PDF",
            save_all=True,
            append_images=rest,
            resolution=float(settings.dpi),
            creationDate=_SCANNED_ON,
            modDate=_SCANNED_ON,
        )
    elif form == "tiff":
        first.save(
            target,
            "TIFF",
            save_all=True,
            append_images=rest,
            dpi=(settings.dpi, settings.dpi),
            compression="tiff_deflate",
        )
    elif form == "png":
        first.save(target, "PNG", dpi=(settings.dpi, settings.dpi))
    else:
        first.save(target, "JPEG", quality=settings.jpeg_quality, dpi=(settings.dpi, settings.dpi))
    return settings
