"""Numbers of one scheme whose letters meet their digits, decided together by their glyphs.

OCR reads each number of a list alone and can misread the same junction in all of them the
same way (``INV01628`` read ``INVO1628`` nine times). The numbers that could be misreadings
of one another (same length, same kind or a confused pair at each position) are taken
together; from where their sure letters end, each position holding only a digit and the
letter OCR confuses with it (``0``/``O``, ``1``/``I``…) is decided once for all of them:

- the digit, when their glyphs overlap the page's samples of that digit (from amounts and
  dates) within :data:`DIGIT_NEAR` (:data:`BAR_NEAR` for ``1``) of how much those samples
  overlap each other, less what the numbers' own print costs (measured on their other digits);
- the letter, when glyphs not cut from a neighbour fall :data:`DIGIT_FAR` (:data:`BAR_FAR`)
  or more short.

A digit is not taken when the glyphs overlap the page's samples of the letter as much (a face
whose ``S`` and ``5`` look alike). After the first digit only digits are taken (``INVOS608`` →
``INV05608``), and the walk ends at a position that cannot be told, or at one the glyphs make a
letter — then, if a letter would be left after a digit (``5I004455``), nothing is changed;
before it, a position that cannot be told where all of them read a letter is kept as read and
the walk goes on.

Where the glyphs stand overrules their ink: an ``I`` narrower or an ``O`` wider than the digits
after them is the letter (:mod:`ingest.remittance.glyph_pitch`), and so are the confused
characters before it, for the letters come before the digits. Each number is cut into glyphs at
its blank columns or by the page's character widths (:mod:`ingest.remittance.glyph_cuts`),
whichever cut's digits look more like the page's.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ingest.remittance.glyph_cuts import cut_by_widths
from ingest.remittance.glyph_ink import CONFUSABLE, Glyph, Mask, cased, kind_of, likeness, split_glyphs
from ingest.remittance.glyph_pitch import PITCH_DIGITS, letter_by_pitch
from ingest.remittance.layout import PlacedWord

MIN_SCHEME_WORDS = 2
"""Numbers (and their measured glyphs) a scheme's characters are decided on together."""

MIN_DIGIT_SAMPLES = 4
"""Samples of a digit the page must have for glyphs to be weighed against them."""

DIGIT_NEAR = 0.04
"""Shortfall from the overlap of the page's samples of a digit with each other within which
glyphs are that digit."""

DIGIT_FAR = 0.06
"""Shortfall from which they are the letter OCR confuses with it (``0`` → ``O``, ``5`` → ``S``)."""

BAR_NEAR, BAR_FAR = 0.02, 0.03
"""The same for ``1`` and ``I``: a bar with or without a flag and a foot differs by a few
strokes, so a smaller shortfall tells them apart (measured on scans: a ``1`` within 0.01, an
``I`` 0.05 or more)."""

LONE_GLYPH_SHARE = 0.5
"""The share of :data:`DIGIT_NEAR` (:data:`BAR_NEAR`) within which one number's glyph alone (the
others' ink would not cut) makes the digit; a letter always takes two."""

MIN_TRUE_DIGITS = 2
MIN_TRUE_OVERLAP = 0.7
"""A number's digits must each overlap the page's samples of them this much for its cut to be
trusted (the same character printed twice on a scan overlaps by 0.85 or more)."""

WIDTH_TOLERANCE = 0.25
"""How far (a share of the median) a glyph's width may stray from the same position's in the
other numbers: one character printed in one font has one width."""

_LETTERS_OF = {"0": "OoQ", "1": "Il", "5": "S", "8": "B", "2": "Z", "6": "G"}
_SCHEME_LENGTH = 4


