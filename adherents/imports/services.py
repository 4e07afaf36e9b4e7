"""Imports: a dry run first (ImportJob + Celery task), then the real import, all or nothing.

Choice for large files: rows are processed in chunks of SPSTI_IMPORT_CHUNK_ROWS with
django-import-export row by row (one savepoint per row, so every error is reported on its
line; bulk_create would report a failed batch without its line and skips the employment a
worker row also writes). The dry run rolls back each chunk and commits the progress between
chunks; the real import runs every chunk inside ONE transaction, rolled back on any error, and
reports its progress through a second, autocommit connection that the page can read.
A resource with ``process_set_based`` (the member and worker imports, issue 19) takes the whole
file at once instead of the chunks, within the same dry-run / all-or-nothing frame.
"""

from __future__ import annotations

import datetime
import logging
import os
from dataclasses import dataclass, field
from types import SimpleNamespace

import tablib
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.db import DEFAULT_DB_ALIAS, IntegrityError, connection, connections, transaction
from django.utils import timezone, translation

from accounts import audit
from accounts.models import Team
from adherents import perms
from adherents.imports.resources import ImportResource, build_resource
from adherents.imports.services_files import Table, read_table
from adherents.models import ImportJob, ImportStatus
from adherents.rules.imports import ImportFileError
from spsti import documents_storage

logger = logging.getLogger(__name__)

LIST_CAP = 500  # created/changed lines kept for the page; the counts are always complete
ERROR_CAP = 1000
LOCK_NAMESPACE = 0x494D  # pg advisory lock: one run of a job at a time ("IM")


class ImportRefusedError(Exception):
    """A confirmation that cannot be accepted (French message)."""


def chunk_rows() -> int:
    return max(1, int(settings.SPSTI_IMPORT_CHUNK_ROWS))


@dataclass
class Summary:
    """What a run found: counts, created and changed lines, French errors by line."""

    total: int = 0
    new: int = 0
    update: int = 0
    skip: int = 0
    created: list[dict] = field(default_factory=list)
    changed: list[dict] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)
    error_count: int = 0
    rejected_lines: set = field(default_factory=set)
    ignored_columns: list[str] = field(default_factory=list)

    def add_error(self, line: int | None, column: str | None, message: str) -> None:
        self.error_count += 1
        self.rejected_lines.add(line)
        if len(self.errors) < ERROR_CAP:
            self.errors.append({"line": line, "column": column, "message": message})

    def as_json(self) -> dict:
        return {
            "new": self.new,
            "update": self.update,
            "skip": self.skip,
            "rejected": len(self.rejected_lines),
            "error_count": self.error_count,
            "errors": sorted(self.errors, key=lambda e: e["line"] or 0),
            "created": self.created,
            "changed": self.changed,
            "ignored_columns": self.ignored_columns,
        }


def _unexpected(error: Exception) -> str:
    if isinstance(error, IntegrityError):
        return "Enregistrement refusé par la base de données (doublon ou valeur incohérente)."
    return f"Erreur inattendue ({type(error).__name__})."


def _record(summary: Summary, resource: ImportResource, line: int, row_result) -> None:
    kind = row_result.import_type
    if kind == "new":
        summary.new += 1
        if len(summary.created) < LIST_CAP:
            summary.created.append({"line": line, "label": resource.row_label(row_result.instance)})
    elif kind == "update":
        summary.update += 1
        if len(summary.changed) < LIST_CAP:
            summary.changed.append(
                {
                    "line": line,
                    "label": resource.row_label(row_result.instance),
                    "changes": resource.changed_columns(row_result.original, row_result.instance),
                }
            )
    elif kind == "skip":
        summary.skip += 1
    elif kind == "invalid":
        error = row_result.validation_error
        messages = (
            error.message_dict
            if hasattr(error, "error_dict")
            else {NON_FIELD_ERRORS: error.messages}
        )
        for key, texts in messages.items():
            for text in texts:
                summary.add_error(line, resource.label(key), text)
    else:
        for error in row_result.errors:
            logger.warning("import: ligne %s refusée", line, exc_info=error.error)
            summary.add_error(line, None, _unexpected(error.error))


def _import_chunk(resource, table: Table, indices: list[int], *, dry_run: bool, summary) -> None:
    dataset = tablib.Dataset(*(table.rows[i] for i in indices), headers=table.headers)
    result = resource.import_data(
        dataset, dry_run=dry_run, use_transactions=True, rollback_on_validation_errors=True
    )
    for error in result.base_errors:
        logger.warning("import: erreur générale", exc_info=error.error)
        summary.add_error(None, None, _unexpected(error.error))
    for index, row_result in zip(indices, result.rows, strict=False):
        _record(summary, resource, table.lines[index], row_result)


