"""Errors as RFC 9457 problem details (``application/problem+json``: type, title, status, detail).

HTTP errors, request validation and the services' own errors (a review that cannot be made, an
unknown customer, a dunning step out of order…) all answer in that one shape, so a client
reads ``detail`` whatever went wrong.
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler, request_validation_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from openai import OpenAIError
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from copilot.customer_names import UnknownCustomer
from copilot.dunning.errors import DunningError
from copilot.llm.provider import ProviderConfigError
from copilot.notes.errors import NotesError
from copilot.services.four_eyes import FourEyesError
from copilot.services.review import ReviewError
from copilot.services.users import UserError

API_PREFIX = "/api"
PROBLEM_JSON = "application/problem+json"
PROBLEM_BASE = "urn:arcopilot:problem:"


class Problem(BaseModel):
    """An RFC 9457 problem: what kind (``type``), its summary, the HTTP status and the details."""

    type: str = Field(default="about:blank", description="A URI naming the kind of problem.")
    title: str = Field(description="A short summary of the kind of problem.")
    status: int = Field(description="The HTTP status code.")
    detail: str = Field(description="What went wrong this time, in one line.")
    errors: list[dict[str, Any]] | None = Field(
        default=None, description="For a 422: each invalid field, where it is and why."
    )


PROBLEM_RESPONSES: dict[int | str, dict[str, Any]] = {
    code: {"model": Problem, "content": {PROBLEM_JSON: {}}, "description": HTTPStatus(code).phrase}
    for code in (401, 403, 404, 409, 422)
}
"""The error responses every route may give, for the OpenAPI document."""

# Service errors: (exception class, HTTP status, problem type); the first that matches wins.
_SERVICE_ERRORS: tuple[tuple[type[Exception], int, str], ...] = (
    (FourEyesError, 403, "four-eyes"),
    (ReviewError, 409, "review-conflict"),
    (UnknownCustomer, 404, "unknown-customer"),
    (NotesError, 422, "notes"),
    (DunningError, 409, "dunning-conflict"),
    (UserError, 409, "user-conflict"),
    (ProviderConfigError, 503, "llm-not-configured"),
    (OpenAIError, 502, "llm-failed"),
)


def problem_response(
    status: int,
    detail: str,
    *,
    kind: str | None = None,
    headers: dict[str, str] | None = None,
    errors: list[dict[str, Any]] | None = None,
) -> JSONResponse:
    """A problem+json response; ``kind`` names the problem type (``about:blank`` without one)."""
    problem = Problem(
        type=PROBLEM_BASE + kind if kind else "about:blank",
        title=HTTPStatus(status).phrase,
        status=status,
        detail=detail,
        errors=errors,
    )
    return JSONResponse(
        problem.model_dump(exclude_none=True), status_code=status, headers=headers, media_type=PROBLEM_JSON
    )


def _is_api(request: Request) -> bool:
    return request.url.path.startswith(API_PREFIX)


async def _http_problem(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    if not _is_api(request):
        return await http_exception_handler(request, exc)
    detail = exc.detail if isinstance(exc.detail, str) else HTTPStatus(exc.status_code).phrase
    return problem_response(exc.status_code, detail, headers=dict(exc.headers or {}))


async def _validation_problem(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    if not _is_api(request):
        return await request_validation_exception_handler(request, exc)
    errors = [
        {"loc": [str(part) for part in error["loc"]], "msg": error["msg"], "type": error["type"]}
        for error in exc.errors()
    ]
    where = ".".join(errors[0]["loc"]) if errors else ""
    message = str(errors[0]["msg"]) if errors else "invalid request"
    return problem_response(422, f"{where}: {message}" if where else message, errors=errors)


async def _service_problem(request: Request, exc: Exception) -> JSONResponse:
    for error_type, status, kind in _SERVICE_ERRORS:
        if isinstance(exc, error_type) and _is_api(request):
            return problem_response(status, str(exc) or HTTPStatus(status).phrase, kind=kind)
    raise exc


def install_problem_handlers(app: FastAPI) -> None:
    """Answer the HTTP, validation and service errors of requests under ``/api`` as problem+json
    (the web UI and Slack keep their own error pages)."""
    app.add_exception_handler(StarletteHTTPException, _http_problem)
    app.add_exception_handler(RequestValidationError, _validation_problem)
    for error_type, _status, _kind in _SERVICE_ERRORS:
        app.add_exception_handler(error_type, _service_problem)
