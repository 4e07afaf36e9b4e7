"""The lists that tests/test_list_query_counts*.py did not hold yet (issue 19, item 1): the first
page of each answers in as many queries with 30 more rows, and the new rows are on the page (in
the reader's scope). With the first two files, tests/test_keyset_lists.py (a deep page by key)
and the apps' own tests (tests/*/test_*: FE, chemicals, PDP, documents, tokens, units,
suggestions, trajectory, imports, applications, certification, monthly reports), every list of
both spaces but one: the drill-down of an indicator (its rows come from each indicator's
source; tests/dashboards/drill uses a stand-in source). The trajectory's step definitions
(configuration, a few dozen rows, no pagination) are held here too."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from adherents.models import Contact, TrajectoryStepDefinition
from tests.adherents.factories import AdherentFactory
from tests.suivi_sante.agenda.support import at
from tests.suivi_sante.factories import VisitFactory, WorkerFactory
from tests.test_keyset_lists import _convocations, _tns_visits, _to_rebook
from tests.test_list_query_counts import MAX_QUERIES, read_before_and_after
from tests.tns.factories import proposal_for, self_employed, session_in

pytestmark = pytest.mark.django_db

_serial = iter(range(100_000))


def _namesakes(w, n):
    """Pairs of workers of one member with the same name and birth date: duplicate groups."""
    for _ in range(n):
        name = f"DOUBLON{next(_serial)}"
        WorkerFactory.create_batch(
            2,
            adherent=w.adherent,
            last_name=name,
            first_name="Jeanne",
            birth_date=datetime.date(1980, 1, 2),
        )


def _absences(w, n):
    """An unexcused absence last month for each of n new members of the team: one rate each."""
    on = timezone.localdate() - datetime.timedelta(days=30)
    for _ in range(n):
        VisitFactory(
            worker=WorkerFactory(adherent=AdherentFactory(team=w.team)),
            status="unexcused_absence",
            scheduled_at=at(on, 8),
        )


def _contacts(w, n):
    for _ in range(n):
        number = next(_serial)
        Contact.objects.create(
            adherent=w.adherent,
            role="hr",
            first_name="Agnès",
            last_name=f"CONTACT{number}",
            email=f"contact{number}@exemple.fr",
        )


def _step_definitions(w, n):
    """Steps of the yearly track added by the member service (the list shows every one)."""
    for _ in range(n):
        number = next(_serial)
        TrajectoryStepDefinition.objects.create(
            code=f"etape-{number}",
            label=f"Étape {number}",
            track="yearly",
            owner_role="member_service",
            target_days=30,
            order=100 + number % 50,
        )


def _proposals(w, n):
    """Proposals of contact after a screening that triggered one, one self-employed each."""
    for _ in range(n):
        proposal_for(w.team, timezone.localdate())


def _workshops(w, n):
    starts = timezone.now() + datetime.timedelta(days=20)
    for _ in range(n):
        session_in(w.center, starts + datetime.timedelta(hours=next(_serial)))


LISTS = [
    ("backoffice:suivi_sante:duplicate-list", None, "secretary", _namesakes),
    ("backoffice:suivi_sante:followup-indicators", None, "secretary", _absences),
    ("backoffice:suivi_sante:convocations-to-rebook", None, "secretary", _to_rebook),
    (
        "backoffice:suivi_sante:adherent-convocations",
        lambda w: [w.adherent.pk],
        "secretary",
        _convocations,
    ),
    ("portal:adherents:joining-contact-list", None, "portal_admin", _contacts),
    (
        "backoffice:tns:affiliation-list",
        None,
        "member_service",
        lambda w, n: [self_employed(w.team) for _ in range(n)],
    ),
    ("backoffice:tns:proposal-list", None, "physician", _proposals),
    ("backoffice:adherents:trajectory-definition-list", None, "member_service", _step_definitions),
    ("backoffice:tns:workshop-list", None, "nurse", _workshops),
    ("portal:tns:workshop-list", None, "portal_admin", _workshops),
    ("backoffice:tns:vip-list", None, "nurse", _tns_visits),
]


@pytest.mark.parametrize(
    ("url_name", "args", "actor", "make_rows"),
    [pytest.param(*row, id=f"{row[0]}-{row[2]}") for row in LISTS],
)
def test_list_query_count_is_flat(url_name, args, actor, make_rows, world, client_for):
    url = reverse(url_name, args=args(world) if args else None)
    (few, few_size), (many, many_size) = read_before_and_after(
        client_for(actor), url, world, make_rows
    )
    assert many_size > few_size, "the new rows must be on the page, in the actor's scope"
    assert few == many <= MAX_QUERIES
