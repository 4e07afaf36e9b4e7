"""Convocations: the mail and its PDF, the portal pages and the employer's four answers."""

import datetime
import itertools

import pytest
from django.core.exceptions import PermissionDenied
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts.enums import AdherentRole
from suivi_sante.agenda import services as agenda
from suivi_sante.agenda.pdf import TEMPLATE, convocation_context, render_convocation
from suivi_sante.agenda.services_convocations import respond_to_convocation
from suivi_sante.errors import FollowUpError
from suivi_sante.models import Convocation
from tests.adherents.factories import AdherentMembershipFactory, EstablishmentFactory
from tests.suivi_sante.agenda.support import (
    at,
    ctx_of,
    employed_worker,
    make_due,
    make_slot,
    next_weekday,
)

pytestmark = pytest.mark.django_db


_minutes = itertools.count()


def _convocation(world, establishment=None, *, on_site=False, **slot_extra) -> Convocation:
    """A booked VIP of "DURAND Léa"; each call takes the next half-hour from Tuesday 9:30."""
    worker = employed_worker(world, establishment, last_name="Durand", first_name="Léa")
    if slot_extra.get("mode") == "teleconsultation":
        agenda.record_teleconsultation_consent(actor=ctx_of(world, "secretary"), worker=worker)
        worker.refresh_from_db()
    starts_at = at(next_weekday(2), 9, 30) + datetime.timedelta(minutes=30 * next(_minutes))
    if on_site:
        slot_extra["establishment"] = establishment
    slot = make_slot(world, "physician", starts_at, **slot_extra)
    visit = agenda.book_visit(
        actor=ctx_of(world, "secretary"), worker=worker, kind="VIP", slot=slot, due=make_due(worker)
    )
    return visit.convocation


