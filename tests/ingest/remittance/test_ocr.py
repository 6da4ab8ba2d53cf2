"""OCR of scanned remittance advices: pages rendered here with DejaVu Sans (Debian package
fonts-dejavu-core), tilted and speckled like a scan, then read back by tesseract."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import numpy as np
import pytesseract
import pytest
from PIL import Image, ImageDraw, ImageFont
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from ingest.reader import ReaderError
from ingest.remittance.layout import TextLine
from ingest.remittance.ocr import is_image, ocr_document, ocr_image
from ingest.remittance.preprocess import binarise, erase_rules, estimate_skew, grayscale, otsu_threshold

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
DPI = 300
FONT_PIXELS = round(10 * DPI / 72)

Row = tuple[str, str, str, str]
ROWS: tuple[Row, ...] = (
    ("FA-2026-0412", "12/08/2026", "1 234,56", "1 234,56"),
    ("FA-2026-0413", "15/08/2026", "987,00", "967,26"),
    ("INV-1001", "01/09/2026", "10 143,85", "10 143,85"),
)
COLUMNS = (60, 500, 1180, 1560)
"""Left edge of the invoice and date columns, right edge of the two amount columns."""


def remittance_page(rows: tuple[Row, ...] = ROWS, *, title: str = "AVIS DE PAIEMENT") -> Image.Image:
    """A small page at 300 dpi: a title, the payment, and a table with right-aligned amounts."""
    font = ImageFont.truetype(FONT, FONT_PIXELS)
    image = Image.new("L", (1640, 200 + 75 * (len(rows) + 3)), 255)
    draw = ImageDraw.Draw(image)
    draw.text((COLUMNS[0], 60), f"{title} - Société Dupont SA", font=font, fill=0)
    draw.text((COLUMNS[0], 140), "Date de paiement : 03/10/2026", font=font, fill=0)
    y = 240
    for cells in (("Facture", "Date", "Montant", "Net payé"), *rows):
        draw.text((COLUMNS[0], y), cells[0], font=font, fill=0)
        draw.text((COLUMNS[1], y), cells[1], font=font, fill=0)
        for right, amount in zip(COLUMNS[2:], cells[2:], strict=True):
            draw.text((right - draw.textlength(amount, font=font), y), amount, font=font, fill=0)
        y += 75
    return image


def scanned(page: Image.Image, *, angle: float = 2.5, seed: int = 7) -> Image.Image:
    """``page`` tilted by ``angle`` degrees, with gray noise and black specks."""
    tilted = page.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)
    rng = np.random.default_rng(seed)
    pixels = np.asarray(tilted).astype(np.float64) + rng.normal(0, 20, (tilted.height, tilted.width))
    pixels[rng.random(pixels.shape) < 0.002] = 0
    return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))


def save_png(image: Image.Image, path: Path) -> Path:
    image.save(path, dpi=(DPI, DPI))
    return path


def line_with(lines: list[TextLine] | tuple[TextLine, ...], text: str) -> TextLine:
    return next(line for line in lines if text in line.text)


def word_x0(line: TextLine, text: str) -> float:
    return next(word.x0 for word in line.words if word.text == text)


def word_x1(line: TextLine, text: str) -> float:
    return next(word.x1 for word in line.words if word.text == text)


def test_a_tilted_noisy_scan_reads_invoices_and_amounts_in_column_order(tmp_path: Path) -> None:
    document = ocr_document(save_png(scanned(remittance_page()), tmp_path / "avis.png"), max_pages=5)

    assert document.source == "ocr"
    assert document.lines[0].locator == "page 1, line 1"
    for invoice, date, gross, net in ROWS:
        line = line_with(document.lines, invoice)
        assert f"{invoice} {date} {gross} {net}" in line.text
        assert line.words[0].text == invoice
        assert word_x0(line, invoice) < word_x0(line, date) < line.words[2].x0
    line = line_with(document.lines, "FA-2026-0412")
    texts = [word.text for word in line.words]
    assert texts == ["FA-2026-0412", "12/08/2026", "1", "234,56", "1", "234,56"]
    gaps = [right.x0 - left.x1 for left, right in zip(line.words, line.words[1:], strict=False)]
    assert gaps[2] < line.gap < gaps[1], "the space inside 1 234,56 is below the cell gap, the cell gap above"
    assert gaps[4] < line.gap < gaps[3]
    right_edges = [word_x1(line_with(document.lines, row[0]), row[2].split()[-1]) for row in ROWS]
    assert max(right_edges) - min(right_edges) < 12, "the right-aligned amounts end in one column"
    assert right_edges[0] - word_x0(line, "FA-2026-0412") == pytest.approx(COLUMNS[2] - COLUMNS[0], abs=12)


@pytest.mark.parametrize("turn", [180, 90])
def test_a_turned_page_is_read_upright(turn: int) -> None:
    lines = ocr_image(scanned(remittance_page(), angle=-2.0).rotate(turn, expand=True))

    assert "AVIS DE PAIEMENT" in lines[0].text
    numbers = [line.words[0].text for line in lines if line.words[0].text.startswith(("FA-", "INV-"))]
    assert numbers == ["FA-2026-0412", "FA-2026-0413", "INV-1001"]


def test_a_sparse_upside_down_page_too_few_letters_for_orientation_detection_is_read_upright() -> None:
    page = Image.new("L", (1200, 300), 255)
    ImageDraw.Draw(page).text(
        (80, 80), "FA-2026-0412   1 234,56", font=ImageFont.truetype(FONT, FONT_PIXELS), fill=0
    )

    lines = ocr_image(scanned(page, angle=1.0).rotate(180))

    assert [line.text for line in lines] == ["FA-2026-0412 1 234,56"]


def test_a_blank_page_has_no_text(tmp_path: Path) -> None:
    blank = scanned(Image.new("L", (1240, 1754), 255), angle=0.0)

    with pytest.raises(ReaderError, match=r"^blank\.png: no text found on 1 scanned page\(s\)$"):
        ocr_document(save_png(blank, tmp_path / "blank.png"), max_pages=5)


def test_a_multi_page_tiff_gives_each_page_its_lines(tmp_path: Path) -> None:
    first = scanned(remittance_page(ROWS[:1]), seed=1)
    second = scanned(remittance_page(ROWS[2:], title="SUITE"), angle=-1.5, seed=2)
    path = tmp_path / "avis.tiff"
    first.save(path, save_all=True, append_images=[second], dpi=(DPI, DPI))

    document = ocr_document(path, max_pages=5)

    assert {line.page for line in document.lines} == {1, 2}
    assert line_with(document.lines, "FA-2026-0412").page == 1
    assert line_with(document.lines, "INV-1001").locator.startswith("page 2, line ")
    assert line_with(document.lines, "SUITE").number == 1


def test_an_image_only_pdf_is_rendered_and_read_page_by_page(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    pdf = canvas.Canvas(str(path))
    for page in (remittance_page(ROWS[1:2]), remittance_page(ROWS[2:], title="SUITE")):
        width, height = page.width * 72 / DPI, page.height * 72 / DPI
        pdf.setPageSize((width, height))
        pdf.drawImage(ImageReader(scanned(page, angle=1.5)), 0, 0, width, height)
        pdf.showPage()
    pdf.save()

    document = ocr_document(path, max_pages=5)

    assert line_with(document.lines, "FA-2026-0413").page == 1
    assert line_with(document.lines, "INV-1001").page == 2
    assert "987,00" in line_with(document.lines, "FA-2026-0413").text


def test_more_pages_than_allowed_are_refused_before_any_ocr(tmp_path: Path) -> None:
    path = tmp_path / "long.tiff"
    pages = [Image.new("L", (50, 50), 255) for _ in range(3)]
    pages[0].save(path, save_all=True, append_images=pages[1:])

    with pytest.raises(ReaderError, match=r"^long\.tiff: 3 pages, more than the 2 allowed$"):
        ocr_document(path, max_pages=2)


def png_header(width: int, height: int) -> bytes:
    """A PNG that declares ``width``×``height`` pixels and holds none (what a bomb looks like)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b""))
        + chunk(b"IEND", b"")
    )


