"""Clean-up of a scanned page before OCR: grayscale, denoise, binarise, upright, deskew, unrule.

Pure numpy/PIL, except :func:`upright`, which asks tesseract's orientation detection (OSD)
for a quarter-turn and leaves the page as it is when OSD cannot tell. Pages travel between
steps as 8-bit images, black ink (0) on white paper (255) once binarised.
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt
import pytesseract
from PIL import Image, ImageFilter

MAX_SKEW_DEGREES = 10.0
"""Skew angles searched, either way; larger tilts are left to :func:`upright`."""

MIN_ORIENTATION_CONFIDENCE = 2.0
"""Below this OSD confidence a quarter-turn is not trusted (sparse or noisy pages)."""

MIN_INK_CONTRAST = 40
"""Gray levels between the ink and paper means below which a page is blank (noise only)."""

MAX_INK_SHARE = 0.5
"""Ink covers less of a page than this; a darker class that large is paper."""

RULE_LENGTH_INCHES = 1 / 3
"""Straight ink runs at least this long are table rules, not glyphs (a 24 pt capital is shorter)."""

RULE_THICKNESS_INCHES = 1 / 40
"""Rules are at most this thick (a 1.8 pt line); a letter's stem is taller (a 9 pt x-height is 1/16 inch)."""

_SKEW_WORK_WIDTH = 900
"""Width, in pixels, of the downscaled copy the skew is measured on."""

_WIDE_MODES = ("I", "I;16", "I;16B", "I;16L", "I;16N", "F")
_COARSE_STEP = 0.5
_FINE_STEP = 0.05
_INK = 128


def clean_page(image: Image.Image, *, dpi: float) -> Image.Image:
    """The page ready for OCR: binarised, upright, deskewed, without table rules."""
    page = upright(binarise(denoise(grayscale(image))), dpi=dpi)
    page = deskew(page, estimate_skew(page))
    return erase_rules(page, min_length=round(dpi * RULE_LENGTH_INCHES))


def grayscale(image: Image.Image) -> Image.Image:
    """An 8-bit grayscale copy; transparency is laid on white, as it would print, and 16-bit or
    float pixels are scaled to 0..255 (PIL's own conversion clips them)."""
    if image.mode in _WIDE_MODES:
        pixels = np.asarray(image, dtype=np.float64)
        return Image.fromarray((pixels * (255.0 / max(float(pixels.max()), 1.0))).astype(np.uint8))
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(white, rgba).convert("L")
    return image.convert("L")


def denoise(gray: Image.Image) -> Image.Image:
    """Light speckle removed with a 3×3 median filter."""
    return gray.filter(ImageFilter.MedianFilter(3))


def otsu_threshold(gray: Image.Image) -> int:
    """The gray level that best separates ink from paper (Otsu: maximal between-class variance),
    or -1 (no ink) when the two classes differ by less than :data:`MIN_INK_CONTRAST`.

    Ink is the minority: when the dark class holds more than :data:`MAX_INK_SHARE` of the
    pixels, the split was between gray paper and a white border, and the dark side is split again.
    """
    histogram = np.asarray(gray.histogram()[:256], dtype=np.float64)
    total = histogram.sum()
    while True:
        level, contrast = _otsu_split(histogram)
        if histogram[: level + 1].sum() <= MAX_INK_SHARE * total or level == 0:
            break
        histogram = histogram[: level + 1]
    return level if contrast >= MIN_INK_CONTRAST else -1


def _otsu_split(histogram: npt.NDArray[np.float64]) -> tuple[int, float]:
    """The Otsu level of ``histogram`` and the gap between the means of its two classes."""
    levels = np.arange(histogram.size, dtype=np.float64)
    weight_dark = np.cumsum(histogram)
    weight_light = weight_dark[-1] - weight_dark
    mass_dark = np.cumsum(histogram * levels)
    mean_dark = mass_dark / np.maximum(weight_dark, 1.0)
    mean_light = (mass_dark[-1] - mass_dark) / np.maximum(weight_light, 1.0)
    between = weight_dark * weight_light * (mean_dark - mean_light) ** 2
    level = int(np.argmax(between))
    return level, float(mean_light[level] - mean_dark[level])


def binarise(gray: Image.Image) -> Image.Image:
    """Black ink on white paper, thresholded with :func:`otsu_threshold`."""
    ink = np.asarray(gray) <= otsu_threshold(gray)
    return _from_ink(ink)


def has_ink(page: Image.Image) -> bool:
    """True when the binarised ``page`` has any ink left."""
    return bool(np.asarray(page).min() < _INK)


def upright(page: Image.Image, *, dpi: float) -> Image.Image:
    """``page`` turned by the quarter-turns tesseract's OSD asks for, or unchanged when OSD
    fails (too few characters) or is unsure."""
    try:
        osd = pytesseract.image_to_osd(
            page, config=f"--dpi {round(dpi)}", output_type=pytesseract.Output.DICT
        )
    except pytesseract.TesseractError:
        return page
    turn = int(osd.get("rotate", 0)) % 360
    if turn == 0 or float(osd.get("orientation_conf", 0.0)) < MIN_ORIENTATION_CONFIDENCE:
        return page
    return page.rotate(-turn, expand=True)


