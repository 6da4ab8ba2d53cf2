"""Files received (statements, remittance advices) and uploading more; a batch runs as a job."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, File, Form, HTTPException, Query, Response, UploadFile, status

from copilot.api import schemas
from copilot.api.deps import Collector, EngineDep, Reader, SettingsDep
from copilot.api.routes.common import RowId, not_found
from copilot.db.engine import session_factory
from copilot.services.jobs import UPLOAD_JOB, job_view, run_upload_job, save_upload, start_job
from copilot.services.views import list_documents

documents = APIRouter(prefix="/documents", tags=["documents"])
jobs = APIRouter(prefix="/jobs", tags=["documents"])
MAX_FILES = 200


@documents.get("", summary="List received files", response_model=schemas.DocumentList)
def get_documents(
    engine: EngineDep,
    _: Reader,
    status: Annotated[
        str | None, Query(max_length=16, description="received, ingested, partial or quarantined.")
    ] = None,
) -> schemas.DocumentList:
    """Files received, newest first, with the reason of those quarantined."""
    with session_factory(engine)() as session:
        rows = list_documents(session, status=status)
    return schemas.DocumentList.model_validate({"documents": rows})


@documents.post(
    "",
    summary="Upload files to ingest",
    response_model=schemas.Job,
    responses={202: {"model": schemas.Job, "description": "A batch: follow it at Location."}},
)
def upload_documents(
    engine: EngineDep,
    settings: SettingsDep,
    identity: Collector,
    response: Response,
    background: BackgroundTasks,
    files: Annotated[list[UploadFile], File(description="Statements or remittance advices, any format.")],
    match: Annotated[bool, Form(description="Match the new payments once the files are read.")] = True,
) -> schemas.Job:
    """Ingest one file now (200, the finished job), or a batch in the background (202 and a job
    to follow at ``GET /api/jobs/{id}``). The format is detected from the content; a file that
    cannot be read is quarantined with its reason and the others go on."""
    if len(files) > MAX_FILES:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, f"at most {MAX_FILES} files per upload")
    received = [(upload.filename or "upload", upload.file.read()) for upload in files]
    job_pk = start_job(engine, kind=UPLOAD_JOB, total=len(received), actor=identity.actor)
    upload = save_upload(settings, job_pk, received)
    if len(received) == 1:
        run_upload_job(engine, settings, job_pk, upload, actor=identity.actor, match=match)
    else:
        background.add_task(
            run_upload_job, engine, settings, job_pk, upload, actor=identity.actor, match=match
        )
        response.status_code = status.HTTP_202_ACCEPTED
        response.headers["Location"] = f"/api/jobs/{job_pk}"
    return get_job(job_pk, engine, identity)


@jobs.get("/{job_id}", summary="A job's progress", response_model=schemas.Job)
def get_job(job_id: RowId, engine: EngineDep, _: Reader) -> schemas.Job:
    """Where a job stands (``done`` of ``total`` steps) and, once finished, its result."""
    with session_factory(engine)() as session:
        found = job_view(session, job_id)
    if found is None:
        not_found(f"job {job_id}")
    return schemas.Job.model_validate(found)
