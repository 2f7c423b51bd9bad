"""What the import keeps between runs: saved header mappings, and jobs started
from the dashboard with their progress and reports."""

import uuid

from django.conf import settings
from django.db import models


class ImportMapping(models.Model):
    """How one source's headers map to the import's fields, for sheets whose
    headers the automatic matching does not recognise ("--mapping NAME")."""

    name = models.SlugField(max_length=100, unique=True)
    description = models.CharField(max_length=250, blank=True)
    # {"header as written in the sheet": "field key" (see fields.py), ...};
    # a header mapped to "" is ignored on purpose.
    columns = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("name",)

    def __str__(self):
        return self.name


class ImportJobStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


def import_storage():
    """The private storage of import files (settings.STORAGES["imports"])."""
    from django.core.files.storage import storages

    return storages["imports"]


class ImportJob(models.Model):
    """One import started from the dashboard and run by Celery."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    source = models.FileField(upload_to="sources", storage=import_storage)
    source_name = models.CharField(max_length=255)
    images_zip = models.FileField(upload_to="sources", storage=import_storage, blank=True, null=True)
    channel_slug = models.CharField(max_length=255)
    apply = models.BooleanField(default=False)
    partial = models.BooleanField(default=False)
    mapping = models.ForeignKey(ImportMapping, null=True, blank=True, on_delete=models.SET_NULL, related_name="jobs")
    sheet = models.CharField(max_length=100, blank=True)
    # The report's language: that of the person who started the job.
    language = models.CharField(max_length=8, choices=settings.LANGUAGES, default="vi")
    status = models.CharField(max_length=16, choices=ImportJobStatus.choices, default=ImportJobStatus.QUEUED)
    rows_done = models.PositiveIntegerField(default=0)
    rows_total = models.PositiveIntegerField(default=0)
    summary = models.JSONField(default=dict, blank=True)  # counts: created / updated / unchanged / refused
    report_json = models.FileField(upload_to="reports", storage=import_storage, blank=True, null=True)
    report_xlsx = models.FileField(upload_to="reports", storage=import_storage, blank=True, null=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created_at",)
