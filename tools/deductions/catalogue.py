"""The reason-code catalogue: codes, labels, keywords and example phrases, read from a YAML file."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

DEFAULT_CATALOGUE = "reason_codes.yml"

_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th"})
_MIN_STEM = 3

NonEmpty = Annotated[str, Field(min_length=1)]


class ReasonCatalogueError(ValueError):
    """A reason-code file that cannot be read or does not describe a valid catalogue."""


def normalise_text(text: str) -> str:
    """Casefold, strip accents and turn every run of non-alphanumerics into one space.

    ``"Marchandise ENDOMMAGÉE (3 colis) !"`` becomes ``"marchandise endommagee 3 colis"``.
    Keywords and remittance texts are both read through this function.
    """
    folded = unicodedata.normalize("NFKD", text.casefold().translate(_LIGATURES))
    bare = "".join(char for char in folded if not unicodedata.combining(char))
    return _NON_ALNUM.sub(" ", bare).strip()


def is_regex_keyword(keyword: str) -> bool:
    """Whether ``keyword`` is written ``/pattern/`` (a regular expression, not a stem)."""
    return len(keyword) > 2 and keyword.startswith("/") and keyword.endswith("/")


@lru_cache(maxsize=4096)
def compile_keyword(keyword: str) -> re.Pattern[str]:
    """The pattern that finds ``keyword`` in a :func:`normalise_text` text.

    A stem matches at the start of a word (``"endommag"`` in ``"endommagees"``, not ``"cass"`` in
    ``"fracasse"``); ``/pattern/`` is used as written. Raises :class:`re.error` on a bad pattern.
    """
    if is_regex_keyword(keyword):
        return re.compile(keyword[1:-1], re.IGNORECASE)
    return re.compile(r"(?<![0-9a-z])" + re.escape(normalise_text(keyword)))


def _check_keyword(keyword: str) -> str:
    if is_regex_keyword(keyword):
        try:
            compile_keyword(keyword)
        except re.error as exc:
            raise ValueError(f"keyword {keyword!r} is not a valid regular expression: {exc}") from exc
        return keyword
    stem = normalise_text(keyword)
    if len(stem.replace(" ", "")) < _MIN_STEM:
        raise ValueError(
            f"keyword {keyword!r} is shorter than {_MIN_STEM} letters once normalised; "
            "write a whole-word pattern such as '/\\bpu\\b/' instead"
        )
    return keyword


def _keyword_key(keyword: str) -> str:
    return keyword if is_regex_keyword(keyword) else normalise_text(keyword)


class ReasonLabel(BaseModel):
    """A reason's name for people, in French and English."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    fr: NonEmpty
    en: NonEmpty


class ReasonCode(BaseModel):
    """One reason code with what recognises it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    code: str = Field(pattern=r"^[A-Z][A-Z0-9_]*$", description="e.g. DAMAGE")
    label: ReasonLabel
    keywords: tuple[NonEmpty, ...] = Field(
        default=(), description="stems (word prefixes) or /regular expressions/, any language"
    )
    examples: tuple[NonEmpty, ...] = Field(default=(), description="phrases for embedding similarity")

    @field_validator("keywords")
    @classmethod
    def _valid_keywords(cls, keywords: tuple[str, ...]) -> tuple[str, ...]:
        seen: set[str] = set()
        for keyword in keywords:
            _check_keyword(keyword)
            key = _keyword_key(keyword)
            if key in seen:
                raise ValueError(f"keyword {keyword!r} is listed twice")
            seen.add(key)
        return keywords


class ReasonCatalogue(BaseModel):
    """All reason codes, the fallback code and the similarity threshold."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    version: int = 1
    fallback_code: str = Field(default="OTHER", description="the code of a text with no recognised reason")
    similarity_threshold: float = Field(
        default=0.45, ge=0, le=1, description="lowest cosine similarity to an example that is accepted"
    )
    ignore: tuple[NonEmpty, ...] = Field(
        default=(), description="payment phrases removed before matching keywords (same syntax)"
    )
    noise_words: tuple[NonEmpty, ...] = Field(
        default=(), description="words that carry no reason (payment vocabulary, filler words)"
    )
    codes: tuple[ReasonCode, ...] = Field(min_length=1)

    @field_validator("ignore")
    @classmethod
    def _valid_ignore(cls, phrases: tuple[str, ...]) -> tuple[str, ...]:
        for phrase in phrases:
            _check_keyword(phrase)
        return phrases

    @field_validator("noise_words")
    @classmethod
    def _normalised_noise(cls, words: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(sorted({normalise_text(word) for word in words} - {""}))

    @model_validator(mode="after")
    def _consistent(self) -> ReasonCatalogue:
        names = [reason.code for reason in self.codes]
        duplicates = sorted({name for name in names if names.count(name) > 1})
        if duplicates:
            raise ValueError(f"reason codes listed more than once: {', '.join(duplicates)}")
        if self.fallback_code not in names:
            raise ValueError(f"fallback_code {self.fallback_code!r} is not one of the codes: {names}")
        owners: dict[str, str] = {}
        for reason in self.codes:
            for keyword in reason.keywords:
                other = owners.setdefault(_keyword_key(keyword), reason.code)
                if other != reason.code:
                    raise ValueError(f"keyword {keyword!r} is listed under both {other} and {reason.code}")
        return self

    @property
    def code_names(self) -> tuple[str, ...]:
        """The codes, in file order."""
        return tuple(reason.code for reason in self.codes)

    def reason(self, code: str) -> ReasonCode:
        """The reason with this code; ``KeyError`` if there is none."""
        for reason in self.codes:
            if reason.code == code:
                return reason
        raise KeyError(code)

    def example_pairs(self) -> tuple[tuple[str, str], ...]:
        """Every ``(code, example phrase)``, in file order (hashable: a cache key for embeddings)."""
        return tuple((reason.code, example) for reason in self.codes for example in reason.examples)


def _read_packaged() -> tuple[str, str]:
    resource = resources.files(__package__ or "tools.deductions").joinpath(DEFAULT_CATALOGUE)
    return resource.read_text(encoding="utf-8"), f"<packaged {DEFAULT_CATALOGUE}>"


def parse_reason_codes(text: str, *, source: str = "<string>") -> ReasonCatalogue:
    """Validate a catalogue from YAML (or JSON) text; ``source`` names it in error messages."""
    try:
        raw: Any = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ReasonCatalogueError(f"{source}: not valid YAML: {exc}") from exc
    if not isinstance(raw, dict):
        raise ReasonCatalogueError(f"{source}: expected a mapping with a 'codes' list at the top level")
    try:
        return ReasonCatalogue.model_validate(raw)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in error['loc']) or '<file>'}: {error['msg']}"
            for error in exc.errors()
        )
        raise ReasonCatalogueError(f"{source}: invalid reason codes: {problems}") from exc


def load_reason_codes(path: Path | None = None) -> ReasonCatalogue:
    """Load the reason codes from ``path``, or the packaged default catalogue when ``path`` is None.

    Raises :class:`ReasonCatalogueError` naming the file and the faulty entries.

    Example::

        catalogue = load_reason_codes()
        catalogue.code_names  # ('DAMAGE', 'PRICING', 'PROMOTION', 'SHORTAGE', 'FREIGHT', 'RETURN', 'OTHER')
    """
    if path is None:
        text, source = _read_packaged()
    else:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ReasonCatalogueError(f"{path}: cannot read the reason codes file: {exc}") from exc
        source = str(path)
    return parse_reason_codes(text, source=source)
