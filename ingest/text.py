"""Text as bank files carry it: sniffing a file's head, choosing its encoding, cleaning values.

Shared by the text-based bank readers (MT940, BAI2, CSV) and, for the head and whitespace,
by the camt readers:

- ``read_head`` / ``latin1_head``: the first bytes of a file, for ``identify`` (cheap, never
  the whole file);
- ``detect_encoding``: the encoding to stream the whole file with, and ``decode_error`` for a
  file that does not decode as such after all;
- ``normalise_space`` / ``compact`` / ``real_value``: whitespace runs as one space, no
  whitespace at all, and placeholders (``NONREF``…) as no value.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from ingest.identity import real_reference
from ingest.reader import ReaderError

SNIFF_BYTES = 64 * 1024
_CHUNK = 1 << 16
_UTF8_BOM = b"\xef\xbb\xbf"
# Bytes that Windows-1252 leaves undefined (latin-1 control characters, never text): a file
# holding one is read as DOS Central European (cp852), the code page of the banks that send them.
_CP1252_UNDEFINED = frozenset(b"\x81\x8d\x8f\x90\x9d")


def read_head(path: Path, size: int = SNIFF_BYTES) -> bytes:
    """The first ``size`` bytes of ``path`` (fewer for a shorter file). Raises ``OSError``."""
    with path.open("rb") as handle:
        return handle.read(size)


def latin1_head(path: Path, size: int = SNIFF_BYTES) -> str | None:
    """The head of a text file, UTF-8 BOM removed, decoded as latin-1 (every byte is a character).

    ``None`` when the file cannot be read or holds a NUL byte (binary, or UTF-16). Never raises.
    """
    try:
        head = read_head(path, size)
    except OSError:
        return None
    if b"\x00" in head:
        return None
    return head.removeprefix(_UTF8_BOM).decode("latin-1")


def detect_encoding(path: Path) -> str:
    """The encoding to read ``path`` with: UTF-16 (BOM), UTF-8 (BOM or not), Windows-1252 or cp852.

    The whole file is scanned in chunks (memory stays flat): UTF-8 when every byte decodes
    as UTF-8, else Windows-1252 (a superset of latin-1's printable characters), or cp852 when
    a byte is undefined in Windows-1252.
    """
    with path.open("rb") as handle:
        head = handle.read(2)
        if head in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
            return "utf-16"
        handle.seek(0)
        decoder = codecs.getincrementaldecoder("utf-8")()
        utf8 = True
        cp1252 = True
        for chunk in iter(lambda: handle.read(_CHUNK), b""):
            if utf8:
                try:
                    decoder.decode(chunk)
                except UnicodeDecodeError:
                    utf8 = False
            cp1252 = cp1252 and not _CP1252_UNDEFINED.intersection(chunk)
        if utf8:
            try:
                decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                utf8 = False
    if utf8:
        return "utf-8-sig"
    return "cp1252" if cp1252 else "cp852"


def decode_error(path: Path, encoding: str, exc: UnicodeDecodeError) -> ReaderError:
    """The error for a file that does not decode as the ``encoding`` it was detected as."""
    return ReaderError(f"{path.name}: cannot decode the file as {encoding}: {exc}")


def normalise_space(text: str | None) -> str | None:
    """``text`` with runs of whitespace as one space, stripped; ``None`` when empty."""
    if text is None:
        return None
    cleaned = " ".join(text.split())
    return cleaned or None


def compact(text: str | None) -> str:
    """``text`` without any whitespace (``"NL32 INGB 0000"`` → ``"NL32INGB0000"``); ``""`` for ``None``."""
    return "".join((text or "").split())


def real_value(text: str | None) -> str | None:
    """``text`` with normalised spaces, or ``None`` for blanks and placeholders (NONREF…)."""
    return real_reference(normalise_space(text))
