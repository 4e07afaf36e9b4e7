"""Celery tasks of the membership area: imports."""

from __future__ import annotations

from celery import shared_task


@shared_task(acks_late=True)
def run_import_job(job_id: int) -> str:
    """Run an import job (dry run or real import); returns its final status. Safe to deliver
    twice: a job already finished is not run again, one being run is left to its worker."""
    from adherents.imports import services as imports

    return imports.run_job(job_id)


@shared_task(acks_late=True)
def purge_import_files() -> int:
    """Nightly: blank the files of imports finished long ago; returns how many."""
    from adherents.imports import services as imports

    return imports.purge_files()
