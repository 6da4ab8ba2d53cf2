"""What several routers share: today's date when none is given, paging parameters, 404s."""

from __future__ import annotations

from datetime import date
from typing import Annotated, NoReturn

from fastapi import HTTPException, Path, Query, status

from copilot.clock import local_today

AsOf = Annotated[date | None, Query(description="The day of the figures, YYYY-MM-DD (default: today).")]
RowId = Annotated[int, Path(ge=1, le=2_147_483_647, description="The row's id.")]
Limit = Annotated[int, Query(ge=1, le=500, description="At most this many rows.")]
Offset = Annotated[int, Query(ge=0, le=1_000_000, description="Rows to skip (paging).")]


def day_or_today(day: date | None) -> date:
    """``day``, or today in the server's time zone."""
    return day or local_today()


def not_found(what: str) -> NoReturn:
    """A 404 problem naming what was not found."""
    raise HTTPException(status.HTTP_404_NOT_FOUND, f"no {what}")
