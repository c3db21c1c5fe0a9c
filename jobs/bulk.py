"""Bulk writes to listings: COPY on PostgreSQL, Django's bulk queries elsewhere.

Building thousands of model instances and binding their parameters costs more
than the database's own work, so new listings go in through COPY and changed
ones through COPY into a temporary table and one UPDATE ... FROM it.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection, models

from .models import JobListing, JobSource

# Serialises the write phase of all syncs (and the other bulk writes to
# listings), so the cross-source de-duplication always sees every committed listing.
WRITE_LOCK = "jobs-write"
BATCH_SIZE = 1000
IN_CHUNK = 500


def chunks(items: list, size: int = IN_CHUNK):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def copy_rows(cursor, table: str, fields: list, rows: Iterable[list]) -> None:
    """COPY rows (values in `fields` order) into a PostgreSQL table."""
    from psycopg.types.json import Jsonb

    json_at = [index for index, f in enumerate(fields) if isinstance(f, models.JSONField)]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        for values in rows:
            for index in json_at:
                values[index] = Jsonb(values[index])
            copy.write_row(values)


def insert_listings(source: JobSource, rows: list[dict]) -> list[int]:
    """Insert new listings and return their ids.

    On PostgreSQL through COPY: building 10,000 model instances and binding
    their parameters costs more than the database's own work.
    """
    if not rows:
        return []
    if connection.vendor != "postgresql":
        objs = JobListing.objects.bulk_create([JobListing(**row) for row in rows], batch_size=BATCH_SIZE)
        return [obj.pk for obj in objs]
    fields = [f for f in JobListing._meta.concrete_fields if not f.primary_key]
    table = connection.ops.quote_name(JobListing._meta.db_table)
    with connection.cursor() as cursor:
        copy_rows(cursor, table, fields, ([row[f.attname] for f in fields] for row in rows))
    wanted = {row["external_id"] for row in rows}
    return [
        pk
        for pk, external_id in JobListing.objects.filter(source=source).values_list("pk", "external_id")
        if external_id in wanted
    ]


def update_listings(objs: list[JobListing], field_names: list[str]) -> None:
    """Write `field_names` of many listings at once.

    On PostgreSQL: COPY into a temporary table and one UPDATE ... FROM it
    (Django's bulk_update builds a CASE per field over every row of a batch).
    """
    if not objs:
        return
    if connection.vendor != "postgresql":
        JobListing.objects.bulk_update(objs, field_names, batch_size=BATCH_SIZE // 4)
        return
    meta = JobListing._meta
    fields = [meta.pk, *(meta.get_field(name) for name in field_names)]
    quote = connection.ops.quote_name
    table, pk = quote(meta.db_table), quote(meta.pk.column)
    columns = ", ".join(quote(f.column) for f in fields)
    assignments = ", ".join(f"{quote(f.column)} = changes.{quote(f.column)}" for f in fields[1:])
    # Every identifier below comes from the model's metadata, quoted; values go through COPY.
    create = f"CREATE TEMPORARY TABLE jobs_listing_changes AS SELECT {columns} FROM {table} WITH NO DATA"  # noqa: S608
    update = f"UPDATE {table} SET {assignments} FROM jobs_listing_changes AS changes WHERE {table}.{pk} = changes.{pk}"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS jobs_listing_changes")
        cursor.execute(create)
        copy_rows(cursor, "jobs_listing_changes", fields, ([getattr(obj, f.attname) for f in fields] for obj in objs))
        cursor.execute(update)
        cursor.execute("DROP TABLE jobs_listing_changes")