def settle_schemes(
    words: Sequence[PlacedWord], ink: Mask, samples: dict[str, list[Glyph]], texts: dict[int, list[str]]
) -> set[tuple[int, int]]:
    """Where the letters of numbers of one scheme meet their digits, each character decided
    once for all of them by their glyphs together (see the module's docstring); ``texts`` are
    changed in place and the ``(word, index)`` decided returned."""
    settled: set[tuple[int, int]] = set()
    baselines = {char: _baseline(found) for char, found in samples.items() if char.isdigit()}
    for group in _schemes(words):
        rows = [words[position].text for position in group]
        glyphs = [_true_glyphs(words[position], ink, samples) for position in group]
        decided: dict[int, str] = {}
        letters: dict[int, str] = {}
        for index in range(_junction(rows), len(rows[0])):
            pair = _pair_at(rows, index)
            if pair is None:
                break
            digit, letter = pair
            measured = _alike_widths([found[index] for found in glyphs if found is not None])
            kind = _kind_by_glyphs(
                measured,
                samples.get(digit, []),
                baselines.get(digit, 0.0),
                _print_shortfall(rows, glyphs, index + 1, samples, baselines),
                (BAR_NEAR, BAR_FAR) if digit == "1" else (DIGIT_NEAR, DIGIT_FAR),
            )
            if kind == "digit" and _likelier_letter(
                measured, samples.get(letter.upper().replace("L", "I"), []), samples[digit]
            ):
                kind = None
            if letter_by_pitch(rows, glyphs, index, digit):
                kind = "letter"  # where it stands says more than ink a blurred face made alike
                decided = {at: letters[at] for at in decided}  # the letters come before the digits
            letters[index] = letter
            in_digits = any(char.isdigit() for char in decided.values())
            if kind is None and not in_digits and all(row[index].isalpha() for row in rows):
                continue  # letters as read, that nothing tells apart: the junction may be further on
            if in_digits and kind != "digit":
                if any(row[index].isalpha() for row in rows):
                    decided = {}  # a letter would stay after a digit: the numbers' shape is not told
                break
            if kind is None:
                break
            decided[index] = digit if kind == "digit" else letter
        for index, char in decided.items():
            for position in group:
                texts[position][index] = char if char.isdigit() else cased(char, words[position].text)
                settled.add((position, index))
    return settled


def _likelier_letter(measured: Sequence[Glyph], letters: Sequence[Glyph], digits: Sequence[Glyph]) -> bool:
    """Whether glyphs overlap the page's samples of the letter at least as much as its digit's
    (a face whose ``S`` and ``5`` are alike), when the page has enough of both."""
    if len(letters) < MIN_DIGIT_SAMPLES:
        return False
    mean = float(np.mean([likeness(glyph, letters) - likeness(glyph, digits) for glyph in measured]))
    return mean >= 0.0


def _true_glyphs(word: PlacedWord, ink: Mask, samples: dict[str, list[Glyph]]) -> list[Glyph] | None:
    """The word's glyphs cut at its blank columns or where the page's character widths say
    (:mod:`ingest.remittance.glyph_cuts`): of the cuts whose digits look like the page's samples
    of them (a cut one character off gives pieces that do not), the one they look most like."""
    fits = [
        (fit, glyphs)
        for glyphs in (split_glyphs(word, ink), cut_by_widths(word, ink, samples))
        if glyphs is not None and (fit := _digit_fit(word.text, glyphs, samples)) is not None
    ]
    return max(fits, key=lambda found: found[0])[1] if fits else None


def _digit_fit(row: str, glyphs: Sequence[Glyph], samples: dict[str, list[Glyph]]) -> float | None:
    """How much the row's digits overlap the page's samples of them (mean), ``None`` when too
    few are sampled or one overlaps less than :data:`MIN_TRUE_OVERLAP`. A ``0`` or ``1`` right
    after a letter does not count: it may be an ``O`` or ``I`` misread, which where it stands tells
    (:func:`~ingest.remittance.glyph_pitch.letter_by_pitch`)."""
    overlaps = [
        likeness(glyph, samples[char])
        for index, (char, glyph) in enumerate(zip(row, glyphs, strict=True))
        if char.isdigit()
        and not (index and row[index - 1].isalpha() and char in PITCH_DIGITS)
        and len(samples.get(char, [])) >= MIN_DIGIT_SAMPLES
    ]
    if len(overlaps) < MIN_TRUE_DIGITS or min(overlaps) < MIN_TRUE_OVERLAP:
        return None
    return float(np.mean(overlaps))


def _alike_widths(glyphs: Sequence[Glyph]) -> list[Glyph]:
    """One position's glyphs without those whose width strays from the others' (a cut one
    character off): within :data:`WIDTH_TOLERANCE` of the median width, or of the uncut
    glyphs' when there are only two."""
    widths = [glyph.piece.shape[1] for glyph in glyphs]
    if len(glyphs) == 2 and abs(widths[0] - widths[1]) > WIDTH_TOLERANCE * max(widths):
        return [glyph for glyph in glyphs if not glyph.cut]
    middle = float(np.median(widths)) if widths else 0.0
    return [
        glyph
        for glyph, width in zip(glyphs, widths, strict=True)
        if abs(width - middle) <= WIDTH_TOLERANCE * middle
    ]


