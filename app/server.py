"""One process, two doors onto the `Assistant`: the HTTP API under /v1 and the Gradio chat at /.

Neither door holds answering logic; both call the same facade.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable
from typing import Annotated, Any, Literal

from fastapi import Depends, FastAPI, File, HTTPException, Query, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi_offline import FastAPIOffline
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from app import uploads
from app.assistant import MAX_QUESTION_CHARS, Assistant
from app.errors import ConfigError, InputError, NotFoundError, SitrepError, StoreError
from app.jobs import KEPT, Jobs
from app.models import Answer, IngestOutcome, Job, ReportBrief, ReportInfo, SeriesAnswer
from app.series import series_csv
from app.settings import Settings

log = logging.getLogger(__name__)


class Filters(BaseModel):
    reports: list[str] = Field(default_factory=list, description="Report ids or file names.")
    date_from: str = Field("", description="Reports dated on or after, YYYY-MM-DD.")
    date_to: str = Field("", description="Reports dated on or before, YYYY-MM-DD.")
    language: str = Field("", description="en, fr or es.")


class AskRequest(BaseModel):
    question: str = Field(min_length=1, max_length=MAX_QUESTION_CHARS)
    filters: Filters | None = None
    history: list[str] = Field(
        default_factory=list, description="Earlier questions of the conversation, oldest first."
    )


class SeriesRequest(BaseModel):
    question: str = Field(
        min_length=1,
        max_length=MAX_QUESTION_CHARS,
        description='The measure over time: "How did confirmed cases in Ituri evolve?"',
    )
    filters: Filters | None = None
    last: int | None = Field(None, ge=1, description="Only the newest N reports of the series.")


class EditRequest(BaseModel):
    title: str | None = Field(None, description="The report's title.")
    date: str | None = Field(None, description="Its reporting date, YYYY-MM-DD.")
    publisher: str | None = Field(None, description="Who published it.")


def create_app(
    assistant: Assistant, settings: Settings, chat: Callable[[], str] = lambda: "ready"
) -> FastAPI:
    """The HTTP API; `chat` says whether the chat beside it is "ready" (for /v1/health)."""
    # The API docs (/docs, /redoc) with their scripts served from the installed package: they
    # render on a machine without internet, where the default pages load from a CDN.
    api = FastAPIOffline(
        title="Sitrep Assistant",
        description="Answers about humanitarian situation reports, with verified citations.",
        version="0.1.0",
    )

    def key_matches(request: Request) -> bool:
        given = request.headers.get("authorization", "")
        return given.startswith("Bearer ") and settings.key_matches(given[7:])

    def require_write(request: Request) -> None:
        if not settings.api_key:
            raise HTTPException(403, "writes are disabled: set SITREP_API_KEY on the server")
        if not key_matches(request):
            raise HTTPException(401, "missing or wrong API key (Authorization: Bearer <key>)")

    def require_read(request: Request) -> None:
        if settings.read_requires_key and not key_matches(request):
            raise HTTPException(401, "missing or wrong API key (Authorization: Bearer <key>)")

    _add_error_handlers(api)
    # Cross-origin requests only from the origins configured (none by default: the chat and the
    # docs are served from the API's own origin). Gradio defers to this for its endpoints too;
    # on its own it answers any `localhost` origin with credentials.
    api.add_middleware(
        CORSMiddleware,
        allow_origins=settings.cors_origins,
        allow_methods=["GET", "POST", "PATCH", "DELETE"],
        allow_headers=["Authorization", "Content-Type"],
    )

    @api.get("/v1/health")
    def health() -> dict[str, Any]:
        return {"status": "ok", "reports": assistant.report_count(), "chat": chat()}

    @api.post("/v1/ask", response_model=Answer, dependencies=[Depends(require_read)])
    def ask(request: AskRequest) -> Answer:
        filters = request.filters or Filters()
        return assistant.ask(request.question, **filters.model_dump(), history=request.history)

    @api.post(
        "/v1/series",
        response_model=SeriesAnswer,
        dependencies=[Depends(require_read)],
        responses={200: {"content": {"text/csv": {}}}},
    )
    def series(
        request: SeriesRequest,
        format: Annotated[
            Literal["json", "csv"],
            Query(description="json, or csv: the points with their citations, one row each."),
        ] = "json",
    ) -> Any:
        """A figure over the reports of one series: one cited point per report, gaps shown."""
        filters = request.filters or Filters()
        answer = assistant.series(request.question, **filters.model_dump(), last=request.last)
        if format == "csv":
            return Response(series_csv(answer), media_type="text/csv; charset=utf-8")
        return answer

    @api.get(
        "/v1/reports/{report_id}/brief",
        response_model=ReportBrief,
        dependencies=[Depends(require_read)],
    )
    def brief(report_id: str) -> ReportBrief:
        """A report at a glance ("latest": the newest by date): its headline figures, then one
        sentence per main section, each cited."""
        return assistant.brief(report_id)

    @api.get("/v1/reports", response_model=list[ReportInfo], dependencies=[Depends(require_read)])
    def reports() -> list[ReportInfo]:
        return assistant.reports()

    jobs = Jobs(assistant, settings)

    @api.post(
        "/v1/reports",
        response_model=Job,
        status_code=202,
        dependencies=[Depends(require_write)],
        responses={
            200: {"description": "With `wait=true`: every file was added (a list of outcomes)."},
            207: {"description": "With `wait=true`: some files were added; see each outcome."},
            413: {"description": "Every file is larger than the limit; nothing to ingest."},
            415: {"description": "Every file is of a type that is not a report."},
        },
    )
    def upload(
        files: Annotated[list[UploadFile], File(description="Report files.")],
        wait: Annotated[
            bool, Query(description="Answer when every file is done, with the outcomes.")
        ] = False,
    ) -> JSONResponse:
        """Start ingesting the files: 202 with a job (`GET /v1/jobs/{id}` for its progress and
        each file's outcome). With `wait=true`, answer when done: all (200), some (207) or none
        (413 or 415 when that is why for every file, else 422) of the files added. When every
        file is refused by the upload checks, the answer is at once that refusal."""
        checked = [_check_upload(f, settings.max_upload_mb) for f in files]
        if wait or all(isinstance(c, tuple) for c in checked):
            given = [c[0] if isinstance(c, tuple) else c for c in checked]
            outcomes = uploads.ingest(given, settings, assistant)
            stored = [
                c if isinstance(c, tuple) else _status(o)
                for c, o in zip(checked, outcomes, strict=True)
            ]
            return _outcomes_response(stored)
        job = jobs.submit([c[0] if isinstance(c, tuple) else c for c in checked])
        return JSONResponse(
            job.model_dump(), status_code=202, headers={"Location": f"/v1/jobs/{job.id}"}
        )

    @api.get("/v1/jobs/{job_id}", response_model=Job, dependencies=[Depends(require_write)])
    def job(job_id: str) -> Job:
        """An ingest job's progress: files done with their outcomes, files waiting."""
        found = jobs.get(job_id)
        if found is None:
            raise NotFoundError(
                f"no job '{job_id}' in this server (jobs live in the server process that took "
                f"the upload, the last {KEPT} of them)"
            )
        return found

    @api.patch(
        "/v1/reports/{report_id}", response_model=ReportInfo, dependencies=[Depends(require_write)]
    )
    def edit(report_id: str, request: EditRequest) -> ReportInfo:
        """Correct a report's title, reporting date or publisher; the fields left out stay."""
        return assistant.edit_report(
            report_id, title=request.title, date=request.date, publisher=request.publisher
        )

    @api.delete(
        "/v1/reports/{report_id}", response_model=ReportInfo, dependencies=[Depends(require_write)]
    )
    def delete(report_id: str) -> ReportInfo:
        return assistant.delete(report_id)

    return api


def _check_upload(upload_file: UploadFile, max_mb: float) -> uploads.Upload | _Outcome:
    """The upload as it will be stored (`app.uploads`), or its failed outcome and the status
    that says why (a refused file is named as the client named it)."""
    try:
        return uploads.check(
            upload_file.filename or "upload",
            upload_file.file.read(int(max_mb * 1024 * 1024) + 1),
            max_mb,
        )
    except uploads.UploadRefused as exc:
        return IngestOutcome(file=exc.file, status="failed", reason=exc.reason), exc.status


def _status(outcome: IngestOutcome) -> _Outcome:
    return outcome, 422 if outcome.status == "failed" else 200


def _outcomes_response(stored: list[_Outcome]) -> JSONResponse:
    """Outcomes in upload order; the status says whether all (200), some (207) or none of the
    files were added (413 or 415 when that is why for every file, else 422)."""
    outcomes = [outcome for outcome, _ in stored]
    body = [o.model_dump() for o in outcomes]
    failed = [o for o in outcomes if o.status == "failed"]
    if not failed:
        return JSONResponse(body)
    if len(failed) < len(outcomes):
        return JSONResponse(body, status_code=207)
    statuses = {status for _, status in stored}
    status = statuses.pop() if len(statuses) == 1 else 422
    names = {413: "file too large", 415: "unsupported file type"}
    detail = "; ".join(f"{o.file}: {o.reason}" for o in failed)
    return JSONResponse(
        {"error": names.get(status, "nothing added"), "detail": detail, "outcomes": body},
        status_code=status,
    )


_Outcome = tuple[IngestOutcome, int]  # a file's outcome and the HTTP status that goes with it


def _add_error_handlers(api: FastAPI) -> None:
    """Every error as JSON `{error, detail}` with its status code."""

    @api.exception_handler(StarletteHTTPException)
    async def http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        names = {
            400: "bad request",
            401: "unauthorized",
            403: "forbidden",
            404: "not found",
            405: "method not allowed",
            413: "file too large",
            415: "unsupported file type",
        }
        return JSONResponse(
            {"error": names.get(exc.status_code, "error"), "detail": str(exc.detail)},
            status_code=exc.status_code,
            headers=getattr(exc, "headers", None),
        )

    @api.exception_handler(RequestValidationError)
    async def invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        detail = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        return JSONResponse({"error": "invalid request", "detail": detail}, status_code=422)

    @api.exception_handler(InputError)
    async def unreadable(_request: Request, exc: InputError) -> JSONResponse:
        return JSONResponse({"error": "invalid request", "detail": str(exc)}, status_code=422)

    @api.exception_handler(NotFoundError)
    async def not_found(_request: Request, exc: NotFoundError) -> JSONResponse:
        return JSONResponse({"error": "not found", "detail": str(exc)}, status_code=404)

    @api.exception_handler(StoreError)
    async def store_down(_request: Request, exc: StoreError) -> JSONResponse:
        log.error("store error: %s", exc)
        return JSONResponse({"error": "store unavailable", "detail": str(exc)}, status_code=503)

    @api.exception_handler(ConfigError)
    async def misconfigured(_request: Request, exc: ConfigError) -> JSONResponse:
        log.error("configuration error: %s", exc)
        return JSONResponse({"error": "server misconfigured", "detail": str(exc)}, status_code=500)

    @api.exception_handler(SitrepError)
    async def refused(_request: Request, exc: SitrepError) -> JSONResponse:
        return JSONResponse({"error": "bad request", "detail": str(exc)}, status_code=400)

    api.add_middleware(_CrashGuard)


class _CrashGuard:
    """A bug answers a JSON 500 from here rather than from an `Exception` handler: Starlette
    re-raises after such a handler, and the server then drops the keep-alive connection, so that
    the client's next (valid) request would fail too. Pure ASGI, so streamed answers pass as
    they are."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def sending(message: Any) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, sending)
        except Exception:
            log.exception("unhandled error")
            if started:
                raise
            crashed = JSONResponse(
                {"error": "internal error", "detail": "the server could not answer; see its log"},
                status_code=500,
            )
            await crashed(scope, receive, send)


def build(assistant: Assistant, settings: Settings) -> FastAPI:
    """The whole server over one assistant: model and index loaded once, the chat mounted at /."""
    assistant.warm_up()
    return _with_chat(create_app(assistant, settings), assistant, settings)


def _with_chat(api: FastAPI, assistant: Assistant, settings: Settings) -> FastAPI:
    """`api` with the Gradio chat mounted at /."""
    import gradio as gr

    from app.ui import THEME, build_ui

    ui = build_ui(assistant, settings)
    # With reads behind the key too, the chat opens after a login whose password is the key.
    login = settings.read_requires_key and bool(settings.api_key)
    served = gr.mount_gradio_app(
        api,
        ui,
        path="/",
        theme=THEME,
        footer_links=["api"],
        auth=(lambda _user, password: settings.key_matches(password)) if login else None,
        auth_message="Sign in with any name and the library's API key as the password.",
    )
    # Gradio accepts a file input only from its upload folder (bytes a client sent) once its
    # Blocks count as launched; a mounted Blocks never does, and then copies any server path a
    # request names. Served is launched: its own check applies (`app.uploads` checks again).
    ui.has_launched = True
    return served


# Served by the API while the chat is being built; every other path waits for the chat.
_API_PATHS = ("/v1/", "/docs", "/redoc", "/openapi.json")
_STARTING_PAGE = (
    "<!doctype html><meta http-equiv='refresh' content='2'><title>Sitrep Assistant</title>"
    "<p>The chat is starting; this page reloads by itself. The API (/v1, docs at /docs) "
    "already answers.</p>"
)


class ChatWhenReady:
    """`sitrep serve`'s application: the API answers as soon as the models are loaded, and the
    chat (importing Gradio and building its page take several seconds more) is built in the
    background and mounted when ready; until then its pages say that it is starting, and
    /v1/health says `"chat": "starting"`."""

    def __init__(self, assistant: Assistant, settings: Settings) -> None:
        assistant.warm_up()
        self.chat = "starting"  # then "ready", or "failed" (the API still answers)
        self._assistant, self._settings = assistant, settings
        self._api = create_app(assistant, settings, chat=lambda: self.chat)
        self._served: FastAPI | None = None
        self._lifespan: Any = None

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "lifespan":
            await self._run(receive, send)
        elif self._served is not None:
            await self._served(scope, receive, send)
        elif scope["type"] == "http" and not scope["path"].startswith(_API_PATHS):
            if self.chat == "starting":  # worth retrying: say when
                page = HTMLResponse(_STARTING_PAGE, status_code=503, headers={"Retry-After": "2"})
            else:
                page = HTMLResponse("The chat could not start: see the log.", status_code=500)
            await page(scope, receive, send)
        else:
            await self._api(scope, receive, send)

    async def _run(self, receive: Any, send: Any) -> None:
        """The server's lifespan: the chat is built once the server runs, and its own lifespan
        (Gradio's queue) is entered on the server's loop when it is mounted."""
        loop = asyncio.get_running_loop()
        await receive()  # lifespan.startup
        threading.Thread(target=self._build, args=(loop,), daemon=True).start()
        await send({"type": "lifespan.startup.complete"})
        await receive()  # lifespan.shutdown
        if self._lifespan is not None:
            await self._lifespan.__aexit__(None, None, None)
        await send({"type": "lifespan.shutdown.complete"})

    def _build(self, loop: asyncio.AbstractEventLoop) -> None:
        try:
            served = _with_chat(self._api, self._assistant, self._settings)
            asyncio.run_coroutine_threadsafe(self._mount(served), loop).result()
        except Exception:
            log.exception("the chat could not be built; the API still answers")
            self.chat = "failed"

    async def _mount(self, served: FastAPI) -> None:
        lifespan = served.router.lifespan_context(served)
        await lifespan.__aenter__()
        self._lifespan, self._served, self.chat = lifespan, served, "ready"


__all__ = ["ChatWhenReady", "build", "create_app"]
