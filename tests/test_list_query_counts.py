"""Every list answers in a flat number of queries, whatever the number of rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.adherents.factories import AdherentFactory, EstablishmentFactory
from tests.suivi_sante.factories import DueVisitFactory, ProtocolFactory, WorkerFactory

# Session, user, context (memberships + mandates, or centres + prefetches), MFA check, the page.
MAX_QUERIES = 10
# A home lists each role's work (issue 17): one or two bounded queries per work item.
HOME_MAX_QUERIES = 25
LIMITS = {"portal:dashboard": HOME_MAX_QUERIES, "backoffice:dashboard": HOME_MAX_QUERIES}

LISTS = [
    (
        "portal:adherents:establishment-list",
        "portal_admin",
        lambda w, n: EstablishmentFactory.create_batch(n, adherent=w.adherent),
    ),
    (
        "portal:suivi_sante:worker-list",
        "portal_admin",
        lambda w, n: WorkerFactory.create_batch(n, adherent=w.adherent),
    ),
    (
        "portal:dashboard",
        "portal_admin",
        lambda w, n: EstablishmentFactory.create_batch(n, adherent=w.adherent),
    ),
    (
        "backoffice:adherents:adherent-list",
        "physician",
        lambda w, n: AdherentFactory.create_batch(n, team=w.adherent.team),
    ),
    (
        "backoffice:suivi_sante:worker-list",
        "nurse",
        lambda w, n: WorkerFactory.create_batch(n, adherent=w.other_adherent),
    ),
    (
        "backoffice:dashboard",
        "physician",
        lambda w, n: AdherentFactory.create_batch(n, team=w.adherent.team),
    ),
    (
        "backoffice:suivi_sante:protocol-list",
        "secretary",
        lambda w, n: ProtocolFactory.create_batch(n, team=w.team),
    ),
    (
        "backoffice:suivi_sante:due-overdue",
        "secretary",
        lambda w, n: DueVisitFactory.create_batch(n, worker__adherent=w.adherent),
    ),
    (
        "portal:suivi_sante:due-list",
        "portal_admin",
        lambda w, n: DueVisitFactory.create_batch(n, worker__adherent=w.adherent),
    ),
]


def _read(client, url) -> tuple[int, int]:
    """The queries of one request, and the size of the page it rendered."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), len(response.content)


def _queries(client, url) -> int:
    return _read(client, url)[0]


def read_before_and_after(client, url, world, make_rows) -> tuple[tuple[int, int], ...]:
    """(queries, page size) with 3 rows, then with 30 more (after a warm-up request)."""
    client.get(url)  # warm the session and the allauth lookups
    make_rows(world, 3)
    few = _read(client, url)
    make_rows(world, 30)
    return few, _read(client, url)


@pytest.mark.parametrize(
    ("url_name", "actor", "make_rows"),
    [pytest.param(*row, id=f"{row[0]}-{row[1]}") for row in LISTS],
)
def test_list_query_count_is_flat(url_name, actor, make_rows, world, client_for):
    (few, _), (many, _) = read_before_and_after(
        client_for(actor), reverse(url_name), world, make_rows
    )
    assert few == many <= LIMITS.get(url_name, MAX_QUERIES)


FILTERED_LISTS = [
    (
        "portal:suivi_sante:worker-list",
        "portal_admin",
        "?q=du&categorie=SI&echeance=en_retard&contrat=en_cours&page=1",
        lambda w, n: DueVisitFactory.create_batch(n, worker__adherent=w.adherent),
    ),
    (
        "backoffice:suivi_sante:worker-list",
        "nurse",
        "?q=du&categorie=SI&echeance=a_prevoir&contrat=en_cours&siret=55208131700014",
        lambda w, n: WorkerFactory.create_batch(n, adherent=w.other_adherent),
    ),
]


@pytest.mark.parametrize(
    ("url_name", "actor", "query", "make_rows"),
    [pytest.param(*row, id=f"{row[0]}-filtered") for row in FILTERED_LISTS],
)
def test_filtered_list_query_count_is_flat(url_name, actor, query, make_rows, world, client_for):
    """Filters are subqueries of the list's one query; the total is one bounded COUNT."""
    client = client_for(actor)
    url = reverse(url_name) + query
    client.get(url)
    make_rows(world, 3)
    few = _queries(client, url)
    make_rows(world, 30)
    many = _queries(client, url)
    assert few == many <= MAX_QUERIES
