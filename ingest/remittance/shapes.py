"""Invoice numbers of one scanned document brought to the shape the others share.

A payer lists invoices of one numbering scheme: ``SI003053``, ``SI003060``… all letters
then digits, the same length. When OCR reads one of them ``S1003062`` and the page's glyphs
could not settle it (:mod:`ingest.remittance.glyphs`), the other numbers can: the shape
more of the document's numbers have than any other (letter, digit or the punctuation itself at each
position) is the scheme, and a number of the same length that differs from it only by
characters OCR confuses across the letter/digit line (``O``/``Q``/``0``, ``I``/``l``/``1``,
``S``/``5``, ``B``/``8``, ``Z``/``2``, ``G``/``6``) takes the scheme's kind at those positions.
A letter every other number of the scheme shares at a position (the ``I`` of ``SI``) is also
taken for a letter OCR reads for it when a speck or a broken stroke changes its ink (``T``,
``J``, ``L`` for ``I``; ``D`` for ``O``), and a number one character short that the first such
letter would bring to the scheme lost it (``0002397`` beside ``F0002395``…). Each change is
reported, so the record says what was read and what was kept.

>>> conform_numbers(["SI003053", "SI003060", "SI003061", "S1003062"])[0]
['SI003053', 'SI003060', 'SI003061', 'SI003062']
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

MIN_AGREEING = 3
"""Numbers that must share a shape for it to be the scheme (two could be two misreadings)."""

TO_DIGIT = {
    "O": "0",
    "o": "0",
    "Q": "0",
    "I": "1",
    "l": "1",
    "|": "1",
    "S": "5",
    "B": "8",
    "Z": "2",
    "G": "6",
}
"""What a digit OCR read as a letter (or a rule mark) was."""
TO_LETTER = {"0": "O", "1": "I", "5": "S", "8": "B", "2": "Z", "6": "G"}
"""What a capital OCR read as a digit was."""
TO_LOWER = {"0": "o", "1": "l", "5": "s", "2": "z"}
"""What a lower-case letter OCR read as a digit was, in a lower-case number."""
BORDER_MARKS = "|lIL[("
"""What OCR reads a table's vertical rule as when it touches the first character of a cell."""
LETTER_TWINS = {"T": "I", "J": "I", "L": "I", "D": "O"}
"""What a capital OCR read as another capital was, when the ink had a speck or lost a stroke."""


def shape(number: str) -> str:
    """``L`` for each letter, ``D`` for each digit, other characters as they are: ``SI-03`` → ``LL-DD``."""
    return "".join("D" if char.isdigit() else "L" if char.isalpha() else char for char in number)


def off_shape(numbers: Sequence[str]) -> int:
    """How many of ``numbers`` do not have the shape most of them have: none when OCR read one
    scheme's numbers alike, more the more of them it garbled."""
    ranked = Counter(shape(number) for number in numbers).most_common(1)
    return len(numbers) - ranked[0][1] if ranked else 0


def conform_numbers(numbers: Sequence[str]) -> tuple[list[str], list[str]]:
    """``numbers`` with the ones that differ from the document's scheme by confusable
    characters only brought to it, and a note for each number changed.

    The scheme is the most common shape, held by at least :data:`MIN_AGREEING` numbers and by
    more than any other shape (a scan may misread a number of the scheme two ways, ``S1004467``
    and ``51004459`` beside three ``SI004455``); with no such shape nothing changes.
    """
    ranked = Counter(shape(number) for number in numbers).most_common(2)
    if not ranked:
        return list(numbers), []
    scheme, count = ranked[0]
    if count < MIN_AGREEING or (len(ranked) > 1 and ranked[1][1] == count):
        return list(numbers), []
    in_scheme = [_to_scheme(number, scheme) for number in numbers]
    letters = _shared_letters([number for number in in_scheme if number is not None])
    conformed: list[str] = []
    notes: list[str] = []
    for number, changed in zip(numbers, in_scheme, strict=True):
        if changed is None and 0 in letters and len(number) + 1 == len(scheme):
            changed = _to_scheme(letters[0] + number, scheme)  # its first letter lost (``0002397``)
        kept = number if changed is None else _to_letters(changed, letters)
        if kept != number:
            notes.append(f"invoice number {number} read as {kept} (the shape of the other numbers)")
        conformed.append(kept)
    return conformed, notes


def _to_scheme(number: str, scheme: str) -> str | None:
    """``number`` in ``scheme``'s kinds, or ``None`` when a difference is not a confusion.

    A number one character longer than the scheme may hold one glyph OCR read twice, once as
    each kind (``S1I005132`` for ``SI005132``): without either of the two it conforms, and both
    give the same number. Failing that, it may start with the table's rule left of its cell,
    read as a letter (``LFAC2608072``): without it, it conforms.
    """
    if len(number) == len(scheme) + 1:
        for spare in (_read_twice(number), [0] if number[0] in BORDER_MARKS else []):
            found = {
                changed
                for index in spare
                if (changed := _to_scheme(number[:index] + number[index + 1 :], scheme)) is not None
            }
            if found:
                return found.pop() if len(found) == 1 else None
        return None
    if len(number) != len(scheme):
        return None
    lower = any(char.islower() for char in number) and not any(char.isupper() for char in number)
    chars: list[str] = []
    for char, kind in zip(number, scheme, strict=True):
        if shape(char) == kind:
            chars.append(char)
        elif kind == "D" and char in TO_DIGIT:
            chars.append(TO_DIGIT[char])
        elif kind == "L" and char in (letters := TO_LOWER if lower else TO_LETTER):
            chars.append(letters[char])
        else:
            return None
    return "".join(chars)


def _shared_letters(numbers: Sequence[str]) -> dict[int, str]:
    """The positions where all the scheme's numbers but one share a letter, and that letter,
    when at least :data:`MIN_AGREEING` of them do and the one left out reads its twin."""
    shared: dict[int, str] = {}
    for position, column in enumerate(zip(*numbers, strict=True)):
        (letter, count), *others = Counter(column).most_common()
        if (
            letter.isalpha()
            and count >= MIN_AGREEING
            and len(numbers) - count <= 1
            and all(LETTER_TWINS.get(other) == letter for other, _ in others)
        ):
            shared[position] = letter
    return shared


def _to_letters(number: str, letters: dict[int, str]) -> str:
    """``number`` with the twin of a shared letter read as that letter."""
    return "".join(letters.get(position, char) for position, char in enumerate(number))


def _read_twice(number: str) -> list[int]:
    """Where two neighbours are a letter and the digit OCR confuses it with (``1I``, ``O0``):
    maybe one glyph read twice; the index of each of the two."""
    return [
        at
        for index in range(len(number) - 1)
        if _confused(number[index], number[index + 1]) or _confused(number[index + 1], number[index])
        for at in (index, index + 1)
    ]


def _confused(letter: str, digit: str) -> bool:
    return digit.isdigit() and TO_DIGIT.get(letter) == digit
