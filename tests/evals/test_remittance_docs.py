"""The remittance-document eval: generator, renderings, scorer, corpus checks and the CLI option."""

from __future__ import annotations

import email
import io
import json
import random
from dataclasses import replace
from decimal import Decimal
from email import policy
from email.message import EmailMessage
from pathlib import Path

import openpyxl
import pdfplumber
import pytest
from PIL import Image
from typer.testing import CliRunner

from copilot.cli.main import app
from evals.remittance_docs import DocumentTruth, TruthRemittance, generate_document, load_truths, recipes
from evals.remittance_docs.corpus_check import CORPUS, amount_spellings, check_corpus, check_invoice_text
from evals.remittance_docs.emails import EMAIL_LAYOUTS, write_email
from evals.remittance_docs.generator import make_remittance
from evals.remittance_docs.layouts import NATIVE_LAYOUTS, render_native
from evals.remittance_docs.scans import scan
from evals.remittance_docs.wording import INJECTION
from evals.remittance_scorecard import RemittanceScorecard, normalise_invoice, normalise_name, score_document
from ingest.records import DocumentInfo, ExtractResult, RemittanceLineRecord, RemittanceRecord


def _pdf_text(path: Path) -> str:
    with pdfplumber.open(path) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def _compact(text: str) -> str:
    return "".join(text.split())


def test_one_seed_gives_the_same_truths_and_bytes(tmp_path: Path) -> None:
    turn = len(recipes())
    for directory in ("a", "b"):
        (tmp_path / directory).mkdir()
        for index in range(turn):
            generate_document(tmp_path / directory, 7, index)
    files = sorted(path.name for path in (tmp_path / "a").iterdir())
    assert len(files) == 2 * turn
    for name in files:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
    (tmp_path / "c").mkdir()
    other = generate_document(tmp_path / "c", 8, 0)
    assert other.remittances != load_truths(tmp_path / "a")[0][1].remittances


def test_truths_add_up() -> None:
    rng = random.Random(3)
    reasons_seen = set()
    for _ in range(200):
        remittance = make_remittance(rng)
        assert 1 <= len(remittance.lines) <= 25
        assert remittance.currency in {"EUR", "GBP", "USD"}
        numbers = [line.invoice_number for line in remittance.lines]
        assert len(set(numbers)) == len(numbers)
        for line in remittance.lines:
            assert line.paid_amount == line.invoice_amount - line.discount_amount - line.deduction_amount
            assert line.paid_amount > 0
            assert (line.deduction_amount > 0) == (line.reason_text is not None)
            reasons_seen.add(line.reason_code)
        assert remittance.payment_amount == sum(line.paid_amount for line in remittance.lines)
    assert {"DAMAGE", "PRICING", "SHORTAGE"} <= reasons_seen


def test_truth_round_trips_through_json(tmp_path: Path) -> None:
    truth = generate_document(tmp_path, 2, 0)
    (path, loaded), *_ = load_truths(tmp_path)
    assert loaded == truth and path == tmp_path / truth.file
    stored = json.loads((tmp_path / f"{truth.file}.truth.json").read_text(encoding="utf-8"))
    assert isinstance(stored["remittances"][0]["payment_amount"], str)


@pytest.mark.parametrize("layout", sorted(NATIVE_LAYOUTS))
def test_every_native_layout_prints_the_remittance(layout: str, tmp_path: Path) -> None:
    rng = random.Random(11)
    remittance = make_remittance(rng, lines=45 if layout == "multipage" else 6)
    path = tmp_path / "advice.pdf"
    render_native(path, layout, remittance, rng, adversarial=True)
    text = _compact(_pdf_text(path))
    assert _compact(remittance.payer_name) in text
    assert _compact(INJECTION) in text
    for line in remittance.lines:
        assert _compact(line.invoice_number) in text
    if layout == "multipage":
        with pdfplumber.open(path) as pdf:
            pages = [page.extract_text() or "" for page in pdf.pages]
        assert len(pages) >= 2
        for number, page in enumerate(pages, start=1):
            assert f"Page {number} / {len(pages)}" in page