def estimate_skew(page: Image.Image) -> float:
    """The angle, in degrees counter-clockwise, the text lines of a binarised page are tilted by.

    Projection profiles of the ink on a downscaled copy: the angle whose row histogram is
    the most peaked (largest sum of squares) is the one text lines run along. Searched within
    ±:data:`MAX_SKEW_DEGREES`, coarse then fine.
    """
    scale = min(1.0, _SKEW_WORK_WIDTH / max(page.width, 1))
    small = page.resize(
        (max(1, round(page.width * scale)), max(1, round(page.height * scale))), Image.Resampling.BOX
    )
    rows, columns = np.nonzero(np.asarray(small) < _INK)
    if rows.size == 0:
        return 0.0
    ys = rows.astype(np.float64)
    xs = columns.astype(np.float64)
    coarse = np.arange(-MAX_SKEW_DEGREES, MAX_SKEW_DEGREES + _COARSE_STEP / 2, _COARSE_STEP)
    best = _most_peaked(ys, xs, coarse)
    fine = np.arange(best - _COARSE_STEP, best + _COARSE_STEP + _FINE_STEP / 2, _FINE_STEP)
    return round(_most_peaked(ys, xs, fine), 2)


def deskew(page: Image.Image, angle: float) -> Image.Image:
    """The binarised ``page`` turned back by ``angle`` degrees (from :func:`estimate_skew`),
    corners filled white, binarised again."""
    if abs(angle) < _FINE_STEP:
        return page
    turned = page.rotate(-angle, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)
    return _from_ink(np.asarray(turned) < _INK)


def erase_rules(page: Image.Image, *, min_length: int) -> Image.Image:
    """The binarised ``page`` without its horizontal and vertical ink runs of ``min_length``
    pixels or more (table rules, underlines), which tesseract reads as ``|``, ``[`` or ``_``.

    A rule is thin: ink of a long run is erased only where the ink across it is no thicker
    than :data:`RULE_THICKNESS_INCHES` (at the scale :data:`RULE_LENGTH_INCHES` gives
    ``min_length``), or where two rules cross; a bold heading whose letters a blurred scan
    merged into one long run keeps its letters' stems.
    """
    max_thickness = max(2, round(min_length * RULE_THICKNESS_INCHES / RULE_LENGTH_INCHES))
    ink = np.asarray(page) < _INK
    across = _rule_rows(ink, min_length)
    down = _rule_rows(ink.T, min_length).T
    height, width = _run_lengths(ink.T).T, _run_lengths(ink)
    thin = (across & (height <= max_thickness)) | (down & (width <= max_thickness))
    return _from_ink(ink & ~(thin | (across & down)))


def _run_lengths(ink: npt.NDArray[np.bool_]) -> npt.NDArray[np.int64]:
    """For each ink pixel, the length of the row-wise run of ink it is in (0 off the ink)."""
    count = np.cumsum(ink, axis=1, dtype=np.int64)
    before = np.maximum.accumulate(np.where(ink, 0, count), axis=1)
    upto = count - before
    flipped = np.flip(ink, axis=1)
    count_back = np.cumsum(flipped, axis=1, dtype=np.int64)
    after = np.flip(count_back - np.maximum.accumulate(np.where(flipped, 0, count_back), axis=1), axis=1)
    return np.where(ink, upto + after - 1, 0)


def _rule_rows(ink: npt.NDArray[np.bool_], length: int) -> npt.NDArray[np.bool_]:
    """Pixels of horizontal rules, with a pixel of slack either side: a rule tilted by what
    deskewing left over steps from one pixel row to the next, and its anti-aliased edges are
    broken into dashes that a plain run test would leave behind."""
    return _thicken(_long_runs(_thicken(ink), length))


def _thicken(mask: npt.NDArray[np.bool_]) -> npt.NDArray[np.bool_]:
    """``mask`` grown by one pixel up and down."""
    grown = mask.copy()
    grown[1:] |= mask[:-1]
    grown[:-1] |= mask[1:]
    return grown


def _long_runs(ink: npt.NDArray[np.bool_], length: int) -> npt.NDArray[np.bool_]:
    """Pixels of row-wise runs of at least ``length`` ink pixels (a morphological opening)."""
    if length < 1 or ink.shape[1] < length:
        return np.zeros_like(ink)
    padded = np.zeros((ink.shape[0], ink.shape[1] + 1), dtype=np.int32)
    np.cumsum(ink, axis=1, out=padded[:, 1:])
    starts = (padded[:, length:] - padded[:, :-length]) == length
    covered = np.zeros((ink.shape[0], ink.shape[1] + 1), dtype=np.int32)
    np.cumsum(np.pad(starts, ((0, 0), (0, length - 1))), axis=1, out=covered[:, 1:])
    upto = covered[:, 1:]
    before = np.zeros_like(upto)
    before[:, length:] = covered[:, 1:-length]
    return (upto - before) > 0


def _from_ink(ink: npt.NDArray[np.bool_]) -> Image.Image:
    return Image.fromarray(np.where(ink, 0, 255).astype(np.uint8))


def _most_peaked(
    ys: npt.NDArray[np.float64], xs: npt.NDArray[np.float64], angles: npt.NDArray[np.float64]
) -> float:
    best_angle, best_score = 0.0, -1.0
    for angle in angles:
        projected = ys + xs * math.tan(math.radians(float(angle)))
        bins = np.rint(projected - projected.min()).astype(np.int64)
        counts = np.bincount(bins).astype(np.float64)
        score = float(np.dot(counts, counts))
        if score > best_score:
            best_angle, best_score = float(angle), score
    return best_angle
