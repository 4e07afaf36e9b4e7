import pytest

from adherents.imports import services as imports
from adherents.models import ImportJob
from tests.adherents.factories_imports import ctx_of


@pytest.fixture
def staff_ctx(world):
    """The member service agent of A's centre."""
    return ctx_of(world.actors["member_service"])


@pytest.fixture
def dry_run(staff_ctx, django_capture_on_commit_callbacks):
    """Upload a file as the member service and run its dry run (eager Celery); the job."""

    def run(kind: str, filename: str, content: bytes, ctx=None) -> ImportJob:
        with django_capture_on_commit_callbacks(execute=True):
            job = imports.start_dry_run(
                ctx or staff_ctx, kind=kind, filename=filename, content=content
            )
        job.refresh_from_db()
        return job

    return run


@pytest.fixture
def confirm(staff_ctx, django_capture_on_commit_callbacks):
    def run(job: ImportJob) -> ImportJob:
        with django_capture_on_commit_callbacks(execute=True):
            real = imports.confirm(staff_ctx, job.pk)
        real.refresh_from_db()
        return real

    return run
