from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations


class Migration(migrations.Migration):
    """Search needs unaccent (so "gom" finds "gốm") and pg_trgm (for one-typo queries)."""

    initial = True
    dependencies = []
    operations = [UnaccentExtension(), TrigramExtension()]
