"""Long tasks the server runs after answering (an upload batch): a ``jobs`` row keeps where each
stands, so a client polls ``GET /api/jobs/{id}`` for progress and the result."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import structlog
from sqlalchemy import Engine, update
from sqlalchemy.orm import Session

from copilot.db.access_models import Job
from copilot.db.engine import transaction
from copilot.db.types import utc_now
from copilot.services.ingest import FileOutcome, ingest_paths
from copilot.services.matching import policy_from_settings, run_matching
from copilot.settings import Settings

UPLOAD_JOB = "upload"
log = structlog.get_logger(__name__)


def start_job(engine: Engine, *, kind: str, total: int, actor: str) -> int:
    """Record a queued job of ``total`` steps; its id."""
    with transaction(engine) as session:
        job = Job(kind=kind, status="queued", total=total, done=0, result={}, created_by=actor)
        session.add(job)
        session.flush()
        return job.id


def _set(engine: Engine, job_pk: int, **values: Any) -> None:
    with transaction(engine) as session:
        session.execute(
            update(Job).where(Job.id == job_pk).values(**values).execution_options(synchronize_session=False)
        )


def job_view(session: Session, job_pk: int) -> dict[str, Any] | None:
    """A job as the API shows it; ``None`` when there is no such job."""
    job = session.get(Job, job_pk)
    if job is None:
        return None
    return {
        "id": job.id,
        "kind": job.kind,
        "status": job.status,
        "total": job.total,
        "done": job.done,
        "result": job.result,
        "error": job.error,
        "created_by": job.created_by,
        "created_at": job.created_at.isoformat(),
        "finished_at": job.finished_at.isoformat() if job.finished_at else None,
    }


@dataclass(frozen=True)
class Upload:
    """Files received over HTTP, saved under ``folder`` (removed once they are ingested)."""

    folder: Path
    files: tuple[Path, ...]


def save_upload(settings: Settings, job_pk: int, files: list[tuple[str, bytes]]) -> Upload:
    """Write each ``(name, content)`` to its own folder (two files may share a name)."""
    folder = settings.data_dir / "uploads" / f"job-{job_pk}"
    paths = []
    for position, (name, content) in enumerate(files):
        target = folder / str(position) / (Path(name).name or "upload")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
        paths.append(target)
    return Upload(folder, tuple(paths))


def _outcome_json(outcome: FileOutcome) -> dict[str, Any]:
    return {
        "name": outcome.path.name,
        "status": outcome.status,
        "format": outcome.format,
        "payments_new": outcome.payments_new,
        "duplicates_skipped": outcome.duplicates,
        "remittances_new": outcome.remittances_new,
        "remittances_linked": outcome.remittances_linked,
        "reason": outcome.reason,
        "rejected_rows": list(outcome.rejected_rows),
        "warnings": list(outcome.warnings),
    }


def run_upload_job(
    engine: Engine, settings: Settings, job_pk: int, upload: Upload, *, actor: str, match: bool
) -> None:
    """Ingest the uploaded files one by one (progress counted per file), then match the new
    payments when ``match``; the job ends ``done`` with each file's outcome, or ``failed``."""
    _set(engine, job_pk, status="running")
    outcomes: list[dict[str, Any]] = []

    def advance(outcome: FileOutcome) -> None:
        outcomes.append(_outcome_json(outcome))
        _set(engine, job_pk, done=len(outcomes), result={"files": outcomes})

    try:
        ingest_paths(engine, settings, upload.files, actor=actor, source="api", on_file=advance)
        result: dict[str, Any] = {"files": outcomes}
        if match:
            run = run_matching(engine, policy_from_settings(settings))
            result["suggestions"] = [r.suggestion_pk for r in run.results if r.suggestion_pk is not None]
        _set(engine, job_pk, status="done", result=result, finished_at=utc_now())
    except Exception as error:  # the job records any failure; the client reads it from GET /api/jobs
        log.exception("job_failed", job=job_pk)
        _set(engine, job_pk, status="failed", error=f"{type(error).__name__}: {error}", finished_at=utc_now())
    finally:
        shutil.rmtree(upload.folder, ignore_errors=True)
