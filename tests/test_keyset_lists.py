"""The lists that grow with the data page by key beyond their first pages (issue 19, item 1):
for each, walking the « Page suivante » links shows the same pages as `?page=1, 2, 3…`, then
« Page précédente » walks them back; a hostile, foreign or unknown key gives the first page;
a page reached by key answers in as many queries with 30 more rows (the keyset mechanics
themselves: tests/test_keyset_pagination.py)."""

import datetime
import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from adherents.models import Adherent
from prevention.models import PreventionVisit
from spsti.pagination import AFTER, BEFORE
from suivi_sante.agenda import services as agenda
from suivi_sante.agenda.services_convocations import respond_to_convocation
from tests.adherents.factories import AdherentFactory, EstablishmentFactory
from tests.adherents.factories_firms import invoice_for
from tests.adherents.factories_requests import MemberRequestFactory
from tests.prevention.factories import DuerpFactory, FicheFactory, PreventionActionFactory
from tests.suivi_sante.agenda.support import (
    at,
    ctx_of,
    employed_worker,
    make_due,
    make_slot,
    next_weekday,
)
from tests.suivi_sante.factories import DueVisitFactory, SlotFactory
from tests.tns.factories import self_employed
from tns.models import TnsVisit

pytestmark = pytest.mark.django_db

NEXT, PREVIOUS = "Page suivante", "Page précédente"
LINK = r'href="(\?[^"]*)">{}</a>'


def _elsewhere() -> Adherent:
    """The member of the other centre (tests/conftest.py `world`)."""
    return Adherent.objects.get(name="Scierie Gamma")


