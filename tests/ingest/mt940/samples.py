"""The MT940 sample files of this folder."""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).parent
# A fragment of a statement (a :61: and an :86:, no :20: header): not an MT940 file.
FRAGMENT = HERE / "corpus" / "wolph-mt940" / "self-provided" / "sparkassen.sta"
_NOT_SAMPLES = {".yml", ".json", ".md", ".py", ".pyc"}


def samples() -> list[Path]:
    """Every MT940/MT942 input of ``corpus/`` and ``handmade/`` (not the error cases), sorted."""
    return sorted(
        path
        for folder in ("corpus", "handmade")
        for path in (HERE / folder).rglob("*")
        if path.is_file() and path.suffix not in _NOT_SAMPLES and path != FRAGMENT
    )


def errors() -> list[Path]:
    """The broken MT940 files of ``errors/``."""
    return sorted((HERE / "errors").glob("*.sta"))


def sample_id(sample: Path) -> str:
    """A readable test id: the path below this folder."""
    return sample.relative_to(HERE).as_posix()
