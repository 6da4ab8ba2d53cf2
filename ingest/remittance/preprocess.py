"""Clean-up of a scanned page before OCR: grayscale, denoise, upright, deskew, upscale, binarise, unrule.

Pure numpy/PIL, except :func:`quarter_turn`, which asks tesseract's orientation detection
(OSD) for a quarter-turn and leaves the page as it is when OSD cannot tell. The page is turned
and deskewed while still gray, and brought to :data:`OCR_DPI` before it is binarised: a thin rule
or stroke turned or enlarged after binarisation breaks into dashes. Pages travel between steps
as 8-bit images, black ink (0) on white paper (255) once binarised.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

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

RULE_INK_SHARE = 0.6
"""Share of a rule's length that must be ink: a thin rule a skewed scan stepped from one pixel row
to the next comes out in dashes (gaps where its ink was split between two rows)."""

RULE_GAP_INCHES = 1 / 30
"""Widest gap in a broken rule; the gap between the ``1`` of one line and the ``1`` below it is wider."""

RULE_SIDE_INK_SHARE = 0.15
"""Most ink a broken rule has beside it (rows a rule's thickness away): the rows just above a line
of text's baseline cross its letters."""

OCR_DPI = 300.0
"""Resolution pages are read at: lower ones are enlarged (tesseract wants a capital 20 to 30 pixels tall)."""

_SKEW_WORK_WIDTH = 900
"""Width, in pixels, of the downscaled copy the skew is measured on."""

_WIDE_MODES = ("I", "I;16", "I;16B", "I;16L", "I;16N", "F")
_MIN_ENLARGEMENT = 1.05
_COARSE_STEP = 0.5
_FINE_STEP = 0.05
_INK = 128


@dataclass(frozen=True)
class CleanPage:
    """A page ready for OCR, binarised and gray, and its resolution (:data:`OCR_DPI` when it was
    enlarged)."""

    image: Image.Image
    """Black ink on white paper, without table rules."""
    gray: Image.Image
    """The page's gray levels, upright and deskewed like ``image``, its table rules painted white:
    tesseract's own binarisation keeps thin strokes (a typewriter's commas) that blur thickened
    past the page's threshold."""
    dpi: float


def clean_page(image: Image.Image, *, dpi: float) -> CleanPage:
    """The page ready for OCR: upright, deskewed, enlarged to :data:`OCR_DPI`, binarised, without
    table rules."""
    gray = denoise(grayscale(image))
    rough = binarise(gray)
    turn = quarter_turn(rough, dpi=dpi)
    if turn:
        gray, rough = gray.rotate(-turn, expand=True), rough.rotate(-turn, expand=True)
    gray, dpi = enlarged(deskew(gray, estimate_skew(rough)), dpi=dpi)
    ruled = binarise(gray)
    page = erase_rules(ruled, min_length=round(dpi * RULE_LENGTH_INCHES))
    rules = Image.fromarray(np.where(np.asarray(page) > np.asarray(ruled), 255, 0).astype(np.uint8))
    return CleanPage(page, Image.composite(rules, gray, rules.filter(ImageFilter.MaxFilter(3))), dpi)


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


def quarter_turn(page: Image.Image, *, dpi: float) -> int:
    """The quarter-turn (0, 90, 180 or 270 degrees clockwise) tesseract's OSD asks for to set
    ``page`` upright; 0 when OSD fails (too few characters) or is unsure."""
    try:
        osd = pytesseract.image_to_osd(
            page, config=f"--dpi {round(dpi)}", output_type=pytesseract.Output.DICT
        )
    except pytesseract.TesseractError:
        return 0
    turn = int(osd.get("rotate", 0)) % 360
    if float(osd.get("orientation_conf", 0.0)) < MIN_ORIENTATION_CONFIDENCE:
        return 0
    return turn


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
    """The 8-bit ``page`` turned back by ``angle`` degrees (from :func:`estimate_skew`), corners
    filled white; left as it is within one step of the estimate (a turn that would only blur it)."""
    if abs(angle) <= _FINE_STEP:
        return page
    return page.rotate(-angle, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)


def enlarged(gray: Image.Image, *, dpi: float) -> tuple[Image.Image, float]:
    """The gray ``page`` scaled up to :data:`OCR_DPI` and its new resolution; unchanged when it
    is that fine already."""
    scale = OCR_DPI / dpi
    if scale < _MIN_ENLARGEMENT:
        return gray, dpi
    size = (round(gray.width * scale), round(gray.height * scale))
    return gray.resize(size, Image.Resampling.LANCZOS), OCR_DPI


def erase_rules(page: Image.Image, *, min_length: int) -> Image.Image:
    """The binarised ``page`` without its horizontal and vertical rules (table rules, underlines),
    which tesseract reads as ``|``, ``[`` or ``_``.

    A rule is thin ink, no thicker than :data:`RULE_THICKNESS_INCHES` across (at the scale
    :data:`RULE_LENGTH_INCHES` gives ``min_length``), along ``min_length`` pixels or more: a
    whole run of ink, or :data:`RULE_INK_SHARE` of it in dashes no further apart than
    :data:`RULE_GAP_INCHES` with paper on both sides (a rule broken into dashes, not the baseline
    of a line of text, which has the letters above it, nor a column of ``1`` on lines one below
    the other). A bold heading whose letters a blurred scan merged into one long run keeps its letters' stems.
    Where two rules cross, the crossing goes too.
    """
    max_thickness = max(2, round(min_length * RULE_THICKNESS_INCHES / RULE_LENGTH_INCHES))
    ink = np.asarray(page) < _INK
    height, width = _run_lengths(ink.T).T, _run_lengths(ink)
    flat, upright = ink & (height <= max_thickness), ink & (width <= max_thickness)
    across = _rule_rows(ink, flat, min_length, max_thickness)
    down = _rule_rows(ink.T, upright.T, min_length, max_thickness).T
    return _from_ink(ink & ~((across & flat) | (down & upright) | (across & down)))


def _run_lengths(ink: npt.NDArray[np.bool_]) -> npt.NDArray[np.int64]:
    """For each ink pixel, the length of the row-wise run of ink it is in (0 off the ink)."""
    count = np.cumsum(ink, axis=1, dtype=np.int64)
    before = np.maximum.accumulate(np.where(ink, 0, count), axis=1)
    upto = count - before
    flipped = np.flip(ink, axis=1)
    count_back = np.cumsum(flipped, axis=1, dtype=np.int64)
    after = np.flip(count_back - np.maximum.accumulate(np.where(flipped, 0, count_back), axis=1), axis=1)
    return np.where(ink, upto + after - 1, 0)


def _rule_rows(
    ink: npt.NDArray[np.bool_], thin: npt.NDArray[np.bool_], length: int, thickness: int
) -> npt.NDArray[np.bool_]:
    """Pixels of horizontal rules made of ``thin`` ink, with a pixel of slack either side: a rule
    tilted by what deskewing left over steps from one pixel row to the next. A window of a
    broken rule may run a gap past its end, where it meets a rule across it."""
    gap = round(length * RULE_GAP_INCHES / RULE_LENGTH_INCHES)
    band = _thicken(thin)
    sums = _window_sums(band, length)
    bridged = _window_sums(band | (_run_lengths(~band) <= gap), length)
    dashed = (bridged >= length - gap) & (sums >= RULE_INK_SHARE * length)
    dashed &= _paper_on_both_sides(ink, length, thickness)
    return _thicken(_covered((sums >= length) | dashed, length))


def _thicken(mask: npt.NDArray[np.bool_]) -> npt.NDArray[np.bool_]:
    """``mask`` grown by one pixel up and down."""
    grown = mask.copy()
    grown[1:] |= mask[:-1]
    grown[:-1] |= mask[1:]
    return grown


def _window_sums(mask: npt.NDArray[np.bool_], length: int) -> npt.NDArray[np.int32]:
    """For each pixel, how many of the ``length`` pixels from it rightwards ``mask`` covers
    (windows running off the right edge count none)."""
    sums = np.zeros(mask.shape, dtype=np.int32)
    if 1 <= length <= mask.shape[1]:
        padded = np.zeros((mask.shape[0], mask.shape[1] + 1), dtype=np.int32)
        np.cumsum(mask, axis=1, out=padded[:, 1:])
        sums[:, : mask.shape[1] - length + 1] = padded[:, length:] - padded[:, :-length]
    return sums


def _paper_on_both_sides(ink: npt.NDArray[np.bool_], length: int, thickness: int) -> npt.NDArray[np.bool_]:
    """Windows (by their first pixel) with at most :data:`RULE_SIDE_INK_SHARE` ink in the rows
    from ``thickness / 2 + 2`` to ``thickness + 2`` above them, and as little below."""
    sums = _window_sums(ink, length)
    near, far = thickness // 2 + 2, thickness + 2
    above = np.zeros(ink.shape, dtype=np.int64)
    below = np.zeros(ink.shape, dtype=np.int64)
    for offset in range(near, far + 1):
        above[offset:] += sums[:-offset]
        below[:-offset] += sums[offset:]
    limit = RULE_SIDE_INK_SHARE * length * (far - near + 1)
    return (above <= limit) & (below <= limit)


def _covered(starts: npt.NDArray[np.bool_], length: int) -> npt.NDArray[np.bool_]:
    """Pixels inside a window of ``length`` pixels that begins at one of ``starts``."""
    counts = np.zeros((starts.shape[0], starts.shape[1] + 1), dtype=np.int32)
    np.cumsum(starts, axis=1, out=counts[:, 1:])
    before = np.zeros(starts.shape, dtype=np.int32)
    before[:, length:] = counts[:, 1 : starts.shape[1] - length + 1]
    return (counts[:, 1:] - before) > 0


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
