"""The employer's home lists its work (issue 17, item 1): each count by hand on a small world,
each link followed to a list showing exactly those items; another member's items never
counted; a firm sees only what its mandate's scopes allow; the home stays bounded."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from adherents.models import RequestStatus
from prevention.models import FicheAcknowledgement, FicheVersion
from suivi_sante.enums import ConvocationStatus
from suivi_sante.models import Convocation
from tests import documents
from tests.adherents.factories import EstablishmentFactory
from tests.adherents.factories_billing import InvoiceRowFactory
from tests.adherents.factories_requests import MemberRequestFactory
from tests.prevention.factories import FicheFactory, FicheVersionFactory
from tests.suivi_sante.factories import (
    DueVisitFactory,
    EmploymentFactory,
    VisitFactory,
    WorkerFactory,
)

pytestmark = pytest.mark.django_db
HOME = "portal:dashboard"


def _convocation(world, establishment, status=ConvocationStatus.SENT, days=3):
    worker = WorkerFactory(adherent=establishment.adherent)
    EmploymentFactory(worker=worker, establishment=establishment)
    visit = VisitFactory(
        worker=worker,
        professional=world.actors["physician"],
        scheduled_at=timezone.now() + datetime.timedelta(days=days),
    )
    answered = {} if status == ConvocationStatus.SENT else {"responded_at": timezone.now()}
    return Convocation.objects.create(
        visit=visit, establishment=establishment, sent_at=timezone.now(), status=status, **answered
    )


def _sent_fiche(world, establishment, *, acknowledged=False):
    version = FicheVersionFactory(fiche=FicheFactory(establishment=establishment))
    FicheVersion.objects.filter(pk=version.pk).update(
        status="validated", validated_by=world.actors["physician"], validated_at="2026-01-05T10:00Z"
    )
    FicheVersion.objects.filter(pk=version.pk).update(
        status="sent", sent_at="2026-01-06T10:00Z", **documents.fields(b"%PDF", "pdf", "sha256")
    )
    if acknowledged:
        FicheAcknowledgement.objects.create(
            version=version,
            acknowledged_by=world.actors["portal_admin"],
            acknowledged_at=timezone.now(),
        )
    return version


@pytest.fixture
def work(world):
    """A: 2 convocations awaiting an answer (+1 confirmed, +1 past), 2 visits to plan, 1 FE to
    acknowledge (+1 acknowledged), 2 unpaid invoices (500 + 300 €; +1 paid by credit), 1
    answered request (+1 new). B: one of each, never counted for A."""
    a, b = world.establishment, world.other_establishment
    awaiting = [_convocation(world, a), _convocation(world, a, days=5)]
    _convocation(world, a, status=ConvocationStatus.CONFIRMED)
    _convocation(world, a, days=-2)  # past: no answer expected any more
    _convocation(world, b)
    due_workers = [world.worker, WorkerFactory(adherent=world.adherent)]
    for worker in due_workers:
        DueVisitFactory(worker=worker)
    DueVisitFactory(worker=WorkerFactory(adherent=world.other_adherent))
    second = EstablishmentFactory(adherent=world.adherent, name="Dépôt Alpha")
    to_ack = _sent_fiche(world, a)
    _sent_fiche(world, second, acknowledged=True)
    _sent_fiche(world, b)
    unpaid = [
        InvoiceRowFactory(adherent=world.adherent, total=Decimal("500.00")),
        InvoiceRowFactory(adherent=world.adherent, total=Decimal("300.00")),
    ]
    InvoiceRowFactory(adherent=world.other_adherent, total=Decimal("900.00"))
    answered = MemberRequestFactory(adherent=world.adherent, status=RequestStatus.ANSWERED)
    MemberRequestFactory(adherent=world.adherent, status=RequestStatus.NEW)
    MemberRequestFactory(adherent=world.other_adherent, status=RequestStatus.ANSWERED)
    return {
        "awaiting": awaiting,
        "due_workers": due_workers,
        "to_ack": to_ack,
        "unpaid": unpaid,
        "answered": answered,
    }


def _items(html: str) -> dict[str, tuple[int, str, str]]:
    """title -> (count, sentence, link) of each work card of a home."""
    found = {}
    for block in re.findall(r"<section class=\"card.*?</section>", html, re.S):
        title = re.search(r"<h3[^>]*>(.*?)</h3>", block, re.S).group(1)
        count = int(re.search(r'data-work-count="(\d+)"', block).group(1))
        text = re.search(r'data-work-count="\d+">(.*?)</p>', block, re.S).group(1)
        link = re.search(r'<a class="btn[^"]*" href="([^"]+)"', block)
        found[title.replace("&#x27;", "'")] = (
            count,
            text.replace("&#x27;", "'"),
            link.group(1).replace("&amp;", "&") if link else "",
        )
    return found


def test_the_employer_home_counts_its_work_and_links_to_exactly_those_items(
    world, client_for, work
):
    client = client_for("portal_admin")
    items = _items(client.get(reverse(HOME)).content.decode())

    count, text, link = items["Convocations à confirmer"]
    assert (count, text) == (2, "2 convocations attendent votre réponse")
    page = client.get(link).content.decode()
    shown = set(map(int, re.findall(r"/convocations/(\d+)/\"", page)))
    assert shown == {c.pk for c in work["awaiting"]}

    count, text, link = items["Visites à prévoir"]
    assert (count, text) == (2, "2 visites sont à prévoir pour vos salariés")
    page = client.get(link).content.decode()
    shown = set(map(int, re.findall(r"/salaries/(\d+)/\"", page)))
    assert shown == {w.pk for w in work["due_workers"]}

    count, text, link = items["Fiches d'entreprise reçues"]
    assert (count, text) == (1, "1 fiche attend votre accusé de réception")
    page = client.get(link).content.decode()
    shown = set(map(int, re.findall(r"/fiches-entreprise/(\d+)/\"", page)))
    assert shown == {work["to_ack"].pk}

    count, text, link = items["Factures à régler"]
    assert (count, text) == (2, "2 factures à régler : 800,00\u00a0€")
    page = client.get(link).content.decode()
    shown = set(map(int, re.findall(r"/factures/(\d+)/\"", page)))
    assert shown == {i.pk for i in work["unpaid"]}

    count, text, link = items["Réponses du service"]
    assert (count, text) == (1, "1 demande a reçu une réponse")
    page = client.get(link).content.decode()
    shown = set(map(int, re.findall(r"/demandes/(\d+)/\"", page)))
    assert shown == {work["answered"].pk}

    # No DUERP published: no yearly update due yet, and the card says so.
    assert items["Document unique (DUERP)"][:2] == (
        0,
        "Aucune mise à jour du DUERP due dans les deux mois",
    )


def test_an_empty_home_says_there_is_nothing_waiting(world, client_for):
    items = _items(client_for("portal_admin").get(reverse(HOME)).content.decode())
    assert items["Convocations à confirmer"][:2] == (
        0,
        "Aucune convocation en attente de votre réponse",
    )
    assert items["Factures à régler"][:2] == (0, "Aucune facture à régler")
    assert items["Réponses du service"][:2] == (0, "Aucune demande répondue en attente de lecture")


def test_another_member_never_sees_these_items(world, client_for, work):
    items = _items(client_for("portal_other").get(reverse(HOME)).content.decode())
    assert items["Convocations à confirmer"][0] == 1
    assert items["Visites à prévoir"][0] == 1
    assert items["Fiches d'entreprise reçues"][0] == 1
    assert items["Factures à régler"][:2] == (1, "1 facture à régler : 900,00\u00a0€")
    assert items["Réponses du service"][0] == 1


def test_a_firm_sees_only_what_its_mandate_allows(world, client_for, work):
    """A's firm holds the workforce and invoices scopes: its invoices, nothing of follow-up,
    prevention or requests."""
    items = _items(client_for("firm_mandated").get(reverse(HOME)).content.decode())
    assert set(items) == {"Factures à régler"}
    assert items["Factures à régler"][0] == 2


def test_the_portal_home_is_bounded(world, client_for, work, django_assert_max_num_queries):
    client = client_for("portal_admin")
    for _ in range(10):
        _convocation(world, world.establishment)
        DueVisitFactory(worker=WorkerFactory(adherent=world.adherent))
        InvoiceRowFactory(adherent=world.adherent)
        MemberRequestFactory(adherent=world.adherent, status=RequestStatus.ANSWERED)
    with django_assert_max_num_queries(25):
        response = client.get(reverse(HOME))
    assert _items(response.content.decode())["Convocations à confirmer"][0] == 12


def _published(world, adherent, *, headcount: int, published_on: datetime.date):
    from prevention.models import DuerpVersion
    from tests.prevention.factories import DuerpFactory

    duerp = DuerpFactory(adherent=adherent, headcount=headcount)
    DuerpVersion.objects.create(  # an insert, as publication does
        duerp=duerp,
        number=1,
        published_at=timezone.make_aware(
            datetime.datetime.combine(published_on, datetime.time(10))
        ),
        published_by=world.actors["portal_admin"],
        snapshot={},
        sha256="0" * 64,
        keep_until=published_on.replace(year=published_on.year + 40),
    )


@pytest.mark.parametrize(
    ("headcount", "months_ago", "expected"),
    [
        (12, 13, "Mise à jour annuelle en retard depuis le {due} (art. R4121-2)"),
        (12, 11, "Mise à jour annuelle à faire avant le {due} (art. R4121-2)"),
        (12, 6, "Aucune mise à jour du DUERP due dans les deux mois"),
        (8, 13, "Aucune mise à jour du DUERP due dans les deux mois"),  # under 11: no yearly
    ],
)
def test_the_duerp_update_is_announced_two_months_ahead_for_11_workers_or_more(
    world, client_for, headcount, months_ago, expected
):
    from prevention.rules.dates import add_years
    from suivi_sante.rules.dates import add_months

    today = timezone.localdate()
    published_on = add_months(today, -months_ago)
    _published(world, world.adherent, headcount=headcount, published_on=published_on)
    client = client_for("portal_admin")
    count, text, link = _items(client.get(reverse(HOME)).content.decode())[
        "Document unique (DUERP)"
    ]
    due = add_years(published_on, 1)
    assert text == expected.format(due=f"{due:%d/%m/%Y}")
    assert link == reverse("portal:prevention:duerp-workspace")
    assert count == (0 if expected.startswith("Aucune") else 1)
