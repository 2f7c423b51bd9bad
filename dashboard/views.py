"""The staff dashboard: catalogue imports run by Celery, with progress and reports,
and the saved column mappings (ImportMapping) those imports may use.

Every page needs a signed-in, active staff user with MANAGE_PRODUCTS (Saleor's
name for product.manage_products): anyone else signed in gets 403, anonymous
visitors are sent to the dashboard's sign-in page. Reports are served through
`import_report`, which checks the same, never as public media links.
"""

import functools
import json
import logging
import secrets
import tempfile
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import get_valid_filename
from django.views.decorators.cache import never_cache
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST, require_safe

from catalog_import import readers
from catalog_import.headers import match_headers, normalize_header
from catalog_import.models import ImportJob, ImportJobStatus, ImportMapping
from catalog_import.tasks import read_progress, run_import_job
from commerce.account.access import accessible_channels, can_access_channel
from commerce.channel.models import Channel
from commerce.core.permissions import PermissionEnum, has_one_of_permissions

from .forms import (
    ImportForm,
    MappingForm,
    MappingRowFormSet,
    SampleSheetForm,
    field_key_choices,
    max_source_bytes,
)

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
def home(request):
    """Catalogue staff land on the imports, order-desk staff on the orders."""
    from .orders import can_manage_orders

    if request.user.is_authenticated and not can_use_dashboard(request.user) and can_manage_orders(request.user):
        return redirect("dashboard:orders")
    return _imports_home(request)


@staff_required
def _imports_home(request):
    return redirect("dashboard:imports")


@require_safe
@staff_required
def import_list(request):
    jobs = ImportJob.objects.select_related("created_by", "mapping").order_by("-created_at")
    page = Paginator(jobs, JOBS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "dashboard/imports/list.html", {"page": page, "jobs": page.object_list})


def _refuse_channel(request, slug) -> HttpResponse | None:
    """A 403 page when the user's permission groups do not reach channel `slug`."""
    channel = Channel.objects.filter(slug=slug).first()
    if channel is None or can_access_channel(request.user, channel.pk):
        return None
    return HttpResponse(_("Bạn không có quyền nhập vào kênh %(slug)s.") % {"slug": slug}, status=403)


@staff_required
def import_new(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    # Staff restricted to some channels choose among those only.
    form.fields["channel"].queryset = accessible_channels(request.user).order_by("name")
    if request.method == "POST" and form.is_valid():
        refused = _refuse_channel(request, form.cleaned_data["channel"].slug)
        if refused is not None:
            return refused
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


def _report_language(request) -> str:
    """vi or en: the language the person reads the dashboard in."""
    code = (getattr(request, "LANGUAGE_CODE", "") or "vi").split("-")[0]
    return code if code in dict(settings.LANGUAGES) else "vi"


def _create_job(request, *, source, images_zip, **fields) -> ImportJob:
    with transaction.atomic():
        fields.setdefault("language", _report_language(request))
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
    refused = _refuse_channel(request, dry_run.channel_slug)
    if refused is not None:
        return refused
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
            language=_report_language(request),
        )
        transaction.on_commit(lambda: run_import_job.delay(str(job.pk)))
    return redirect("dashboard:import", job_id=job.pk)


# --- Saved column mappings -----------------------------------------------------------------

MAPPING_ROWS_PREFIX = "rows"


@require_safe
@staff_required
def mapping_list(request):
    mappings = ImportMapping.objects.order_by("name")
    return render(request, "dashboard/imports/mappings/list.html", {"mappings": mappings})


def _row_formset(*, data=None, rows=(), key_choices):
    if data is not None:
        return MappingRowFormSet(data, prefix=MAPPING_ROWS_PREFIX, form_kwargs={"key_choices": key_choices})
    initial = [{"header": header, "key": key} for header, key in rows]
    return MappingRowFormSet(initial=initial, prefix=MAPPING_ROWS_PREFIX, form_kwargs={"key_choices": key_choices})


def _posted_rows(formset) -> list[tuple[str, str]]:
    """The rows as posted (valid or not), without the blank ones."""
    rows = []
    for form in formset.forms:
        header = (form["header"].value() or "").strip()
        key = (form["key"].value() or "").strip()
        if header or key:
            rows.append((header, key))
    return rows


