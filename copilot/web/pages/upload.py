"""Upload documents (bank statements, remittance advices, e-mails): ingest, then match, and
show the suggestions they produced."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path, PurePath
from typing import Annotated

from fastapi import APIRouter, File, UploadFile
from starlette.responses import Response

from copilot.services.ingest import ingest_file
from copilot.services.matching import policy_from_settings, run_matching
from copilot.web.context import CollectorPage, Csrf

router = APIRouter()


def _file_name(upload: UploadFile, index: int) -> str:
    """The uploaded file's own name without any folder, so the format can be told from it."""
    name = PurePath((upload.filename or "").replace("\\", "/")).name.strip()
    return name if name and name not in {".", ".."} else f"upload-{index}"


@router.get("/upload")
def upload_form(page: CollectorPage) -> Response:
    """The upload form."""
    return page.render("upload.html")


@router.post("/upload")
def upload(page: CollectorPage, _csrf: Csrf, files: Annotated[list[UploadFile], File()]) -> Response:
    """Ingest every file, then run matching; the result lists each file and new suggestions."""
    assert page.identity is not None
    outcomes = []
    with tempfile.TemporaryDirectory(prefix="arcopilot-upload-") as folder:
        for index, upload_file in enumerate(files):
            path = Path(folder) / str(index) / _file_name(upload_file, index)
            path.parent.mkdir()
            with path.open("wb") as target:
                shutil.copyfileobj(upload_file.file, target)
            outcomes.append(
                ingest_file(page.engine, page.settings, path, actor=page.identity.actor, source="web")
            )
    run = run_matching(page.engine, policy_from_settings(page.settings))
    matched = [result for result in run.results if result.suggestion_pk is not None]
    context = {"outcomes": outcomes, "matched": matched}
    template = "upload_result.html" if page.request.headers.get("HX-Request") else "upload.html"
    return page.render(template, context)
