"""One process, two doors onto the `Assistant`: the HTTP API under /v1 and the Gradio chat at /.

Neither door holds answering logic; both call the same facade.
"""

from __future__ import annotations

import hmac
import logging
import re
import tempfile
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, File, HTTPException, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.assistant import Assistant
from app.errors import NotFoundError, SitrepError
from app.models import Answer, IngestOutcome, ReportInfo
from app.settings import Settings

log = logging.getLogger(__name__)


class Filters(BaseModel):
    reports: list[str] = Field(default_factory=list, description="Report ids or file names.")
    date_from: str = Field("", description="Reports dated on or after, YYYY-MM-DD.")
    date_to: str = Field("", description="Reports dated on or before, YYYY-MM-DD.")
    language: str = Field("", description="en, fr or es.")


class AskRequest(BaseModel):
    question: str = Field(min_length=1, max_length=2000)
    filters: Filters | None = None
    history: list[str] = Field(
        default_factory=list, description="Earlier questions of the conversation, oldest first."
    )


def sniff_type(head: bytes) -> str | None:
    """The report format a file's first bytes show, whatever its name says; None if unsupported."""
    if head.startswith(b"%PDF-"):
        return ".pdf"
    if head.startswith(b"PK\x03\x04"):
        return ".docx" if b"word/" in head or b"[Content_Types].xml" in head else None
    if b"\x00" in head:
        return None
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = head.decode("cp1252")
        except UnicodeDecodeError:
            return None
    if re.search(r"<(?:!doctype html|html|body|h1|p)\b", text[:2000], re.I):
        return ".html"
    return ".txt"


def safe_name(name: str) -> str:
    """A bare file name: no folders, no `..`, nothing outside letters, digits, `._-`, and `°`."""
    base = Path(name.replace("\\", "/")).name
    base = re.sub(r"[^\w.°-]+", "_", base).lstrip(".")
    return base[:150] or "upload"


def create_app(assistant: Assistant, settings: Settings) -> FastAPI:
    api = FastAPI(
        title="Sitrep Assistant",
        description="Answers about humanitarian situation reports, with verified citations.",
        version="0.1.0",
    )
    uploads = (
        Path(tempfile.mkdtemp(prefix="sitrep-uploads-"))
        if settings.chroma_host
        else settings.data_dir / "uploads"
    )

    def key_matches(request: Request) -> bool:
        given = request.headers.get("authorization", "")
        expected = f"Bearer {settings.api_key}"
        return bool(settings.api_key) and hmac.compare_digest(given.encode(), expected.encode())

    def require_write(request: Request) -> None:
        if not settings.api_key:
            raise HTTPException(403, "writes are disabled: set SITREP_API_KEY on the server")
        if not key_matches(request):
            raise HTTPException(401, "missing or wrong API key (Authorization: Bearer <key>)")

    def require_read(request: Request) -> None:
        if settings.read_requires_key and not key_matches(request):
            raise HTTPException(401, "missing or wrong API key (Authorization: Bearer <key>)")

    _add_error_handlers(api)

    @api.get("/v1/health")
    def health() -> dict[str, Any]:
        return {"status": "ok", "reports": len(assistant.reports())}

    @api.post("/v1/ask", response_model=Answer, dependencies=[Depends(require_read)])
    def ask(request: AskRequest) -> Answer:
        filters = request.filters or Filters()
        return assistant.ask(
            request.question,
            reports=filters.reports,
            date_from=filters.date_from,
            date_to=filters.date_to,
            language=filters.language,
            history=request.history,
        )

    @api.get("/v1/reports", response_model=list[ReportInfo], dependencies=[Depends(require_read)])
    def reports() -> list[ReportInfo]:
        return assistant.reports()

    @api.post(
        "/v1/reports", response_model=list[IngestOutcome], dependencies=[Depends(require_write)]
    )
    def upload(
        files: Annotated[list[UploadFile], File(description="Report files.")],
    ) -> list[IngestOutcome]:
        return [_store_upload(f, uploads, settings.max_upload_mb, assistant) for f in files]

    @api.delete(
        "/v1/reports/{report_id}", response_model=ReportInfo, dependencies=[Depends(require_write)]
    )
    def delete(report_id: str) -> ReportInfo:
        return assistant.delete(report_id)

    return api


def _store_upload(
    upload_file: UploadFile, uploads: Path, max_mb: float, assistant: Assistant
) -> IngestOutcome:
    """Check one uploaded file (size, type from its bytes, a safe name), store it under
    `uploads` and ingest it."""
    limit = int(max_mb * 1024 * 1024)
    name = safe_name(upload_file.filename or "upload")
    data = upload_file.file.read(limit + 1)
    if len(data) > limit:
        raise HTTPException(413, f"{name}: larger than {max_mb:g} MB")
    if not data:
        return IngestOutcome(file=name, status="failed", reason="empty file (0 bytes)")
    kind = sniff_type(data[:4096])
    if kind is None:
        raise HTTPException(415, f"{name}: not a PDF, DOCX, HTML or text file")
    if Path(name).suffix.lower() != kind and not (
        kind == ".txt" and Path(name).suffix.lower() in {".md", ".markdown"}
    ):
        name = f"{Path(name).stem}{kind}"
    uploads.mkdir(parents=True, exist_ok=True)
    target = uploads / name
    target.write_bytes(data)
    outcome = assistant.ingest([target])[0]
    outcome.file = name
    return outcome


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

    @api.exception_handler(NotFoundError)
    async def not_found(_request: Request, exc: NotFoundError) -> JSONResponse:
        return JSONResponse({"error": "not found", "detail": str(exc)}, status_code=404)

    @api.exception_handler(SitrepError)
    async def refused(_request: Request, exc: SitrepError) -> JSONResponse:
        return JSONResponse({"error": "bad request", "detail": str(exc)}, status_code=400)

    @api.exception_handler(Exception)
    async def crashed(_request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error")
        return JSONResponse(
            {"error": "internal error", "detail": "the server could not answer; see its log"},
            status_code=500,
        )


def build(assistant: Assistant, settings: Settings) -> FastAPI:
    """The whole server over one assistant: model and index loaded once, the chat mounted at /."""
    import gradio as gr

    from app.ui import THEME, build_ui

    assistant.warm_up()
    api = create_app(assistant, settings)
    return gr.mount_gradio_app(
        api, build_ui(assistant), path="/", theme=THEME, footer_links=["api"]
    )


__all__ = ["build", "create_app", "safe_name", "sniff_type"]
