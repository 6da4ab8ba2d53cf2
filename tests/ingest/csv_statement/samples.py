"""The CSV statement samples of this folder, and the files no bank reader may claim."""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).parent
MALFORMED = HERE / "handmade" / "malformed_rows.csv"
NOT_STATEMENTS = HERE / "not-statements"


def samples() -> list[Path]:
    """The CSV statements of ``handmade/`` (all of them, the malformed one included), sorted."""
    return sorted(path for path in (HERE / "handmade").iterdir() if path.suffix in (".csv", ".tsv"))


def sample_id(sample: Path) -> str:
    """A readable test id: the path below this folder."""
    return sample.relative_to(HERE).as_posix()
