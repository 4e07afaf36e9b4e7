import datetime

import pytest
from django.urls import reverse

from pdp.models import CellReview
from tests.pdp.factories import PdpCaseFactory


@pytest.mark.django_db
def test_coordinator_schedules_a_review_puts_a_case_on_it_and_records_the_decision(
    world, coordinator, social_worker, client_as
):
    client = client_as(coordinator)
    case = PdpCaseFactory(worker=world.worker)
    response = client.post(reverse("backoffice:pdp:review-create"), {"held_on": "2026-12-10"})
    review = CellReview.objects.get()
    assert response["Location"] == reverse("backoffice:pdp:review-detail", args=[review.pk])
    client.post(reverse("backoffice:pdp:review-add-case", args=[review.pk]), {"case": case.pk})
    again = client.post(
        reverse("backoffice:pdp:review-add-case", args=[review.pk]), {"case": case.pk}, follow=True
    )
    assert "déjà à l&#x27;ordre du jour" in again.content.decode()
    case.refresh_from_db()
    assert case.status == "cell_review"
    client.post(
        reverse("backoffice:pdp:review-attendees", args=[review.pk]),
        {"users": [coordinator.pk, social_worker.pk]},
    )
    assert set(review.attendees.all()) == {coordinator, social_worker}
    item = review.items.get()
    client.post(
        reverse("backoffice:pdp:review-decision", args=[item.pk]),
        {"decision": "Essai encadré à proposer, CARSAT à solliciter"},
    )
    item.refresh_from_db()
    assert item.decision.startswith("Essai encadré")
    page = client.get(reverse("backoffice:pdp:review-detail", args=[review.pk])).content.decode()
    assert "Essai encadré à proposer" in page
    assert review.held_on == datetime.date(2026, 12, 10)


@pytest.mark.django_db
def test_review_list_query_count_is_flat(
    world, coordinator, client_as, django_assert_max_num_queries
):
    for day in range(1, 31):
        CellReview.objects.create(center=world.center, held_on=datetime.date(2026, 1, day))
    client = client_as(coordinator)
    client.get(reverse("backoffice:pdp:review-list"))
    with django_assert_max_num_queries(14):
        response = client.get(reverse("backoffice:pdp:review-list"))
    assert response.content.decode().count("Revue du ") == 30