def test_booking_mails_the_convocation_pdf_to_the_members_admins_and_hr(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    hr = AdherentMembershipFactory(adherent=world.adherent, role=AdherentRole.HR).user
    AdherentMembershipFactory(adherent=world.adherent, role=AdherentRole.BILLING)
    AdherentMembershipFactory(adherent=world.adherent, role=AdherentRole.HR, is_active=False)
    with django_capture_on_commit_callbacks(execute=True):
        convocation = _convocation(world)
    (mail,) = mailoutbox
    assert sorted(mail.to) == sorted([world.actors["portal_admin"].email, hr.email])
    assert mail.subject.startswith("Convocation de DURAND Léa le ")
    assert "Visite d'information et de prévention (VIP)" in mail.body
    ((name, content, mimetype),) = mail.attachments
    assert name == f"convocation-{convocation.pk}.pdf"
    assert mimetype == "application/pdf"
    assert content.startswith(b"%PDF")


def test_the_convocation_document_names_who_when_where_what_and_why(world):
    convocation = _convocation(world)
    html = render_to_string(TEMPLATE, convocation_context(convocation))
    visit = convocation.visit
    local = timezone.localtime(visit.scheduled_at)
    for text in (
        "Convocation à une visite de santé au travail",
        world.adherent.name,
        world.establishment.name,
        world.establishment.siret,
        "DURAND Léa",
        f"{local:%H:%M}",
        f"mardi {local.day} ",  # "mardi 1 décembre 2026"
        world.center.name,
        "Visite d&#x27;information et de prévention (VIP)",
        f"Suivi SI : visite à réaliser avant le {visit.due_on:%d/%m/%Y}.",
        "aucune information médicale",
    ):
        assert text in html, text
    assert "dans les 3 mois suivant l&#x27;embauche" not in html  # the reason: health staff only
    assert render_convocation(convocation).startswith(b"%PDF")


def test_a_teleconsultation_and_an_on_site_visit_say_so(world):
    tele = _convocation(world, mode="teleconsultation")
    assert "Téléconsultation : le salarié recevra le lien" in render_to_string(
        TEMPLATE, convocation_context(tele)
    )
    site = EstablishmentFactory(adherent=world.adherent, name="Chantier des Lilas")
    convocation = _convocation(world, establishment=site, on_site=True)
    html = render_to_string(TEMPLATE, convocation_context(convocation))
    assert "Sur site : Chantier des Lilas" in html


# The employer's answers


@pytest.mark.parametrize(
    ("answer", "note"),
    [
        ("confirmed", ""),
        ("reschedule_requested", "Plutôt un jeudi après-midi"),
        ("worker_absent", "En congés"),
        ("worker_left", ""),
    ],
)
def test_each_employer_answer_is_recorded_with_its_author_and_date(world, client_for, answer, note):
    convocation = _convocation(world)
    client = client_for("portal_admin")
    url = reverse("portal:suivi_sante:convocation-respond", args=[convocation.pk])
    response = client.post(url, {"answer": answer, "note": note})
    assert response.status_code == 302
    convocation.refresh_from_db()
    assert convocation.status == answer
    assert convocation.response_note == note
    assert convocation.responded_by == world.actors["portal_admin"]
    assert convocation.responded_at is not None
    to_rebook = client_for("secretary").get(
        reverse("backoffice:suivi_sante:convocations-to-rebook")
    )
    listed = "DURAND Léa" in to_rebook.content.decode()
    assert listed == (answer in {"reschedule_requested", "worker_absent"})


def test_asking_another_slot_needs_a_message(world):
    convocation = _convocation(world)
    with pytest.raises(FollowUpError, match="Indiquez vos disponibilités"):
        respond_to_convocation(
            actor=ctx_of(world, "portal_admin"),
            convocation=convocation,
            answer="reschedule_requested",
        )


def test_a_cancelled_visit_cannot_be_confirmed(world, client_for):
    convocation = _convocation(world)
    agenda.record_outcome(
        actor=ctx_of(world, "secretary"), visit=convocation.visit, status="cancelled"
    )
    with pytest.raises(FollowUpError, match="a été annulée"):
        respond_to_convocation(
            actor=ctx_of(world, "portal_admin"), convocation=convocation, answer="confirmed"
        )
    client = client_for("portal_admin")
    url = reverse("portal:suivi_sante:convocation-respond", args=[convocation.pk])
    response = client.post(url, {"answer": "confirmed"}, follow=True)
    assert "Cette visite a été annulée" in response.content.decode()
    convocation.refresh_from_db()
    assert convocation.status == "cancelled"


def test_a_past_visit_calls_for_no_answer(world):
    convocation = _convocation(world)
    convocation.visit.scheduled_at = timezone.now() - datetime.timedelta(days=1)
    convocation.visit.save()
    with pytest.raises(FollowUpError, match="passée"):
        respond_to_convocation(
            actor=ctx_of(world, "portal_admin"), convocation=convocation, answer="confirmed"
        )


def test_another_members_employer_cannot_answer(world):
    convocation = _convocation(world)
    with pytest.raises(PermissionDenied):
        respond_to_convocation(
            actor=ctx_of(world, "portal_other"), convocation=convocation, answer="confirmed"
        )


@pytest.mark.parametrize("name", ["convocation-detail", "convocation-pdf"])
def test_another_members_convocation_is_a_404(world, client_for, name):
    convocation = _convocation(world)
    url = reverse(f"portal:suivi_sante:{name}", args=[convocation.pk])
    assert client_for("portal_other").get(url).status_code == 404
    response = client_for("portal_other").post(
        reverse("portal:suivi_sante:convocation-respond", args=[convocation.pk]),
        {"answer": "confirmed"},
    )
    assert response.status_code == 404
    assert client_for("portal_admin").get(url).status_code == 200


# Portal pages


def test_the_list_shows_upcoming_convocations_per_establishment_then_past_ones(world, client_for):
    site = EstablishmentFactory(adherent=world.adherent, name="Zeta atelier")
    upcoming = _convocation(world)
    other_site = _convocation(world, establishment=site)
    past = _convocation(world)
    past.visit.scheduled_at = timezone.now() - datetime.timedelta(days=3)
    past.visit.save()
    client = client_for("portal_admin")
    url = reverse("portal:suivi_sante:convocation-list")
    page = client.get(url).content.decode()
    assert page.count("Visites à venir — ") == 2
    assert page.index(world.establishment.name) < page.index("Zeta atelier")
    for convocation in (upcoming, other_site):
        assert reverse("portal:suivi_sante:convocation-detail", args=[convocation.pk]) in page
    assert reverse("portal:suivi_sante:convocation-detail", args=[past.pk]) not in page
    past_page = client.get(url, {"periode": "passees"}).content.decode()
    assert reverse("portal:suivi_sante:convocation-detail", args=[past.pk]) in past_page
    only_site = client.get(url, {"etablissement": site.pk}).content.decode()
    assert reverse("portal:suivi_sante:convocation-detail", args=[upcoming.pk]) not in only_site


def test_the_detail_page_offers_the_answers_and_the_pdf(world, client_for):
    convocation = _convocation(world)
    client = client_for("portal_admin")
    page = client.get(reverse("portal:suivi_sante:convocation-detail", args=[convocation.pk]))
    html = page.content.decode()
    assert "Je demande un autre créneau" in html
    assert "Le salarié a quitté l&#x27;entreprise" in html
    pdf = client.get(reverse("portal:suivi_sante:convocation-pdf", args=[convocation.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def test_the_portal_list_query_count_is_flat(world, client_for, django_assert_max_num_queries):
    client = client_for("portal_admin")
    url = reverse("portal:suivi_sante:convocation-list")
    _convocation(world)
    client.get(url)
    with django_assert_max_num_queries(12):
        client.get(url)
    for _ in range(29):
        _convocation(world)
    with django_assert_max_num_queries(12):
        assert client.get(url).content.decode().count("DURAND Léa") == 30
