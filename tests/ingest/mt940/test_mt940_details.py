"""The :86: field: joining of 65-character lines, slash tags, German GVC, free text."""

from __future__ import annotations

from ingest.bank.identifiers import find_creditor_reference
from ingest.bank.mt940_details import join_free_text, parse_details


def test_structured_lines_join_without_separator_even_mid_token() -> None:
    details = parse_details(
        [
            "/EREF/EV123R",
            "EP123412T1234//MARF/MND",
            "-",
            "EV01//CSID/NL32ZZZ9999999",
            "91234//CNTP/NL32INGB0000012345/INGBNL2A/ING Bank N.V. inzake WeB/",
            "//REMI/USTD//EV123REP123412T1234/",
        ]
    )
    assert details.end_to_end_id == "EV123REP123412T1234"
    assert details.payer_iban == "NL32INGB0000012345"
    assert details.payer_bic == "INGBNL2A"
    assert details.payer_name == "ING Bank N.V. inzake WeB"
    assert details.remittance_text == "EV123REP123412T1234"


def test_free_text_joins_a_full_line_directly_and_a_short_one_with_a_space() -> None:
    full = "GIRO AUS ONLINE-SIC 80701 AUFTRAGGEBER: XXXXXXXXX XXX XXXXXXXXSTR"
    assert len(full) == 65
    assert join_free_text([full, "ASSE 111", "MITTEILUNGEN"]) == full + "ASSE 111 MITTEILUNGEN"


def test_slash_tags_of_abn_amro_sepa_with_slashes_inside_values() -> None:
    details = parse_details(
        [
            "/TRTP/SEPA OVERBOEKING/IBAN/NL30ABNA0000000000/BIC/RABONL2U/NAME/V. Oornaam/REMI/Peri",
            "ode 01-10 t/m 31-12/EREF/NOTPROVIDED",
        ]
    )
    assert (details.payer_name, details.payer_iban, details.payer_bic) == (
        "V. Oornaam",
        "NL30ABNA0000000000",
        "RABONL2U",
    )
    assert details.remittance_text == "Periode 01-10 t/m 31-12"
    assert details.end_to_end_id is None


def test_ordering_party_group_and_creditor_reference() -> None:
    details = parse_details(
        [
            "/EREF/E-1/ORDP//NAME/Dupont SA/IBAN/FR7630006000011234567890189/BIC/AGRIFRPP/REMI/STRD/CUR/",
            "RF18539007547034/",
        ]
    )
    assert details.payer_name == "Dupont SA" and details.payer_bic == "AGRIFRPP"
    assert details.creditor_reference == "RF18539007547034"


def test_beneficiary_group_is_not_the_payer_and_returns_are_flagged() -> None:
    details = parse_details(["/RTRN/MS03/BENM//NAME/Ourselves/REMI/USTD//x/"])
    assert details.payer_name is None
    assert details.returned


def test_german_gvc_with_sepa_markers_and_27_character_fragments() -> None:
    details = parse_details(
        [
            "166?00GUTSCHRIFT?100399?20EREF+TFNR 0300300004?21SVWZ+Strukturier",
            "ter Verwend?22ungszweck 30030004 DE?30DRESDEFF508?31DE03508800500",
            "194791600?32Quentin Quast",
        ]
    )
    assert details.gvc == "166"
    assert details.end_to_end_id == "TFNR 0300300004"
    assert details.remittance_text == "Strukturierter Verwendungszweck 30030004 DE"
    assert (details.payer_name, details.payer_iban, details.payer_bic) == (
        "Quentin Quast",
        "DE03508800500194791600",
        "DRESDEFF508",
    )


def test_gvc_without_sepa_markers_gives_the_purpose_and_triodos_separator() -> None:
    details = parse_details(
        [
            "000>100987654321",
            ">20ALGEMENE TUSSENREKENING KOS>21TEN VAN 01-10-2010 TOT EN M",
            ">22ET 31-12-2010>310390123456",
        ]
    )
    assert details.remittance_text == "ALGEMENE TUSSENREKENING KOSTEN VAN 01-10-2010 TOT EN MET 31-12-2010"
    assert details.payer_iban is None  # ?31 holds a domestic account number, not an IBAN


def test_free_text_keeps_everything_and_knows_no_payer() -> None:
    details = parse_details(["HIER EEN MOOIE OMSCHRIJVING", "WANT DAT IS ZO"])
    assert details.remittance_text == details.text == "HIER EEN MOOIE OMSCHRIJVING WANT DAT IS ZO"
    assert details.payer_name is None


def test_sns_free_text_names_the_counterparty_of_the_statement_line() -> None:
    details = parse_details(
        ["NL47INGB9999999999 hr gjlm paulissen", " " * 65, "Betaling sieraden"],
        counterparty="NL47INGB9999999999",
    )
    assert details.payer_name == "hr gjlm paulissen"
    assert details.remittance_text == "NL47INGB9999999999 hr gjlm paulissen Betaling sieraden"


def test_creditor_references_are_checked_with_iso_11649() -> None:
    assert find_creditor_reference("Facture RF18 5390 0754 7034 du 3/10") == "RF18539007547034"
    assert find_creditor_reference("SVWZ+RF18539007547034") == "RF18539007547034"
    assert find_creditor_reference("RF19 5390 0754 7034") is None  # wrong check digits
    assert find_creditor_reference(None, "nothing here") is None
