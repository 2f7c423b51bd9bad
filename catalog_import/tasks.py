"""Imports started from the dashboard, run by Celery.

`run_import_job(job_id)` runs one `ImportJob` through the engine
(`catalog_import.engine.run_import`) and keeps its status, progress, summary and
reports. The dashboard queues it with `transaction.on_commit`, so the worker
never looks for a job row that is not committed yet.

Progress lives in the cache, not in the job row: the engine writes the whole
import in one transaction, and a row updated through the worker's database
connection inside it would not be visible to the page until the end. A cache key
(`import-job:<id>:progress`, a small dict) is visible at once to every web
process and costs no database round trip; the row gets the final counts.

Idempotent and acknowledged late (CELERY_TASK_ACKS_LATE): a job that is done or
failed is never run again; a job found "running" with no live heartbeat was left
by a worker that died, and runs again from scratch (the engine is atomic, so
nothing of the first attempt was written). A job whose heartbeat is fresh is
being run by another worker right now: the message is retried after the
heartbeat's lifetime, by when that run has finished (a no-op then) or its
worker is known dead (a fresh run then).
"""

from __future__ import annotations

import contextlib
import logging
import os
import secrets
import shutil
import tempfile
import threading
import time
from pathlib import Path

from celery import shared_task
from django.core.cache import cache
from django.core.files import File
from django.db.models import Q
from django.utils import timezone

from .models import ImportJob, ImportJobStatus

logger = logging.getLogger(__name__)

PROGRESS_EVERY_SECONDS = 0.5
PROGRESS_TTL_SECONDS = 24 * 3600
# While a job runs, a thread of its worker refreshes this key every few seconds;
# a "running" job whose key has expired was abandoned by a dead worker.
HEARTBEAT_TTL_SECONDS = 60
HEARTBEAT_EVERY_SECONDS = 15
UNEXPECTED_ERROR = (
    "Lỗi không mong đợi khi nhập tệp; quản trị viên đã được ghi nhận lỗi. "
    "Hãy thử lại, hoặc báo cho bộ phận kỹ thuật nếu lỗi lặp lại."
)


def progress_key(job_id) -> str:
    return f"import-job:{job_id}:progress"


def heartbeat_key(job_id) -> str:
    return f"import-job:{job_id}:heartbeat"


def read_progress(job: ImportJob) -> dict:
    """{"done", "total", "stage"} for the page: live figures from the cache while
    the job runs, the row's figures otherwise."""
    if job.status == ImportJobStatus.RUNNING:
        live = cache.get(progress_key(job.pk))
        if live:
            return live
    return {"done": job.rows_done, "total": job.rows_total, "stage": ""}


def _expected_errors() -> tuple[type[BaseException], ...]:
    """Errors whose message is written for the person importing (what to fix)."""
    from .engine import ImportRefused

    errors: list[type[BaseException]] = [ImportRefused]
    for module in ("catalog_import.readers", "catalog_import.errors", "catalog_import.sources"):
        with contextlib.suppress(ImportError):
            source_error = getattr(__import__(module, fromlist=["SourceError"]), "SourceError", None)
            if isinstance(source_error, type) and source_error not in errors:
                errors.append(source_error)
    return tuple(errors)


class _Progress:
    """The engine's progress callback: writes the cache at most every 0.5 s."""

    def __init__(self, job_id):
        self.job_id = job_id
        self.last = 0.0
        self.stage = None

    def __call__(self, done_rows, total_rows, stage=""):
        now = time.monotonic()
        if stage == self.stage and now - self.last < PROGRESS_EVERY_SECONDS and done_rows != total_rows:
            return
        self.last, self.stage = now, stage
        self.write(done_rows, total_rows, stage)

    def write(self, done_rows, total_rows, stage=""):
        value = {"done": int(done_rows or 0), "total": int(total_rows or 0), "stage": stage or ""}
        cache.set(progress_key(self.job_id), value, timeout=PROGRESS_TTL_SECONDS)