def _sheet_header(upload, sheet: str) -> list[tuple[str, str]]:
    """(header, automatic key or "") per column of the uploaded sheet. Raises
    readers.SourceError."""
    with tempfile.TemporaryDirectory(prefix="ocop-mapping-") as folder:
        # Named as the person's file (made safe), so that messages name it.
        stem = get_valid_filename(Path(upload.name).stem)[:80] or "mau"
        path = Path(folder) / f"{stem}{Path(upload.name).suffix.lower()}"
        with open(path, "wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        table = readers.read_table(path, sheet=sheet or None)
    match = match_headers(list(table.header), alternate=table.alternate_header)
    alternate = table.alternate_header or []
    rows = []
    for index, text in enumerate(table.header):
        header = text or (alternate[index] if index < len(alternate) else "") or ""
        if header:
            rows.append((header, match.columns.get(index, "")))
    return rows


def _prefilled(sheet_rows, posted_rows) -> list[tuple[str, str]]:
    """The sheet's headers first (a key already chosen for the same header is kept,
    else the automatic match), then the rows entered before that the sheet lacks."""
    chosen = {normalize_header(h): k for h, k in posted_rows if h and k}
    rows, seen = [], set()
    for header, key in sheet_rows:
        folded = normalize_header(header)
        if folded in seen:
            continue
        seen.add(folded)
        rows.append((header, chosen.get(folded, key)))
    rows += [(h, k) for h, k in posted_rows if normalize_header(h) not in seen]
    return rows


@staff_required
def mapping_edit(request, name=None):
    """Create (name=None) or edit a mapping. "Đọc tiêu đề" (action=prefill) reads a
    sample sheet's header into the rows and shows the form again without saving."""
    instance = get_object_or_404(ImportMapping, name=name) if name is not None else None
    key_choices = field_key_choices()
    status = 200
    sample_form = SampleSheetForm()
    if request.method == "POST":
        rows = _row_formset(data=request.POST, key_choices=key_choices)
        if request.POST.get("action") == "prefill":
            form = MappingForm(
                initial={"name": request.POST.get("name", ""), "description": request.POST.get("description", "")},
                instance=instance,
            )
            sample_form = SampleSheetForm(request.POST, request.FILES)
            if sample_form.is_valid():
                try:
                    sheet_rows = _sheet_header(sample_form.cleaned_data["sample"], sample_form.cleaned_data["sample_sheet"])
                except readers.SourceError as error:
                    sample_form.add_error("sample", str(error))
                else:
                    rows = _row_formset(rows=_prefilled(sheet_rows, _posted_rows(rows)), key_choices=key_choices)
                    sample_form = SampleSheetForm(initial={"sample_sheet": sample_form.cleaned_data["sample_sheet"]})
            if sample_form.is_bound and sample_form.errors:
                status = 400
                rows = _row_formset(rows=_posted_rows(rows), key_choices=key_choices)
        else:
            form = MappingForm(request.POST, instance=instance)
            if form.is_valid() and rows.is_valid():
                columns = rows.columns
                if not columns:
                    form.add_error(None, _("Hãy ghi ít nhất một cột: tiêu đề trong tệp và trường tương ứng."))
                else:
                    saved = _save_mapping(instance, form.cleaned_data, columns)
                    if saved is not None:
                        messages.success(request, _("Đã lưu bảng ánh xạ “%(name)s”.") % {"name": saved.name})
                        return redirect("dashboard:mappings")
                    form.add_error("name", _("Đã có bảng ánh xạ tên “%(name)s”.") % {"name": form.cleaned_data["name"]})
            status = 400
    else:
        form = MappingForm(
            initial={"name": instance.name, "description": instance.description} if instance else None,
            instance=instance,
        )
        existing = list((instance.columns or {}).items()) if instance else []
        rows = _row_formset(rows=existing, key_choices=key_choices)
    context = {"form": form, "rows": rows, "sample_form": sample_form, "mapping": instance}
    return render(request, "dashboard/imports/mappings/edit.html", context, status=status)


def _save_mapping(instance, data, columns) -> ImportMapping | None:
    """All or nothing; None when another mapping took the name meanwhile."""
    try:
        with transaction.atomic():
            mapping = instance or ImportMapping()
            if instance is not None:
                mapping = ImportMapping.objects.select_for_update().get(pk=instance.pk)
            mapping.name = data["name"]
            mapping.description = data["description"]
            mapping.columns = columns
            mapping.save()
    except IntegrityError:
        return None
    return mapping


@require_POST
@staff_required
def mapping_delete(request, name):
    mapping = get_object_or_404(ImportMapping, name=name)
    mapping.delete()
    messages.success(request, _("Đã xoá bảng ánh xạ “%(name)s”.") % {"name": name})
    return redirect("dashboard:mappings")