def _email_texts(path: Path) -> str:
    message = email.message_from_bytes(path.read_bytes(), policy=policy.default)
    assert isinstance(message, EmailMessage)
    texts = []
    for part in message.walk():
        if part.is_multipart():
            continue
        content_type = part.get_content_type()
        if content_type.startswith("text/"):
            texts.append(part.get_content())
        elif content_type == "application/pdf":
            attached = path.with_suffix(".attached.pdf")
            attached.write_bytes(part.get_content())
            texts.append(_pdf_text(attached))
        else:
            workbook = openpyxl.load_workbook(io.BytesIO(part.get_content()))
            sheet = workbook.active
            assert sheet is not None
            texts += [
                str(cell) for row in sheet.iter_rows(values_only=True) for cell in row if cell is not None
            ]
    return "\n".join(texts)


@pytest.mark.parametrize("layout", EMAIL_LAYOUTS)
def test_every_email_layout_carries_the_remittance(layout: str, tmp_path: Path) -> None:
    rng = random.Random(5)
    first = make_remittance(rng, lines=5)
    remittances = (first, make_remittance(rng, lines=2)) if layout == "attach-two-pdf" else (first,)
    path = tmp_path / "advice.eml"
    write_email(path, layout, remittances, rng, adversarial=True)
    text = _compact(_email_texts(path))
    for remittance in remittances:
        for line in remittance.lines:
            assert _compact(line.invoice_number) in text
    assert _compact(INJECTION) in text
    if layout == "forward":
        assert any(marker in text for marker in ("Forwarded", "réexpédié", "transféré", "-----"))


@pytest.mark.parametrize("form", ["pdf", "png", "jpeg", "tiff"])
def test_scans_are_images_without_text(form: str, tmp_path: Path) -> None:
    rng = random.Random(9)
    native = tmp_path / "native.pdf"
    render_native(native, "classic", make_remittance(rng, lines=3), rng)
    target = tmp_path / f"scan.{form}"
    settings = scan(native, target, form, rng)  # type: ignore[arg-type]
    assert 150 <= settings.dpi <= 300 and 0.5 <= abs(settings.angle) <= 3.0
    if form == "pdf":
        assert _pdf_text(target).strip() == ""
        with pdfplumber.open(target) as pdf:
            assert len(pdf.pages) == 1 and pdf.pages[0].images
    else:
        with Image.open(target) as image:
            assert image.format == {"png": "PNG", "jpeg": "JPEG", "tiff": "TIFF"}[form]
            assert image.width > 8 * settings.dpi  # an A4 page is 8.27 inches wide, more once rotated


# --- scorer -------------------------------------------------------------------------------------------


def _truth() -> DocumentTruth:
    remittance = make_remittance(random.Random(21), lines=4, language="fr")
    return DocumentTruth("doc.pdf", "native", "pdf-classic", (remittance,))


def _record(remittance: TruthRemittance, *, lines: list[RemittanceLineRecord] | None = None) -> ExtractResult:
    read_lines = (
        lines
        if lines is not None
        else [
            RemittanceLineRecord(
                invoice_number=line.invoice_number.lower().replace("-", " "),
                paid_amount=line.paid_amount,
                deduction_amount=line.deduction_amount or None,
            )
            for line in remittance.lines
        ]
    )
    record = RemittanceRecord(
        payer_name=remittance.payer_name.upper(),
        payment_date=remittance.payment_date,
        payment_amount=remittance.payment_amount,
        currency=remittance.currency,
        payment_reference=remittance.payment_reference,
        confidence=0.9,
        lines=tuple(read_lines),
        locator="test",
    )
    return ExtractResult(
        document=DocumentInfo(path="doc.pdf", sha256="0" * 64, format="pdf"), remittances=(record,)
    )


def test_a_perfect_reading_scores_one() -> None:
    truth = _truth()
    score = score_document(truth, _record(truth.remittances[0]))
    assert (score.true_positives, score.false_positives, score.false_negatives) == (4, 0, 0)
    card = RemittanceScorecard(documents=[score])
    assert card.totals("kind")["native"].f1 == 1.0
    assert all(value in (True, None) for value in score.header[0].values())
    assert card.checks()["line F1 native"][2] and card.passed


def test_a_missed_line_lowers_recall_only() -> None:
    truth = _truth()
    remittance = truth.remittances[0]
    full = _record(remittance)
    partial = full.remittances[0].model_copy(update={"lines": full.remittances[0].lines[:3]})
    score = score_document(truth, full.model_copy(update={"remittances": (partial,)}))
    totals = RemittanceScorecard(documents=[score]).overall()
    assert totals.precision == 1.0 and totals.recall == 0.75
    assert totals.f1 == pytest.approx(2 * 0.75 / 1.75)
    assert len(score.missed) == 1 and score.extra == []


