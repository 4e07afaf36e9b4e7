"""Health reasons reach the worker's health professionals only (issue 10, item 3).

Per audience (member admin, HR, firm with the workers and convocations scopes, medical
secretary, nurse, physician), each sensitive wording is looked for in the pages, the HTML given
to WeasyPrint for the convocation PDF (pypdf is not in uv.lock) and the e-mail bodies.
"""

from __future__ import annotations

import datetime
from html import unescape

import pytest
from django.core import mail
from django.db import connection
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.enums import AdherentRole, MandateScope
from suivi_sante.agenda import services as agenda
from suivi_sante.agenda import services_convocations as convocations
from suivi_sante.agenda.pdf import TEMPLATE, convocation_context
from suivi_sante.errors import FollowUpError
from suivi_sante.models import Convocation, DueVisit, Employment
from suivi_sante.schedule import services as schedule
from suivi_sante.workers import services as workers
from tests.adherents.factories import (
    AccountingFirmMemberFactory,
    AdherentMembershipFactory,
    MandateFactory,
)
from tests.conftest import login
from tests.suivi_sante.agenda.support import at, ctx_of, make_slot, next_weekday
from tests.suivi_sante.factories import WorkerFactory

pytestmark = pytest.mark.django_db

OVERRIDE_REASON = "Antécédent cardiaque signalé lors de l'entretien"
# What reveals a health status or a protected situation, or a medical decision.
SENSITIVE = (
    "enceinte",
    "handicapé",
    "pension d'invalidité",
    "fixée par le médecin",
    OVERRIDE_REASON,
    "R4624-20",
    "orientation sans délai",
)
EMPLOYERS = ("portal_admin", "portal_hr", "firm")
HEALTH = ("physician", "nurse")


@pytest.fixture
def people(world):
    """World A plus its HR and a firm mandated for the workers and convocations."""
    hr = AdherentMembershipFactory(adherent=world.adherent, role=AdherentRole.HR).user
    firm = AccountingFirmMemberFactory().user
    MandateFactory(
        firm=firm.firm_memberships.get().firm,
        adherent=world.adherent,
        scopes=[MandateScope.WORKERS, MandateScope.CONVOCATIONS],
    )
    world.actors.update({"portal_hr": hr, "firm": firm})
    return world


def _employed(world, **situations):
    worker = WorkerFactory(adherent=world.adherent, **situations)
    Employment.objects.create(
        worker=worker,
        establishment=world.establishment,
        job_title="Vendeuse",
        start_on=timezone.localdate() - datetime.timedelta(days=40),  # VIP due in ~50 days
    )
    schedule.refresh_due_visits([worker.pk])
    worker.refresh_from_db()
    return worker


@pytest.fixture
def protected(people):
    """A pregnant, disabled worker with an invalidity pension: SIA, oriented to the physician."""
    return _employed(
        people,
        last_name="Protégée",
        is_pregnant=True,
        is_disabled=True,
        has_invalidity_pension=True,
    )


@pytest.fixture
def overridden(people):
    """A worker whose category the physician set, with a free-text reason."""
    worker = _employed(people, last_name="Surclassé", sex="M")
    workers.set_category(
        actor=ctx_of(people, "physician"), worker=worker, category="SIR", reason=OVERRIDE_REASON
    )
    worker.refresh_from_db()
    return worker


def _page(world, actor: str, name: str, *args, **params) -> str:
    client = login(Client(), world.actors[actor])
    response = client.get(reverse(name, args=args), params)
    assert response.status_code == 200, (actor, name)
    return unescape(response.content.decode())


def _leaks(text: str) -> list[str]:
    return [word for word in SENSITIVE if word in text]


def test_the_engine_does_write_the_sensitive_reasons(protected, overridden):
    """The premise: without disclosure.py these words would reach every page below."""
    words = protected.category_justification + " ".join(
        DueVisit.objects.filter(worker=protected).values_list("reason", flat=True)
    )
    assert {"enceinte", "handicapé", "pension d'invalidité", "R4624-20"} <= {
        w for w in SENSITIVE if w in words
    }
    assert "fixée par le médecin" in overridden.category_justification


