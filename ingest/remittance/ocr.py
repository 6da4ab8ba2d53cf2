"""Scanned remittance advices (images, image-only PDFs) as a :class:`TextDocument`.

Each page is cleaned (:mod:`ingest.remittance.preprocess`), read by tesseract (French and
English), and its words grouped into lines by position. Positions are pixels of the cleaned
page; a line's ``gap`` is derived from the page's character width and word spacing, so that
the space inside ``1 234,56`` stays below it and the space between two table cells above it.

>>> document = ocr_document(Path("avis-scanne.pdf"), max_pages=20)  # doctest: +SKIP
>>> document.source, document.lines[0].locator                     # doctest: +SKIP
('ocr', 'page 1, line 1')
"""

from __future__ import annotations

import statistics
import tempfile
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import pypdfium2
import pytesseract
from PIL import Image, ImageOps

from ingest.files import is_pdf
from ingest.reader import ReaderError
from ingest.remittance.glyph_ink import Mask, glyph_image
from ingest.remittance.glyphs import reread_confusables
from ingest.remittance.layout import (
    PlacedWord,
    TextDocument,
    TextLine,
    cell_gap,
    group_lines,
    spaced_cell_gap,
    with_gap,
)
from ingest.remittance.preprocess import clean_page, has_ink
from ingest.text import read_head

ReadFrom = Literal["gray", "ink"]
"""What tesseract reads of a cleaned page (:class:`~ingest.remittance.preprocess.CleanPage`):
its gray levels, binarised by tesseract, or the ink the page was binarised to here."""

OCR_LANGUAGES = "fra+eng"
PAGE_SEGMENTATION_MODE = 4
"""tesseract ``--psm 4`` (one column of lines of varying sizes): on cleaned table pages it reads
as well as 6 and 11, and best when a page could not be fully deskewed."""

GLYPH_SEGMENTATION_MODE = 10
"""tesseract ``--psm 10`` (a single character) for glyphs read on their own."""

PDF_RENDER_DPI = 300
DEFAULT_DPI = 300
"""Resolution assumed for an image that declares none, or an implausible one (a 72 dpi default)."""

PLAUSIBLE_DPI = (100.0, 1200.0)
OCR_TIMEOUT_SECONDS = 120

UPSIDE_DOWN_SUSPICION = 60.0
"""Mean word confidence below which a page may be upside down: readings of upright pages score
above 90, of upside-down ones below 50."""


TESSERACT_MISSING = (
    "tesseract is not installed: apt-get install tesseract-ocr tesseract-ocr-fra tesseract-ocr-eng"
)

_IMAGE_SIGNATURES = (
    b"\x89PNG\r\n\x1a\n",
    b"\xff\xd8\xff",
    b"II*\x00",
    b"MM\x00*",
    b"GIF87a",
    b"GIF89a",
)
_BMP_HEADER_SIZES = (12, 40, 52, 56, 64, 108, 124)


def is_image(path: Path) -> bool:
    """True when ``path`` starts like a PNG, JPEG, TIFF, BMP, GIF or WebP file. Never raises."""
    try:
        head = read_head(path, 18)
    except OSError:
        return False
    return head.startswith(_IMAGE_SIGNATURES) or _is_webp(head) or _is_bmp(head)


def _is_webp(head: bytes) -> bool:
    return head[:4] == b"RIFF" and head[8:12] == b"WEBP"


def _is_bmp(head: bytes) -> bool:
    """``BM``, then zero reserved bytes and a known DIB header size (``BM`` alone starts words)."""
    return (
        len(head) == 18
        and head[:2] == b"BM"
        and head[6:10] == bytes(4)
        and int.from_bytes(head[14:18], "little") in _BMP_HEADER_SIZES
    )