def test_a_wrong_amount_is_a_false_positive_and_a_miss() -> None:
    truth = _truth()
    remittance = truth.remittances[0]
    first = remittance.lines[0]
    lines = list(_record(remittance).remittances[0].lines)
    lines[0] = lines[0].model_copy(update={"paid_amount": first.paid_amount + Decimal("1.00")})
    score = score_document(truth, _record(remittance, lines=lines))
    assert (score.true_positives, score.false_positives, score.false_negatives) == (3, 1, 1)
    totals = RemittanceScorecard(documents=[score]).overall()
    assert totals.precision == totals.recall == totals.f1 == 0.75
    assert score.header[0]["payment_amount"] is True  # the header still adds up


def test_a_failed_document_scores_all_missed_with_its_reason() -> None:
    truth = _truth()
    score = score_document(truth, None, "ReaderError: doc.pdf: no table found")
    card = RemittanceScorecard(documents=[score])
    totals = card.totals("kind")["native"]
    assert totals.f1 == 0.0 and totals.failed == 1 and totals.false_negatives == 4
    assert card.failures() == [("doc.pdf", "ReaderError: doc.pdf: no table found")]
    assert score.header[0]["payer_name"] is False
    assert not card.passed
    assert card.checks()["line F1 email"] == ("≥ 0.97", None, True)  # no email: not judged


def test_header_fields_are_compared_after_normalisation() -> None:
    assert normalise_name("Établissements  Lefèbvre & Fils, S.A.S.") == normalise_name(
        "ETABLISSEMENTS LEFEBVRE FILS SAS"
    )
    assert normalise_invoice("fa-2026 / 0412") == "FA20260412"
    truth = _truth()
    wrong = replace(truth.remittances[0], payer_name="Someone Else SARL")
    score = score_document(truth, _record(wrong))
    assert score.header[0]["payer_name"] is False and score.header[0]["payment_date"] is True


# --- corpus checks and the CLI ---------------------------------------------------------------------------


def test_amount_spellings_cover_the_usual_formats() -> None:
    spellings = amount_spellings(Decimal("4904.94"))
    assert {"4904.94", "4,904.94", "4.904,94", "4 904,94", "4904,94"} <= spellings


def test_the_corpus_checks_read_the_copied_samples() -> None:
    pdf = CORPUS / "invoices" / "invoice2data" / "coolblue2.pdf"
    assert check_invoice_text(pdf, {"invoice_number": "992288600", "amount": 4904.94})["ok"]
    assert not check_invoice_text(pdf, {"invoice_number": "123456789", "amount": 1.23})["ok"]

    def failing(path: Path) -> ExtractResult:
        raise ValueError(f"{path.name}: cannot read\nsecond line")

    results = check_corpus(failing)
    remt = next(entry for entry in results if entry["file"] == "valid_remt_v04.xml")
    assert (
        not remt["ok"]
        and remt["detail"] == "extract_file failed: ValueError: valid_remt_v04.xml: cannot read"
    )
    assert sum(entry["check"] == "text fidelity" for entry in results) == 11


def test_the_eval_cli_writes_a_remittance_scorecard(tmp_path: Path) -> None:
    output = tmp_path / "remittances.json"
    result = CliRunner().invoke(
        app,
        [
            "eval",
            "--remittances",
            "--count",
            "3",
            "--seed",
            "2",
            "--json",
            "--workdir",
            str(tmp_path / "work"),
            "--output",
            str(output),
        ],
    )
    assert result.exit_code in (0, 1), result.output
    card = json.loads(result.stdout)
    assert {"passed", "targets", "overall", "by_kind", "by_layout", "failures", "documents", "corpus"} <= set(
        card
    )
    assert set(card["targets"]) == {"line F1 native", "line F1 scan", "line F1 email"}
    assert {kind: card["by_kind"][kind]["documents"] for kind in card["by_kind"]} == {
        "native": 1,
        "email": 1,
        "scan": 1,
    }
    assert set(card["overall"]["header_accuracy"]) == {
        "payer_name",
        "payment_date",
        "payment_amount",
        "currency",
        "payment_reference",
    }
    assert result.exit_code == (0 if card["passed"] else 1)
    assert json.loads(output.read_text(encoding="utf-8"))["targets"] == card["targets"]
    assert len(load_truths(tmp_path / "work")) == 3