@pytest.mark.parametrize("actor", EMPLOYERS)
def test_employers_and_their_firm_read_category_and_date_only(people, protected, overridden, actor):
    for worker, category in ((protected, "SIA"), (overridden, "SIR")):
        html = _page(people, actor, "portal:suivi_sante:worker-detail", worker.pk)
        assert _leaks(html) == [], (actor, worker)
        assert category in html
        due = DueVisit.objects.filter(worker=worker).order_by("due_on").first()
        assert f"Suivi {category} : visite à réaliser avant le {due.due_on:%d/%m/%Y}." in html
    listing = _page(people, actor, "portal:suivi_sante:due-list")
    assert _leaks(listing) == []
    assert "Suivi SIA : visite à réaliser" in listing


def test_the_medical_secretary_reads_neither_the_reasons_nor_the_physicians_words(
    people, protected, overridden
):
    for worker in (protected, overridden):
        html = _page(people, "secretary", "backoffice:suivi_sante:worker-detail", worker.pk)
        assert _leaks(html) == [], worker
    for name, params in (
        ("backoffice:suivi_sante:due-upcoming", {"jours": 90}),
        ("backoffice:suivi_sante:due-overdue", {}),
    ):
        assert _leaks(_page(people, "secretary", name, **params)) == [], name


@pytest.mark.parametrize("actor", HEALTH)
def test_physicians_and_nurses_read_the_reasons(people, protected, overridden, actor):
    html = _page(people, actor, "backoffice:suivi_sante:worker-detail", protected.pk)
    assert {"enceinte", "handicapé", "pension d'invalidité", "R4624-20"} <= set(_leaks(html))
    html = _page(people, actor, "backoffice:suivi_sante:worker-detail", overridden.pk)
    assert {"fixée par le médecin", OVERRIDE_REASON} <= set(_leaks(html))
    upcoming = _page(people, actor, "backoffice:suivi_sante:due-upcoming", jours=90)
    assert "orientation sans délai" in upcoming


def _book(world, worker, kind: str, hour: int):
    slot = make_slot(world, "physician", at(next_weekday(2), hour))
    due = DueVisit.objects.filter(worker=worker, kind=kind).first()
    return agenda.book_visit(
        actor=ctx_of(world, "secretary"), worker=worker, kind=kind, slot=slot, due=due
    )


