"""The staff dashboard: catalogue imports run by Celery, with progress and reports.

Every page needs a signed-in, active staff user with MANAGE_PRODUCTS (Saleor's
name for product.manage_products): anyone else signed in gets 403, anonymous
visitors are sent to the dashboard's sign-in page. Reports are served through
`import_report`, which checks the same, never as public media links.
"""

import functools
import json
import logging
import secrets
from pathlib import Path

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import get_valid_filename
from django.views.decorators.cache import never_cache
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST, require_safe

from catalog_import.models import ImportJob, ImportJobStatus
from catalog_import.tasks import read_progress, run_import_job
from commerce.core.permissions import PermissionEnum, has_one_of_permissions

from .forms import ImportForm, max_source_bytes

logger = logging.getLogger(__name__)

REQUIRED_PERMISSIONS = (PermissionEnum.MANAGE_PRODUCTS,)
REFUSED_ROWS_SHOWN = 20
JOBS_PER_PAGE = 50


def can_use_dashboard(user) -> bool:
    return bool(user.is_authenticated and user.is_staff and has_one_of_permissions(user, REQUIRED_PERMISSIONS))


def staff_required(view):
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("dashboard:login"))
        if not can_use_dashboard(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return never_cache(wrapped)


@require_safe
@staff_required
def home(request):
    return redirect("dashboard:imports")


@require_safe
@staff_required
def import_list(request):
    jobs = ImportJob.objects.select_related("created_by", "mapping").order_by("-created_at")
    page = Paginator(jobs, JOBS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "dashboard/imports/list.html", {"page": page, "jobs": page.object_list})


@staff_required
def import_new(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = _create_job(
            request,
            source=form.cleaned_data["source"],
            images_zip=form.cleaned_data["images_zip"],
            channel_slug=form.cleaned_data["channel"].slug,
            mapping=form.cleaned_data["mapping"],
            sheet=form.cleaned_data["sheet"].strip(),
            apply=form.apply,
            partial=form.cleaned_data["partial"],
        )
        return redirect("dashboard:import", job_id=job.pk)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "max_source_bytes": max_source_bytes()}
    return render(request, "dashboard/imports/new.html", context, status=status)


def _stored_name(upload) -> str:
    """Media may be served publicly: stored names are random, the person's file
    name is kept in source_name."""
    return f"{secrets.token_urlsafe(16)}{Path(upload.name).suffix.lower()}"


def _create_job(request, *, source, images_zip, **fields) -> ImportJob:
    with transaction.atomic():
        job = ImportJob(created_by=request.user, source_name=Path(source.name).name[:255], **fields)
        job.source.save(_stored_name(source), source, save=False)
        if images_zip:
            job.images_zip.save(_stored_name(images_zip), images_zip, save=False)
        job.save()
        transaction.on_commit(lambda: run_import_job.delay(str(job.pk)))
    return job


def _refused_rows(job: ImportJob) -> list[dict]:
    """The first refused rows of a finished job, read from its JSON report."""
    if not job.report_json or not job.summary.get("refused"):
        return []
    try:
        with job.report_json.open("rb") as handle:
            data = json.load(handle)
    except (OSError, ValueError):
        logger.warning("Report of import job %s could not be read", job.pk, exc_info=True)
        return []
    rows = data.get("rows", []) if isinstance(data, dict) else []
    refused = []
    for row in rows:
        if not isinstance(row, dict) or row.get("status", row.get("outcome")) != "refused":
            continue
        refused.append(
            {
                "row": row.get("row") or row.get("row_number") or row.get("line"),
                "key": row.get("sku") or row.get("key") or "",
                "messages": _messages(row),
            }
        )
        if len(refused) >= REFUSED_ROWS_SHOWN:
            break
    return refused


def _messages(row: dict) -> list[str]:
    found = []
    for name in ("errors", "problems", "messages", "reasons"):
        for item in row.get(name) or ():
            if isinstance(item, dict):
                field = item.get("field") or item.get("column") or ""
                text = item.get("message") or item.get("text") or json.dumps(item, ensure_ascii=False)
                found.append(f"{field}: {text}" if field else text)
            else:
                found.append(str(item))
    if not found and row.get("error"):
        found.append(str(row["error"]))
    return found


def _can_apply(job: ImportJob) -> bool:
    """A clean dry run: finished, wrote nothing, and refused no row (or was partial)."""
    return (
        job.status == ImportJobStatus.DONE
        and not job.apply
        and (not job.summary.get("refused") or job.partial)
        and bool(job.source)
    )


STAGE_LABELS = {
    "starting": _("bắt đầu"),
    "reading": _("đọc tệp"),
    "checking": _("kiểm tra từng dòng"),
    "writing": _("ghi vào danh mục"),
}


def _job_context(job: ImportJob) -> dict:
    progress = dict(read_progress(job))
    progress["stage_label"] = STAGE_LABELS.get(progress.get("stage"), progress.get("stage", ""))
    total = progress.get("total") or 0
    percent = min(100, int(100 * progress.get("done", 0) / total)) if total else 0
    finished = job.status in (ImportJobStatus.DONE, ImportJobStatus.FAILED)
    return {"job": job, "progress": progress, "percent": percent, "finished": finished}


@require_safe
@staff_required
def import_detail(request, job_id):
    job = get_object_or_404(ImportJob.objects.select_related("created_by", "mapping"), pk=job_id)
    context = _job_context(job)
    context.update(refused_rows=_refused_rows(job), can_apply=_can_apply(job))
    return render(request, "dashboard/imports/detail.html", context)


@require_safe
@staff_required
def import_progress(request, job_id):
    """The progress block, polled by htmx every second (HTML), or as JSON for
    scripts (?format=json). When the job has finished, htmx reloads the page so
    the summary and report links appear."""
    job = get_object_or_404(ImportJob, pk=job_id)
    context = _job_context(job)
    if request.GET.get("format") == "json":
        return JsonResponse(
            {
                "status": job.status,
                "done": context["progress"].get("done", 0),
                "total": context["progress"].get("total", 0),
                "stage": context["progress"].get("stage", ""),
                "percent": context["percent"],
                "error": job.error,
                "summary": job.summary,
            }
        )
    response = render(request, "dashboard/imports/_progress.html", context)
    if context["finished"] and request.headers.get("HX-Request"):
        response["HX-Refresh"] = "true"
    return response


REPORT_FORMATS = {
    "json": ("report_json", "application/json"),
    "xlsx": ("report_xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
}


@require_safe
@staff_required
def import_report(request, job_id, fmt):
    job = get_object_or_404(ImportJob, pk=job_id)
    field_name, content_type = REPORT_FORMATS[fmt]
    stored = getattr(job, field_name)
    if not stored:
        raise Http404("Báo cáo chưa có.")
    try:
        handle = stored.open("rb")
    except FileNotFoundError:
        raise Http404("Tệp báo cáo không còn.") from None
    stem = get_valid_filename(Path(job.source_name).stem) or "nhap"
    filename = f"bao-cao-{stem}.{fmt}"
    return FileResponse(handle, as_attachment=True, filename=filename, content_type=content_type)


@require_POST
@staff_required
def import_apply(request, job_id):
    """Apply the file of a clean dry run: a new job on the same stored source."""
    dry_run = get_object_or_404(ImportJob, pk=job_id)
    if not _can_apply(dry_run):
        return HttpResponse("Chỉ có thể nhập thật sau một lần chạy thử thành công.", status=409)
    with transaction.atomic():
        job = ImportJob.objects.create(
            created_by=request.user,
            source=dry_run.source.name,
            source_name=dry_run.source_name,
            images_zip=dry_run.images_zip.name if dry_run.images_zip else None,
            channel_slug=dry_run.channel_slug,
            apply=True,
            partial=dry_run.partial,
            mapping=dry_run.mapping,
            sheet=dry_run.sheet,
        )
        transaction.on_commit(lambda: run_import_job.delay(str(job.pk)))
    return redirect("dashboard:import", job_id=job.pk)
