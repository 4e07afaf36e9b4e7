"""Every certification list answers in a flat number of queries (30 rows)."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from certification.models import ManagementReview
from tests.certification.factories import (
    AssessmentFactory,
    AuditFactory,
    CampaignFactory,
    ControlledDocumentFactory,
    CorrectiveActionFactory,
    CriterionFactory,
    NonConformityFactory,
    ProcessFactory,
    ReferentialFactory,
)
from tests.conftest import login

MAX_QUERIES = 14  # session, user, context, MFA, the page's own few queries
# A campaign's page adds the previous campaign, the figures per level and the live figures.
MAX_CAMPAIGN_QUERIES = 18


def _campaign_with_lines(w, n):
    referential = ReferentialFactory()
    campaign = CampaignFactory(center=w.center, referential=referential)
    for _ in range(n):
        AssessmentFactory(
            campaign=campaign, criterion=CriterionFactory(chapter__referential=referential)
        )
    return [campaign.pk]


def _ncs(w, n):
    for _ in range(n):
        CorrectiveActionFactory(nonconformity=NonConformityFactory(center=w.center))


def _reviews(w, n):
    """One management review a year (the centre's unique key)."""
    for year in range(2000, 2000 + n):
        ManagementReview.objects.create(
            center=w.center,
            year=year,
            held_on=datetime.date(year, 12, 1),
            decisions="Poursuivre.",
            held_by=w.actors["direction"],
        )


def _batch(factory):
    return lambda w, n: factory.create_batch(n, center=w.center)


LISTS = [
    ("backoffice:certification:campaign-list", _batch(CampaignFactory)),
    ("backoffice:certification:campaign-detail", _campaign_with_lines),
    ("backoffice:certification:campaign-readiness", _campaign_with_lines),
    ("backoffice:certification:nc-list", _ncs),
    ("backoffice:certification:audit-list", _batch(AuditFactory)),
    ("backoffice:certification:document-list", _batch(ControlledDocumentFactory)),
    ("backoffice:certification:process-list", _batch(ProcessFactory)),
    ("backoffice:certification:referential-list", lambda w, n: ReferentialFactory.create_batch(n)),
    ("backoffice:certification:review-list", _reviews),
]


@pytest.mark.parametrize(("url_name", "make"), LISTS, ids=lambda v: v if isinstance(v, str) else "")
def test_a_certification_list_is_flat(url_name, make, quality, django_assert_max_num_queries):
    args = make(quality, 30)
    args = args if url_name.endswith(("detail", "readiness")) else []
    client = login(Client(), quality.actors["quality"])
    url = reverse(url_name, args=args)
    client.get(url)  # warm the session
    bound = MAX_CAMPAIGN_QUERIES if url_name.endswith("campaign-detail") else MAX_QUERIES
    with django_assert_max_num_queries(bound):
        response = client.get(url)
    assert response.status_code == 200