@contextlib.contextmanager
def _heartbeat(job_id):
    """Keep the job's heartbeat key alive while the block runs, from a thread:
    the engine may be silent for a long time (one big commit)."""
    stop = threading.Event()

    def beat():
        while not stop.wait(HEARTBEAT_EVERY_SECONDS):
            cache.set(heartbeat_key(job_id), True, timeout=HEARTBEAT_TTL_SECONDS)

    thread = threading.Thread(target=beat, name=f"import-job-{job_id}-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=5)
        cache.delete(heartbeat_key(job_id))


@contextlib.contextmanager
def _local_copy(field_file, suffix: str):
    """A path on this machine for a stored file: its own path with local storage,
    else a temporary copy (S3-compatible storage has no paths)."""
    if not field_file:
        yield None
        return
    try:
        local_path = field_file.path
    except NotImplementedError:
        local_path = None
    if local_path is not None:
        yield local_path
        return
    handle, path = tempfile.mkstemp(suffix=suffix)
    try:
        with os.fdopen(handle, "wb") as out, field_file.storage.open(field_file.name, "rb") as src:
            shutil.copyfileobj(src, out)
        yield path
    finally:
        os.unlink(path)


def _claim(job_id) -> ImportJob | None:
    """Mark the job running and return it, or None when it must not run (unknown
    or finished)."""
    claimed = ImportJob.objects.filter(
        Q(status=ImportJobStatus.QUEUED) | Q(status=ImportJobStatus.RUNNING), pk=job_id
    ).update(status=ImportJobStatus.RUNNING, rows_done=0, error="", finished_at=None)
    if not claimed:
        return None
    return ImportJob.objects.select_related("mapping").get(pk=job_id)


def _save_reports(job: ImportJob, report, source_path: str) -> None:
    token = secrets.token_urlsafe(12)  # media may be public: report names are not guessable
    with tempfile.TemporaryDirectory(prefix="ocop-import-") as folder:
        json_path = Path(folder) / "report.json"
        xlsx_path = Path(folder) / "report.xlsx"
        report.write_json(str(json_path))
        report.write_xlsx(source_path, str(xlsx_path))
        with open(json_path, "rb") as handle:
            job.report_json.save(f"{job.pk}-{token}.json", File(handle), save=False)
        with open(xlsx_path, "rb") as handle:
            job.report_xlsx.save(f"{job.pk}-{token}.xlsx", File(handle), save=False)


def _summary(report) -> dict:
    summary = dict(report.summary)
    summary["applied"] = bool(report.applied)
    summary["warnings"] = len(report.warnings or ())
    return summary


@shared_task(bind=True, name="catalog_import.run_import_job", acks_late=True, ignore_result=True, max_retries=None)
def run_import_job(self, job_id) -> None:
    # The heartbeat key doubles as the lock: SET NX, so two deliveries of one
    # message never run the job at once.
    if not cache.add(heartbeat_key(job_id), True, timeout=HEARTBEAT_TTL_SECONDS):
        logger.info("Import job %s is running in another worker; checking again later.", job_id)
        raise self.retry(countdown=HEARTBEAT_TTL_SECONDS + 5)
    with _heartbeat(job_id):
        job = _claim(job_id)
        if job is not None:
            _run(job)


def _run(job: ImportJob) -> None:
    from .engine import run_import

    progress = _Progress(job.pk)
    progress.write(0, job.rows_total, "starting")
    try:
        suffix = Path(job.source.name).suffix
        with _local_copy(job.source, suffix) as source_path, _local_copy(job.images_zip, ".zip") as images_path:
            report = run_import(
                source_path,
                channel=job.channel_slug,
                apply=job.apply,
                partial=job.partial,
                mapping=job.mapping.name if job.mapping else None,
                sheet=job.sheet or None,
                images_zip=images_path,
                progress=progress,
                language=job.language or "vi",
                user=job.created_by,
            )
            _save_reports(job, report, source_path)
    except _expected_errors() as error:
        _finish(job, ImportJobStatus.FAILED, error=str(error) or error.__class__.__name__)
    except Exception:
        logger.exception("Import job %s failed unexpectedly", job.pk)
        _finish(job, ImportJobStatus.FAILED, error=UNEXPECTED_ERROR)
    else:
        job.summary = _summary(report)
        rows = job.summary.get("rows", 0)
        job.rows_done = job.rows_total = rows
        _finish(job, ImportJobStatus.DONE)


def _finish(job: ImportJob, status: str, *, error: str = "") -> None:
    job.status = status
    job.error = error
    job.finished_at = timezone.now()
    if status == ImportJobStatus.FAILED:
        job.report_json = job.report_xlsx = None  # nothing half-written is offered
        live = cache.get(progress_key(job.pk)) or {}
        job.rows_done, job.rows_total = live.get("done", 0), live.get("total", 0)
    job.save(
        update_fields=[
            "status", "error", "finished_at", "summary", "rows_done", "rows_total", "report_json", "report_xlsx"
        ]
    )
    cache.delete(progress_key(job.pk))