def ocr_document(path: Path, *, max_pages: int, read_from: ReadFrom = "ink") -> TextDocument:
    """The text of a scanned image file (PNG, JPEG, TIFF incl. multi-page, BMP, GIF, WebP) or of
    a PDF's pages rendered at :data:`PDF_RENDER_DPI`, lines numbered from 1 on each page.

    Raises :class:`ReaderError` (one line) for an unreadable file, more than ``max_pages``
    pages, a page too large to decode (decompression bomb), a missing tesseract, or when no
    page has any text.
    """
    pages = _pdf_pages(path, max_pages) if is_pdf(path) else _image_pages(path, max_pages)
    lines: list[TextLine] = []
    count = 0
    for count, image in enumerate(pages, start=1):
        try:
            lines.extend(ocr_image(image, page=count, read_from=read_from))
        except ReaderError as exc:
            raise ReaderError(f"{path.name}: page {count}: {exc}") from None
    if not lines:
        raise ReaderError(f"{path.name}: no text found on {count} scanned page(s)")
    return TextDocument(tuple(lines), "ocr")


def ocr_image(
    image: Image.Image, *, page: int = 1, first_number: int = 1, read_from: ReadFrom = "ink"
) -> list[TextLine]:
    """The lines of text on one scanned page, top to bottom; empty when the page is blank.

    Low-confidence words are kept (the parser checks the arithmetic). A page read with a mean
    confidence below :data:`UPSIDE_DOWN_SUSPICION` is read turned by 180° too (orientation
    detection cannot tell on a sparse page), and the better reading kept. Letters and digits
    confused inside invoice numbers are re-read against the page's own glyphs
    (:mod:`ingest.remittance.glyphs`). ``read_from`` says what tesseract reads of the cleaned page
    (:data:`ReadFrom`). Raises :class:`ReaderError` when tesseract is missing or fails.
    """
    try:
        cleaned = clean_page(image, dpi=_resolution(image))
        if not has_ink(cleaned.image):
            return []
        read = cleaned.gray if read_from == "gray" else cleaned.image
        reading, ink = _read_words(read, cleaned.dpi), cleaned.image
        if reading.confidence < UPSIDE_DOWN_SUSPICION:
            turned = _read_words(read.rotate(180), cleaned.dpi)
            if turned.confidence > reading.confidence:
                reading, ink = turned, ink.rotate(180)
        words = reread_confusables(reading.words, ink, _read_alone)
    except pytesseract.TesseractNotFoundError:
        raise ReaderError(TESSERACT_MISSING) from None
    except RuntimeError as exc:
        raise ReaderError(f"tesseract failed: {_first_line(exc)}") from None
    if not any(char.isalnum() for word in words for char in word.text):
        return []
    gap = cell_gap(words)
    lines = group_lines(words, page=page, first_number=first_number, gap=gap)
    return with_gap(lines, spaced_cell_gap(lines, gap))


@dataclass(frozen=True)
class _Reading:
    words: list[PlacedWord]
    """Positions are pixels of the cleaned page."""
    confidence: float
    """tesseract's mean word confidence, 0 to 100 (0 when no word was read)."""


def _read_words(page: Image.Image, dpi: float) -> _Reading:
    data = pytesseract.image_to_data(
        page,
        lang=OCR_LANGUAGES,
        config=f"--psm {PAGE_SEGMENTATION_MODE} --dpi {round(dpi)}",
        output_type=pytesseract.Output.DICT,
        timeout=OCR_TIMEOUT_SECONDS,
    )
    words: list[PlacedWord] = []
    confidences: list[float] = []
    for text, conf, left, top, width, height in zip(
        data["text"], data["conf"], data["left"], data["top"], data["width"], data["height"], strict=True
    ):
        if text.strip() and float(conf) >= 0:
            words.append(
                PlacedWord(text.strip(), float(left), float(left + width), float(top), float(top + height))
            )
            confidences.append(float(conf))
    return _Reading(words, statistics.fmean(confidences) if confidences else 0.0)