def _soon(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def _prevention_visits(w, n, adherent=None):
    establishment = (
        EstablishmentFactory(adherent=adherent) if adherent is not None else w.establishment
    )
    return [
        PreventionVisit.objects.create(
            establishment=establishment,
            scheduled_on=datetime.date(2026, 3, 2),  # one day for all: the pk breaks the tie
            assigned_to=w.actors["prevention_assistant"],
        )
        for _ in range(n)
    ]


_half_hours = iter(range(10_000))


def _convocations(w, n, adherent=None):
    """Booked VIPs of the member (one an half-hour from next Tuesday 9:30), as the secretary
    books them; `adherent`: of another member."""
    establishment = (
        EstablishmentFactory(adherent=adherent) if adherent is not None else w.establishment
    )
    convocations = []
    for _ in range(n):
        worker = employed_worker(w, establishment)
        starts_at = at(next_weekday(2), 9, 30) + datetime.timedelta(minutes=30 * next(_half_hours))
        slot = make_slot(w, "physician", starts_at)
        visit = agenda.book_visit(
            actor=ctx_of(w, "secretary"), worker=worker, kind="VIP", slot=slot, due=make_due(worker)
        )
        convocations.append(visit.convocation)
    return convocations


def _past_convocations(w, n, adherent=None):
    rows = _convocations(w, n, adherent)
    for convocation in rows:  # held last year: the portal's « passées »
        visit = convocation.visit
        visit.scheduled_at = visit.scheduled_at.replace(year=visit.scheduled_at.year - 1)
        visit.save(update_fields=["scheduled_at"])
    return rows


def _to_rebook(w, n):
    """Convocations the employer answered « salarié absent » (the same minute for several: the
    pk breaks the tie)."""
    convocations = _convocations(w, n)
    for convocation in convocations:
        respond_to_convocation(
            actor=ctx_of(w, "portal_admin"), convocation=convocation, answer="worker_absent"
        )
    return convocations


def _tns_visits(w, n, center=None):
    """VIP TNS of the centre's agenda, each with its nurse at the same hour (the pk breaks the
    tie); `center`: of another centre."""
    user, affiliation = self_employed(w.team)
    slots = SlotFactory.create_batch(
        n,
        center=center or w.center,
        performer="nurse",
        starts_at=at(next_weekday(3), 10),
    )
    return [
        TnsVisit.objects.create(
            person=user,
            affiliation=affiliation,
            slot=slot,
            professional=slot.professional,
            scheduled_at=slot.starts_at,
            booked_by=w.actors["nurse"],
        )
        for slot in slots
    ]


# (url name, its args from the world, actor, query string, rows in scope, a row out of scope)
LISTS = [
    (
        "backoffice:suivi_sante:due-overdue",
        None,
        "secretary",
        {},
        lambda w, n: DueVisitFactory.create_batch(n, worker__adherent=w.adherent),
        lambda w: DueVisitFactory(worker__adherent=_elsewhere()),
    ),
    (
        "backoffice:suivi_sante:due-upcoming",
        None,
        "secretary",
        {"jours": "30"},
        lambda w, n: DueVisitFactory.create_batch(n, worker__adherent=w.adherent, due_on=_soon(9)),
        lambda w: DueVisitFactory(worker__adherent=_elsewhere(), due_on=_soon(9)),
    ),
    (
        "portal:suivi_sante:due-list",
        None,
        "portal_admin",
        {},
        lambda w, n: DueVisitFactory.create_batch(n, worker__adherent=w.adherent),
        lambda w: DueVisitFactory(worker__adherent=w.other_adherent),
    ),
    (
        "portal:suivi_sante:booking-list",
        None,
        "portal_admin",
        {},
        lambda w, n: DueVisitFactory.create_batch(n, worker__adherent=w.adherent),
        lambda w: DueVisitFactory(worker__adherent=w.other_adherent),
    ),
    (
        "backoffice:adherents:billing-invoice-list",
        None,
        "billing",
        {},
        lambda w, n: [invoice_for(w.adherent, "120.00") for _ in range(n)],
        lambda w: invoice_for(_elsewhere(), "120.00"),
    ),
    (
        "portal:adherents:billing-invoice-list",
        None,
        "portal_admin",
        {},
        lambda w, n: [invoice_for(w.adherent, "120.00") for _ in range(n)],
        lambda w: invoice_for(w.other_adherent, "120.00"),
    ),
    (
        "backoffice:adherents:requests-inbox",
        None,
        "member_service",
        {},
        lambda w, n: MemberRequestFactory.create_batch(n, adherent=w.adherent),
        lambda w: MemberRequestFactory(adherent=_elsewhere()),
    ),
    (
        "portal:adherents:requests-list",
        None,
        "portal_admin",
        {},
        lambda w, n: MemberRequestFactory.create_batch(n, adherent=w.adherent),
        lambda w: MemberRequestFactory(adherent=w.other_adherent),
    ),
    (
        "backoffice:prevention:duerp-list",
        None,
        "prevention_assistant",
        {},
        lambda w, n: DuerpFactory.create_batch(n, adherent__team=w.team),
        lambda w: _elsewhere(),
    ),
    (
        "backoffice:prevention:fiche-list",
        None,
        "prevention_assistant",
        {},
        lambda w, n: FicheFactory.create_batch(
            n, establishment__adherent=AdherentFactory(team=w.team)
        ),
        lambda w: EstablishmentFactory(adherent=_elsewhere()),
    ),
    (
        "backoffice:prevention:action-list",
        None,
        "prevention_assistant",
        {},
        lambda w, n: PreventionActionFactory.create_batch(n, adherent=w.adherent),
        lambda w: PreventionActionFactory(adherent=_elsewhere()),
    ),
    (
        "backoffice:prevention:visit-list",
        None,
        "prevention_assistant",
        {},
        _prevention_visits,
        lambda w: _prevention_visits(w, 1, _elsewhere())[0],
    ),
    (
        "backoffice:suivi_sante:adherent-convocations",
        lambda w: [w.adherent.pk],
        "secretary",
        {},
        _convocations,
        lambda w: _convocations(w, 1, w.other_adherent)[0],
    ),
    (
        "portal:suivi_sante:convocation-list",
        None,
        "portal_admin",
        {"periode": "passees"},
        _past_convocations,
        lambda w: _past_convocations(w, 1, w.other_adherent)[0],
    ),
    (
        "backoffice:suivi_sante:convocations-to-rebook",
        None,
        "secretary",
        {},
        _to_rebook,
        lambda w: _convocations(w, 1)[0],  # still awaiting the employer's answer
    ),
    (
        "backoffice:tns:vip-list",
        None,
        "nurse",
        {},
        _tns_visits,
        lambda w: _tns_visits(w, 1, w.other_center)[0],
    ),
]
CASES = [pytest.param(*row, id=row[0]) for row in LISTS]


def _body(content: str) -> str:
    """The page without what changes from one request to the next (the pagination links, the
    CSRF token, the CSP nonce): what remains is the rows shown."""
    content = re.sub(r'<nav aria-label="Pagination">.*?</nav>', "", content, flags=re.S)
    content = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", content)
    content = re.sub(r'"X-CSRFToken": "[^"]*"', "", content)
    return re.sub(r'nonce="[^"]*"', "", content)


def _link(content: str, label: str) -> str | None:
    found = re.search(LINK.format(label), content)
    return html.unescape(found.group(1)) if found else None


def _get(client, url, params=None) -> str:
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def _setup(url_name, args, actor, make_rows, world, client_for, settings):
    settings.SPSTI_LIST_PAGE_SIZE = 2
    make_rows(world, 5)
    url = reverse(url_name, args=args(world) if args else None)
    return client_for(actor), url


@pytest.mark.parametrize(("url_name", "args", "actor", "query", "make_rows", "foreign"), CASES)
def test_the_links_walk_the_same_pages_as_the_page_numbers_and_back(
    url_name, args, actor, query, make_rows, foreign, world, client_for, settings
):
    client, url = _setup(url_name, args, actor, make_rows, world, client_for, settings)
    by_number, number = [], 1
    while True:
        content = _get(client, url, {**query, "page": number})
        by_number.append(_body(content))
        if NEXT not in content:
            break
        number += 1
    assert len(by_number) >= 3, "five rows in scope, two a page"

    content = _get(client, url, query)
    by_key, hrefs = [_body(content)], []
    while (href := _link(content, NEXT)) is not None:
        assert f"{AFTER}=" in href, href  # the next page is reached by the key of its last row
        hrefs.append(href)
        content = _get(client, url + href)
        by_key.append(_body(content))
    assert by_key == by_number

    back = [_body(content)]
    while (href := _link(content, PREVIOUS)) is not None:
        assert f"{BEFORE}=" in href, href
        content = _get(client, url + href)
        back.insert(0, _body(content))
    assert back == by_number


@pytest.mark.parametrize(("url_name", "args", "actor", "query", "make_rows", "foreign"), CASES)
def test_a_hostile_or_foreign_key_gives_the_first_page(
    url_name, args, actor, query, make_rows, foreign, world, client_for, settings
):
    client, url = _setup(url_name, args, actor, make_rows, world, client_for, settings)
    first = _body(_get(client, url, query))
    outside = foreign(world).pk
    for key in ("abc", "-5", "²", "1" * 40, "%00", "0x10", "2147483648", str(outside)):
        for name in (AFTER, BEFORE):
            assert _body(_get(client, url, {**query, name: key})) == first, (name, key)


@pytest.mark.parametrize(("url_name", "args", "actor", "query", "make_rows", "foreign"), CASES)
def test_a_page_by_key_answers_in_a_flat_number_of_queries(
    url_name, args, actor, query, make_rows, foreign, world, client_for, settings
):
    client, url = _setup(url_name, args, actor, make_rows, world, client_for, settings)
    href = _link(_get(client, url, query), NEXT)
    assert href is not None
    assert f"{AFTER}=" in href

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            _get(client, url + href)
        return len(captured)

    few = queries()
    make_rows(world, 30)
    # The list's first page (tests/test_list_query_counts*.py) plus the key, by pk.
    assert queries() == few <= 12
