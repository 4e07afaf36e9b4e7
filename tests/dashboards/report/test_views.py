"""The reports page: the direction's reports cover the service, a centre manager's his or her
centre; a report is made on request (Celery, eager in tests) and downloaded from the storage."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.enums import StaffRole
from dashboards.report import services
from dashboards.report.models import MonthlyReport
from tests.accounts.factories import StaffAssignmentFactory
from tests.conftest import login
from tests.dashboards.support_catalogue import fact, month, small_catalogue  # noqa: F401

pytestmark = pytest.mark.usefixtures("small_catalogue")
PAGE = reverse("backoffice:dashboards:reports")


def _client(world, role, center=None):
    user = StaffAssignmentFactory(center=center or world.center, role=role).user
    return login(Client(), user), user


def test_the_direction_makes_the_service_report_of_a_month(world):
    fact("invoiced", world.center, month(2026, 1), "100")
    fact("invoiced", world.other_center, month(2026, 1), "20")
    director, user = _client(world, StaffRole.DIRECTION)
    response = director.post(PAGE, {"mois": "2026-01"})
    assert response.status_code == 302
    report = MonthlyReport.objects.get()
    assert (report.month, report.center_id, report.version, report.created_by) == (
        month(2026, 1),
        None,
        1,
        user,
    )
    page = director.get(PAGE).content.decode()
    assert "Tout le service" in page
    assert reverse("backoffice:dashboards:report-download", args=[report.pk]) in page
    download = director.get(reverse("backoffice:dashboards:report-download", args=[report.pk]))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_a_centre_manager_makes_and_reads_his_centres_reports_only(world):
    manager, _ = _client(world, StaffRole.CENTER_MANAGER)
    other = services.generate_report(month(2025, 12), world.other_center)
    service = services.generate_report(month(2025, 12))
    assert manager.post(PAGE, {"mois": "2025-12"}).status_code == 302
    own = MonthlyReport.objects.get(center=world.center)
    page = manager.get(PAGE).content.decode()
    assert reverse("backoffice:dashboards:report-download", args=[own.pk]) in page
    assert reverse("backoffice:dashboards:report-download", args=[other.pk]) not in page
    assert reverse("backoffice:dashboards:report-download", args=[service.pk]) not in page
    for hidden in (other, service):
        url = reverse("backoffice:dashboards:report-download", args=[hidden.pk])
        assert manager.get(url).status_code == 404


def test_a_month_to_come_or_garbage_is_refused(world):
    director, _ = _client(world, StaffRole.DIRECTION)
    for wrong in ("2999-01", "janvier", "2026-13", ""):
        response = director.post(PAGE, {"mois": wrong})
        assert response.status_code == 302
    assert not MonthlyReport.objects.exists()


def test_the_cmt_reads_the_dashboards_but_exports_no_report(world):
    cmt, _ = _client(world, StaffRole.CMT)
    assert cmt.get(PAGE).status_code == 403


def test_the_list_reads_a_flat_number_of_queries(world):
    """As many queries with 2 reports as with 24 (and at most 8)."""
    director, user = _client(world, StaffRole.DIRECTION)

    def reports(year, months):
        for number in months:
            MonthlyReport.objects.create(
                month=month(year, number), center=world.center, created_by=user
            )
            MonthlyReport.objects.create(month=month(year, number), center=None)

    def read() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as captured:
            response = director.get(PAGE)
        assert response.status_code == 200
        return len(captured), len(response.content)

    director.get(PAGE)  # warm the session and the context
    reports(2025, [1])
    few, few_size = read()
    reports(2024, range(1, 12))
    many, many_size = read()
    assert many_size > few_size
    assert few == many <= 8