@pytest.mark.parametrize("side", [10_000, 30_000], ids=["over-the-limit", "over-twice-the-limit"])
def test_a_decompression_bomb_is_refused_in_one_line(tmp_path: Path, side: int) -> None:
    path = tmp_path / "bomb.png"
    path.write_bytes(png_header(side, side))

    with pytest.raises(ReaderError, match=r"^bomb\.png: .*decompression bomb") as raised:
        ocr_document(path, max_pages=5)
    assert "\n" not in str(raised.value)


def test_a_pdf_page_too_large_to_render_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "poster.pdf"
    pdf = canvas.Canvas(str(path), pagesize=(14_400, 14_400))
    pdf.drawString(100, 100, "FA-2026-0412")
    pdf.save()

    with pytest.raises(
        ReaderError, match=r"^poster\.pdf: page 1 is 60000×60000 pixels, .*decompression bomb"
    ):
        ocr_document(path, max_pages=5)


@pytest.mark.parametrize("content", ["garbage", "truncated"])
def test_a_corrupt_image_is_refused_in_one_line(tmp_path: Path, content: str) -> None:
    path = tmp_path / "broken.png"
    save_png(remittance_page(), path)
    data = path.read_bytes()
    path.write_bytes(data[:8] + b"\x00" * 64 if content == "garbage" else data[: len(data) // 2])

    with pytest.raises(ReaderError, match=r"^broken\.png: .*unreadable image") as raised:
        ocr_document(path, max_pages=5)
    assert "\n" not in str(raised.value)


def test_a_corrupt_pdf_is_refused_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.7\n" + b"\x00" * 200)

    with pytest.raises(ReaderError, match=r"^broken\.pdf: unreadable PDF: [^\n]+$"):
        ocr_document(path, max_pages=5)


def test_a_missing_tesseract_says_what_to_install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pytesseract.pytesseract, "tesseract_cmd", str(tmp_path / "no-tesseract"))

    with pytest.raises(ReaderError, match=r"tesseract is not installed: apt-get install tesseract-ocr "):
        ocr_image(remittance_page())


@pytest.mark.parametrize("extension", ["png", "jpeg", "tiff", "bmp", "gif", "webp"])
def test_is_image_recognises_image_formats(tmp_path: Path, extension: str) -> None:
    path = tmp_path / "scan.bin"
    Image.new("RGB", (8, 8), "white").save(path, format=extension)

    assert is_image(path)


def test_is_image_refuses_other_files(tmp_path: Path) -> None:
    pdf = tmp_path / "avis.pdf"
    canvas.Canvas(str(pdf)).save()
    text = tmp_path / "avis.txt"
    text.write_text("BM, GIF87 and PNG are mentioned here\n")

    assert not is_image(pdf)
    assert not is_image(text)
    assert not is_image(tmp_path / "missing.png")
    assert not is_image(tmp_path)


@pytest.mark.parametrize("angle", [3.0, -2.0, 0.0, 8.5])
def test_estimate_skew_finds_the_tilt_of_text_lines(angle: float) -> None:
    page = binarise(grayscale(remittance_page().rotate(angle, expand=True, fillcolor=255)))

    assert estimate_skew(page) == pytest.approx(angle, abs=0.15)


def test_otsu_separates_ink_from_gray_paper_inside_a_white_border() -> None:
    page = np.full((400, 600), 255, dtype=np.uint8)
    page[50:350, 50:550] = 190
    page[100:110, 100:500] = 40

    assert 40 <= otsu_threshold(Image.fromarray(page)) < 190


def test_otsu_finds_no_ink_on_a_speckle_free_noisy_blank_page() -> None:
    noise = np.random.default_rng(3).normal(235, 8, (300, 300))

    assert otsu_threshold(Image.fromarray(np.clip(noise, 0, 255).astype(np.uint8))) == -1


def test_erase_rules_removes_table_rules_and_keeps_the_text() -> None:
    page = binarise(remittance_page(ROWS[:1]))
    ruled = page.copy()
    draw = ImageDraw.Draw(ruled)
    draw.line([(20, 225), (1620, 225)], fill=0, width=3)
    draw.line([(470, 225), (470, 400)], fill=0, width=3)

    erased = np.asarray(erase_rules(ruled, min_length=DPI // 3))

    assert (erased[222:229, 20:1620] == 255).all()
    assert (erased[225:400, 467:474] == 255).all()
    assert (erased == np.asarray(page)).mean() > 0.999


def test_grayscale_scales_sixteen_bit_scans_instead_of_clipping_them() -> None:
    pixels = np.full((20, 20), 60_000, dtype=np.uint16)
    pixels[5:10, 5:15] = 2_000

    gray = np.asarray(grayscale(Image.fromarray(pixels)))

    assert gray[0, 0] == 255
    assert gray[7, 7] < 20
