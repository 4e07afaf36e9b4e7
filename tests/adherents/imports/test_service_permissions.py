"""Import services check their own permission and scope (issue 12), nothing written."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from adherents.imports import services as imports
from adherents.models import ImportJob, ImportKind, ImportStatus
from tests import documents
from tests.adherents.factories_imports import csv_file, ctx_of


def _checked_job(world, center) -> ImportJob:
    return ImportJob.objects.create(
        kind=ImportKind.ADHERENTS,
        center=center,
        filename="adherents.csv",
        **documents.fields(
            b"siren;nom\n", "content", "content_sha256", kind="import", extension="csv"
        ),
        status=ImportStatus.CHECKED,
        created_by=world.actors["member_service"],
    )


def test_without_the_import_code_nothing_is_started_nor_confirmed(world):
    job = _checked_job(world, world.center)
    for actor in ("billing", "physician", "portal_admin"):
        ctx = ctx_of(world.actors[actor])
        with pytest.raises(PermissionDenied):
            imports.start_dry_run(
                ctx, kind="adherents", filename="a.csv", content=csv_file([["siren"]])
            )
        with pytest.raises(PermissionDenied):
            imports.confirm(ctx, job.pk)
    assert list(ImportJob.objects.values_list("pk", flat=True)) == [job.pk]


def test_another_centres_job_is_not_found(world):
    theirs = _checked_job(world, world.other_center)
    with pytest.raises(Http404):
        imports.confirm(ctx_of(world.actors["member_service"]), theirs.pk)
    theirs.refresh_from_db()
    assert theirs.confirmed_job_id is None
    assert ImportJob.objects.count() == 1
    assert not ImportJob.objects.visible_to(ctx_of(world.actors["member_service"])).exists()