def _read_alone(glyphs: Sequence[Mask]) -> list[str]:
    """Each glyph read on its own, without the word around it: one page of a TIFF each, read
    in one tesseract run as single characters (``--psm 10``)."""
    images = [glyph_image(glyph) for glyph in glyphs]
    with tempfile.TemporaryDirectory(prefix="arcopilot-glyphs-") as folder:
        strip = Path(folder) / "glyphs.tif"
        images[0].save(strip, save_all=True, append_images=images[1:], compression="tiff_deflate")
        data = pytesseract.image_to_data(
            str(strip),
            lang=OCR_LANGUAGES,
            config=f"--psm {GLYPH_SEGMENTATION_MODE}",
            output_type=pytesseract.Output.DICT,
            timeout=OCR_TIMEOUT_SECONDS,
        )
    read = [""] * len(glyphs)
    for page, text in zip(data["page_num"], data["text"], strict=True):
        if text.strip() and 1 <= page <= len(read):
            read[page - 1] += text.strip()
    return read


def _resolution(image: Image.Image) -> float:
    declared = image.info.get("dpi")
    if isinstance(declared, tuple) and declared:
        dpi = float(declared[0])
        if PLAUSIBLE_DPI[0] <= dpi <= PLAUSIBLE_DPI[1]:
            return dpi
    return float(DEFAULT_DPI)


def _image_pages(path: Path, max_pages: int) -> Iterator[Image.Image]:
    """Each frame of an image file, upright per its EXIF orientation, checked for size first."""
    with _opened_image(path) as image:
        _check_page_count(path, getattr(image, "n_frames", 1), max_pages)
        for index in range(getattr(image, "n_frames", 1)):
            try:
                image.seek(index)
                _check_pixels(path, index + 1, image.width, image.height)
                dpi = image.info.get("dpi")
                frame = ImageOps.exif_transpose(image)
            except (OSError, ValueError, SyntaxError, EOFError) as exc:
                raise ReaderError(
                    f"{path.name}: page {index + 1}: unreadable image: {_first_line(exc)}"
                ) from None
            if dpi is not None:
                frame.info["dpi"] = dpi
            yield frame


@contextmanager
def _opened_image(path: Path) -> Iterator[Image.Image]:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(path)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ReaderError(f"{path.name}: image too large to decode safely (decompression bomb)") from None
    except (OSError, ValueError, SyntaxError, EOFError) as exc:
        raise ReaderError(f"{path.name}: unreadable image: {_first_line(exc)}") from None
    with image:
        yield image


def _pdf_pages(path: Path, max_pages: int) -> Iterator[Image.Image]:
    """Each page of a PDF rendered at :data:`PDF_RENDER_DPI`."""
    pdf = _open_pdf(path)
    try:
        _check_page_count(path, len(pdf), max_pages)
        for index in range(len(pdf)):
            yield _rendered(path, pdf, index)
    finally:
        pdf.close()


def pdf_page_image(path: Path, page_number: int) -> Image.Image:
    """Page ``page_number`` (1-based) of a PDF rendered for OCR, checked for size first."""
    pdf = _open_pdf(path)
    try:
        return _rendered(path, pdf, page_number - 1)
    finally:
        pdf.close()


def _open_pdf(path: Path) -> pypdfium2.PdfDocument:
    try:
        return pypdfium2.PdfDocument(path)
    except pypdfium2.PdfiumError as exc:
        raise ReaderError(f"{path.name}: unreadable PDF: {_first_line(exc)}") from None


def _rendered(path: Path, pdf: pypdfium2.PdfDocument, index: int) -> Image.Image:
    scale = PDF_RENDER_DPI / 72
    page = pdf[index]
    width, height = page.get_size()
    _check_pixels(path, index + 1, round(width * scale), round(height * scale))
    image: Image.Image = page.render(scale=scale).to_pil()
    image.info["dpi"] = (PDF_RENDER_DPI, PDF_RENDER_DPI)
    return image


def _check_page_count(path: Path, pages: int, max_pages: int) -> None:
    if pages > max_pages:
        raise ReaderError(f"{path.name}: {pages} pages, more than the {max_pages} allowed")


def _check_pixels(path: Path, page: int, width: int, height: int) -> None:
    """Refuse a page over PIL's ``Image.MAX_IMAGE_PIXELS`` before it is decoded or rendered."""
    limit = Image.MAX_IMAGE_PIXELS
    if limit is not None and width * height > limit:
        raise ReaderError(
            f"{path.name}: page {page} is {width}×{height} pixels, more than {limit}: "
            "image too large to decode safely (decompression bomb)"
        )


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