def _schemes(words: Sequence[PlacedWord]) -> list[list[int]]:
    """Words mixing letters and digits grouped with the words they could be misreadings of."""
    groups: list[list[int]] = []
    for position, word in enumerate(words):
        text = word.text
        if len(text) < _SCHEME_LENGTH or not (
            any(c.isalpha() for c in text) and any(c.isdigit() for c in text)
        ):
            continue
        group = next((group for group in groups if _compatible(words[group[0]].text, text)), None)
        if group is None:
            groups.append([position])
        else:
            group.append(position)
    return [group for group in groups if len(group) >= MIN_SCHEME_WORDS]


def _compatible(first: str, second: str) -> bool:
    """Whether two words could be one scheme: at each position the same kind, the same letter
    or two letters OCR confuses with digits, or a letter and a digit OCR confuses."""
    if len(first) != len(second):
        return False
    for one, other in zip(first, second, strict=True):
        same_kind = kind_of(one) is not None and kind_of(one) == kind_of(other)
        if one == other or (same_kind and one.isdigit()):
            continue
        if same_kind and (one.upper() == other.upper() or (one in CONFUSABLE and other in CONFUSABLE)):
            continue
        if not same_kind and other in CONFUSABLE.get(one, ""):
            continue
        return False
    return True


def _junction(rows: Sequence[str]) -> int:
    """Where the numbers' letters may meet their digits: after the last position all of them
    hold a letter OCR does not confuse, in their leading letters and confusable characters."""
    start = 0
    for index in range(len(rows[0])):
        chars = {row[index] for row in rows}
        if all(char.isalpha() and char not in CONFUSABLE for char in chars):
            start = index + 1
        elif not all(char.isalpha() or char in CONFUSABLE for char in chars):
            break
    return start


def _pair_at(rows: Sequence[str], index: int) -> tuple[str, str] | None:
    """The digit and the letter the numbers hold at ``index`` when all of them hold one of the two."""
    chars = {row[index] for row in rows}
    for digit, letters in _LETTERS_OF.items():
        if chars <= {digit, *letters}:
            return digit, next((char for char in chars if char in letters), letters[0])
    return None


def _baseline(samples: Sequence[Glyph]) -> float:
    """How much the page's samples of one character overlap each other (median, 0 when too few)."""
    if len(samples) < MIN_DIGIT_SAMPLES:
        return 0.0
    return float(
        np.median(
            [likeness(sample, [*samples[:at], *samples[at + 1 :]]) for at, sample in enumerate(samples)]
        )
    )


def _print_shortfall(
    rows: Sequence[str],
    glyphs: Sequence[list[Glyph] | None],
    start: int,
    samples: dict[str, list[Glyph]],
    baselines: dict[str, float],
) -> float | None:
    """How much less the numbers' digits from ``start`` on overlap the page's samples of the
    same digits than those overlap each other (median): what the numbers' own print costs,
    ``None`` when too few digits tell."""
    shortfalls = [
        baselines[char] - likeness(found[index], samples[char])
        for row, found in zip(rows, glyphs, strict=True)
        if found is not None
        for index, char in enumerate(row[start:], start)
        if baselines.get(char)
    ]
    return float(np.median(shortfalls)) if len(shortfalls) >= MIN_DIGIT_SAMPLES else None


def _kind_by_glyphs(
    measured: Sequence[Glyph],
    samples: Sequence[Glyph],
    baseline: float,
    print_shortfall: float | None,
    bounds: tuple[float, float],
) -> str | None:
    """``digit`` when the glyphs overlap the digit's samples nearly as much as those overlap each
    other (less what the numbers' print costs; half as near for one glyph alone), ``letter`` when
    two glyphs or more not cut from a neighbour overlap clearly less and the numbers' other digits
    tell what their print costs; else ``None`` (too few glyphs or samples to tell)."""
    if not measured or not baseline:
        return None
    near, far = bounds
    if len(measured) < MIN_SCHEME_WORDS:
        near *= LONE_GLYPH_SHARE
    costs = max(print_shortfall or 0.0, 0.0)
    if _shortfall(measured, samples, baseline) - costs <= near:
        return "digit"
    whole = [glyph for glyph in measured if not glyph.cut]
    if print_shortfall is None or len(whole) < MIN_SCHEME_WORDS:
        return None
    return "letter" if _shortfall(whole, samples, baseline) - costs >= far else None


def _shortfall(glyphs: Sequence[Glyph], samples: Sequence[Glyph], baseline: float) -> float:
    return baseline - float(np.mean([likeness(glyph, samples) for glyph in glyphs]))