class _RollbackError(Exception):
    """Raised inside the real import's transaction to roll it back."""


def process(table: Table, resource: ImportResource, *, dry_run: bool, progress=None) -> Summary:
    """Run the rows of ``table`` through ``resource``; writes only when ``dry_run`` is False
    and no line is in error (then nothing at all). ``progress(done)`` after each chunk."""
    summary = Summary(total=len(table.rows), ignored_columns=table.ignored_columns)
    blocked = dict.fromkeys(table.line_errors)
    for line, message in table.line_errors.items():
        summary.add_error(line, None, message)
    for line, problems in resource.file_errors(table.dicts(), table.lines).items():
        blocked[line] = None
        for column, message in problems:
            summary.add_error(line, column, message)
    todo = [i for i, line in enumerate(table.lines) if line not in blocked]
    done = len(table.rows) - len(todo)
    size = chunk_rows()

    def run_chunks() -> None:
        nonlocal done
        set_based = getattr(resource, "process_set_based", None)
        if set_based is not None:  # the whole file at once (members, workers: issue 19)
            set_based(table, todo, dry_run=dry_run, summary=summary, progress=progress)
            return
        for start in range(0, len(todo), size):
            chunk = todo[start : start + size]
            _import_chunk(resource, table, chunk, dry_run=dry_run, summary=summary)
            done += len(chunk)
            if progress:
                progress(done)

    if dry_run:
        run_chunks()
        return summary
    try:
        with transaction.atomic():
            run_chunks()
            if summary.error_count:
                raise _RollbackError
    except _RollbackError:
        pass
    return summary


class _Progress:
    """Writes processed_rows so that the page sees it at once, even from inside the real
    import's open transaction (then through a second connection, in autocommit)."""

    def __init__(self, job_id: int):
        self.job_id = job_id
        self.side = None

    def __call__(self, done: int) -> None:
        if not connection.in_atomic_block:
            ImportJob.objects.filter(pk=self.job_id).update(processed_rows=done)
            return
        if self.side is None:
            self.side = connections.create_connection(DEFAULT_DB_ALIAS)
        with self.side.cursor() as cursor:
            cursor.execute(
                f"UPDATE {ImportJob._meta.db_table} SET processed_rows = %s WHERE id = %s",  # noqa: S608
                [done, self.job_id],
            )

    def close(self) -> None:
        if self.side is not None:
            self.side.close()


def _table_for(filename: str, content: bytes, resource: ImportResource) -> Table:
    return read_table(
        filename,
        content,
        required=resource.required_columns,
        known=resource.template_headers(),
    )