def test_convocation_pdf_email_and_pages_carry_no_health_reason(
    people, protected, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        visit = _book(people, protected, "VIP", 9)
    assert "R4624-20" in visit.due_reason  # stored for the health professionals
    (message,) = mail.outbox
    assert _leaks(message.subject + message.body) == []
    html = render_to_string(TEMPLATE, convocation_context(visit.convocation))  # WeasyPrint's input
    assert _leaks(unescape(html)) == []
    assert f"Suivi SIA : visite à réaliser avant le {visit.due_on:%d/%m/%Y}." in unescape(html)
    for actor in ("portal_admin", "firm"):
        page = _page(people, actor, "portal:suivi_sante:convocation-detail", visit.convocation.pk)
        assert _leaks(page) == [], actor
    secretary = _page(people, "secretary", "backoffice:suivi_sante:visit-detail", visit.pk)
    assert _leaks(secretary) == []
    nurse = _page(people, "nurse", "backoffice:suivi_sante:visit-detail", visit.pk)
    assert "orientation sans délai" in nurse


def test_the_weekly_digest_carries_no_health_reason(people, protected, overridden):
    schedule.send_due_digest_batch(adherent_ids=[people.adherent.pk], week="2026-W49")
    (message,) = mail.outbox
    assert _leaks(message.body) == []
    assert str(protected) in message.body
    assert "Suivi SIA : visite à réaliser" in message.body
    assert "Suivi SIR : visite à réaliser" in message.body


# Confidential convocations: pré-reprise (R4624-29) and visits on request (R4624-34)


def _pages_of(world, actor, convocation) -> tuple[int, int, str]:
    client = login(Client(), world.actors[actor])
    detail = client.get(reverse("portal:suivi_sante:convocation-detail", args=[convocation.pk]))
    pdf = client.get(reverse("portal:suivi_sante:convocation-pdf", args=[convocation.pk]))
    listing = client.get(reverse("portal:suivi_sante:convocation-list")).content.decode()
    return detail.status_code, pdf.status_code, listing


@pytest.mark.parametrize("kind", ["PRE_REPRISE", "DEMANDE"])
def test_a_confidential_convocation_goes_to_the_worker_alone(
    people, kind, django_capture_on_commit_callbacks
):
    worker = _employed(people, last_name="Discrète", email="lea.discrete@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        visit = _book(people, worker, kind, 10)
    (message,) = mail.outbox
    assert message.to == ["lea.discrete@example.org"]
    assert "votre employeur n'en est pas informé sans votre accord" in message.body
    convocation = visit.convocation
    for actor in ("portal_admin", "portal_hr", "firm"):
        detail, pdf, listing = _pages_of(people, actor, convocation)
        assert (detail, pdf) == (404, 404), actor
        assert str(worker) not in listing, actor
    assert not Convocation.objects.visible_to(ctx_of(people, "portal_admin")).exists()
    # The worker agrees: staff record it, the employer is told and may now see it.
    client = login(Client(), people.actors["secretary"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("backoffice:suivi_sante:visit-share", args=[visit.pk]))
    assert response.status_code == 302
    assert sorted(mail.outbox[-1].to) == sorted(
        [people.actors["portal_admin"].email, people.actors["portal_hr"].email]
    )
    detail, pdf, listing = _pages_of(people, "portal_admin", convocation)
    assert (detail, pdf) == (200, 200)
    assert str(worker) in unescape(listing)


def test_a_confidential_convocation_without_the_workers_address_mails_nobody(
    people, django_capture_on_commit_callbacks
):
    worker = _employed(people, last_name="Injoignable")
    with django_capture_on_commit_callbacks(execute=True):
        visit = _book(people, worker, "DEMANDE", 11)
    assert mail.outbox == []  # never the employer; the secretary calls the worker
    page = _page(people, "secretary", "backoffice:suivi_sante:visit-detail", visit.pk)
    assert "aucun e-mail personnel connu" in page


def test_the_visit_share_is_refused_in_french_for_an_ordinary_visit(people, protected):
    visit = _book(people, protected, "VIP", 12)
    with pytest.raises(FollowUpError, match="déjà informé de ce type de visite"):
        convocations.share_with_employer(actor=ctx_of(people, "secretary"), visit=visit)


def test_the_employer_does_not_see_a_pre_reprise_due(people):
    worker = _employed(people, last_name="Arrêtée")
    due = DueVisit.objects.create(
        worker=worker,
        team=people.team,
        kind="PRE_REPRISE",
        due_on=timezone.localdate(),
        performers=["physician"],
        legal_reference="R4624-29",
        reason="Visite de pré-reprise possible dès maintenant",
        computed_at=timezone.now(),
    )
    assert not DueVisit.objects.visible_to(ctx_of(people, "portal_admin")).filter(pk=due.pk)
    assert DueVisit.objects.visible_to(ctx_of(people, "nurse")).filter(pk=due.pk).exists()


def test_the_workers_agreement_is_false_by_default_in_the_database():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT column_default, is_nullable FROM information_schema.columns "
            "WHERE table_name = 'suivi_sante_visit' AND column_name = 'is_shared_with_employer'"
        )
        assert cursor.fetchone() == ("false", "NO")


def test_staff_record_the_workers_own_contact_with_the_identity(people):
    worker = _employed(people, last_name="Joignable")
    client = login(Client(), people.actors["secretary"])
    response = client.post(
        reverse("backoffice:suivi_sante:worker-identity", args=[worker.pk]),
        {"identity_status": "provisional", "email": "joignable@example.org", "phone": "0611223344"},
    )
    assert response.status_code == 302
    worker.refresh_from_db()
    assert (worker.email, worker.phone) == ("joignable@example.org", "0611223344")


@pytest.mark.django_db
def test_the_article_of_a_due_visit_is_printed_once():
    """Issue 17, item 7: the engine's reason already cites its article; it is not repeated."""
    from suivi_sante.perms_disclosure import due_reason
    from tests.suivi_sante.factories import DueVisitFactory

    cited = DueVisitFactory()
    assert due_reason(cited, health=True) == (
        "VIP initiale à réaliser avant le 01/01/2026 (art. R4624-10)"
    )
    bare = DueVisitFactory(reason="VIP initiale à réaliser avant le 01/01/2026")
    assert due_reason(bare, health=True).endswith("01/01/2026 (art. R4624-10)")
    assert due_reason(bare, health=True).count("R4624-10") == 1