def run_job(job_id: int) -> str:
    """The Celery task's body: run a job once (a redelivery of a job still being run by
    another worker returns at once); the job always ends checked, done or failed."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [LOCK_NAMESPACE, job_id])
        if not cursor.fetchone()[0]:
            return "busy"
    try:
        return _run_locked(job_id)
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [LOCK_NAMESPACE, job_id])


def _run_locked(job_id: int) -> str:
    running = [ImportStatus.PENDING, ImportStatus.RUNNING]  # RUNNING: a crashed worker's job
    if not ImportJob.objects.filter(pk=job_id, status__in=running).update(
        status=ImportStatus.RUNNING, processed_rows=0
    ):
        return ImportJob.objects.filter(pk=job_id).values_list("status", flat=True).first() or ""
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    team_ids = frozenset(Team.objects.filter(center_id=job.center_id).values_list("pk", flat=True))
    summary, progress = Summary(total=job.total_rows), _Progress(job.pk)
    try:
        with (
            translation.override("fr"),
            audit.actor_context(SimpleNamespace(user=job.created_by), import_job=job.pk),
        ):
            resource = build_resource(job.kind, team_ids=team_ids, user=job.created_by)
            content = documents_storage.read(job.content.name, job.content_sha256)
            table = _table_for(job.filename, content, resource)
            summary = process(table, resource, dry_run=job.dry_run, progress=progress)
    except ImportFileError as error:
        summary.add_error(None, None, str(error))
    except documents_storage.DocumentIntegrityError:
        summary.add_error(
            None,
            None,
            "Le fichier déposé est introuvable ou altéré dans le stockage : rien n'a été écrit. "
            "Déposez-le à nouveau.",
        )
    except Exception:
        logger.exception("import %s interrompu", job.pk)
        summary.add_error(
            None, None, "Erreur inattendue pendant l'import : rien n'a été écrit. Réessayez."
        )
    finally:
        progress.close()
    if summary.error_count:
        status = ImportStatus.FAILED
    else:
        status = ImportStatus.CHECKED if job.dry_run else ImportStatus.DONE
    ImportJob.objects.filter(pk=job.pk).update(
        status=status,
        result=summary.as_json(),
        total_rows=summary.total,
        processed_rows=summary.total,
        finished_at=timezone.now(),
    )
    return status


def _require_importer(ctx) -> None:
    if not (ctx.is_staff and ctx.center_id and ctx.has_perm("adherents.import:run")):
        raise PermissionDenied


def _enqueue(job: ImportJob) -> None:
    from adherents.imports.tasks import run_import_job

    transaction.on_commit(lambda: run_import_job.delay(job.pk))


@transaction.atomic
def start_dry_run(ctx, *, kind: str, filename: str, content: bytes) -> ImportJob:
    """Check the file's shape now (French ImportFileError, nothing written), then queue its
    dry run for the current centre."""
    _require_importer(ctx)
    resource = build_resource(kind, team_ids=ctx.team_ids, user=ctx.user)
    table = _table_for(filename, content, resource)
    stored = documents_storage.store(
        content, app="adherents", kind="import", extension=os.path.splitext(filename)[1]
    )
    job = ImportJob.objects.create(
        kind=kind,
        center_id=ctx.center_id,
        filename=filename[-200:],
        content=stored.name,
        content_sha256=stored.sha256,
        dry_run=True,
        total_rows=len(table.rows),
        created_by=ctx.user,
    )
    _enqueue(job)
    return job


def can_confirm(job: ImportJob) -> bool:
    """A dry run that ended without any error and was not confirmed yet."""
    return (
        job.dry_run
        and job.status == ImportStatus.CHECKED
        and not job.confirmed_job_id
        and not (job.result or {}).get("error_count")
    )


@transaction.atomic
def confirm(ctx, job_id: int) -> ImportJob:
    """Run for real a dry run that found no error, once: a new job of the same file."""
    _require_importer(ctx)
    job = perms.visible(ImportJob.objects.select_for_update(), ctx, job_id)  # another centre's: 404
    if not job.dry_run or job.status != ImportStatus.CHECKED:
        raise ImportRefusedError("Seule une simulation terminée sans erreur peut être confirmée.")
    if job.confirmed_job_id:
        raise ImportRefusedError("Cette simulation a déjà été confirmée.")
    if job.result.get("error_count"):
        raise ImportRefusedError("Corrigez les lignes refusées puis déposez à nouveau le fichier.")
    if not job.content:
        raise ImportRefusedError(
            "Cette simulation est trop ancienne : déposez à nouveau le fichier."
        )
    real = ImportJob.objects.create(
        kind=job.kind,
        center_id=job.center_id,
        filename=job.filename,
        content=job.content.name,  # the same stored file (purge keeps it while a job needs it)
        content_sha256=job.content_sha256,
        dry_run=False,
        total_rows=job.total_rows,
        created_by=ctx.user,
    )
    job.confirmed_job = real
    job.save(update_fields=["confirmed_job"])
    _enqueue(real)
    return real


@transaction.atomic
def purge_files(*, today=None) -> int:
    """Erase the uploaded files of jobs finished more than SPSTI_IMPORT_FILE_RETENTION_DAYS
    ago (worker files hold NIRs: data minimisation), from the storage too; the job and its
    result stay. A file a more recent job still uses (a confirmed dry run's) stays for it."""
    days = int(settings.SPSTI_IMPORT_FILE_RETENTION_DAYS)
    limit = (today or timezone.now()) - datetime.timedelta(days=days)
    expired = (
        ImportJob.objects.select_for_update().filter(finished_at__lt=limit).exclude(content="")
    )
    pks, names = set(), set()
    for pk, name in expired.values_list("pk", "content"):
        pks.add(pk)
        names.add(name)
    if not pks:
        return 0
    still_used = set(
        ImportJob.objects.filter(content__in=names)
        .exclude(pk__in=pks)
        .values_list("content", flat=True)
    )
    count = ImportJob.objects.filter(pk__in=pks).update(content="", content_sha256="")

    def erase() -> None:
        for name in names - still_used:
            documents_storage.delete(name)

    transaction.on_commit(erase)
    return count
