"""The member service reviews an application: corrections, rejection, validation (member,
establishments, contacts, portal account, letter, trajectory, invitation), all or nothing."""

import datetime
import hashlib
import html
import re
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.enums import AdherentRole, StaffRole
from adherents.joining import services_review as joining_review
from adherents.models import (
    Adherent,
    AdherentMembership,
    ApplicationStatus,
    Contact,
    Establishment,
    MembershipApplication,
    TrajectoryStep,
)
from tests import documents
from tests.accounts.factories import StaffAssignmentFactory
from tests.adherents.factories import AdherentFactory, EstablishmentFactory
from tests.adherents.factories_joining import draft_application, submitted_application
from tests.conftest import login

pytestmark = pytest.mark.django_db
User = get_user_model()
RESUME = re.compile(r"http://\S+/adhesion/demande/([\w-]+)/")


def text(response) -> str:
    return html.unescape(response.content.decode())


def detail(application) -> str:
    return reverse("backoffice:adherents:joining-application-detail", args=[application.pk])


def counts() -> tuple[int, ...]:
    return tuple(
        model.objects.count()
        for model in (Adherent, Establishment, Contact, AdherentMembership, User, TrajectoryStep)
    )


def test_validation_creates_the_member_and_its_access(
    world, client_for, mailoutbox, django_capture_on_commit_callbacks
):
    application, _token = submitted_application()
    agent = client_for("member_service")
    page = agent.get(detail(application))
    assert page.status_code == 200
    assert "Valider l'adhésion" in text(page)
    assert "Points bloquants" not in text(page)

    with django_capture_on_commit_callbacks(execute=True):
        response = agent.post(
            reverse("backoffice:adherents:joining-application-validate", args=[application.pk]),
            {"team": world.team.pk, "admin_email": "dirigeant@delta.fr"},
        )
    assert response.status_code == 302
    application.refresh_from_db()
    adherent = application.adherent
    assert application.status == ApplicationStatus.VALIDATED
    assert application.team == world.team
    assert application.reviewed_by == world.actors["member_service"]
    assert (adherent.name, adherent.team, adherent.joined_on) == (
        "Menuiserie Delta",
        world.team,
        timezone.localdate(),
    )
    assert (adherent.legal_form, adherent.naf_code) == ("SARL", "43.32A")
    assert adherent.activity_description.startswith("Menuiserie bois")

    head, worksite = adherent.establishments.order_by("siret")
    assert (head.is_head_office, head.kind, worksite.is_head_office, worksite.kind) == (
        True,
        "head_office",
        False,
        "worksite",
    )
    assert head.opening_hours == "Lundi-vendredi 8h-17h"  # the company's, none given per site
    assert (head.convocation_weekdays, head.convocation_half_day) == ([2, 4], "am")
    assert sorted(adherent.contacts.values_list("role", flat=True)) == [
        "billing",
        "manager",
        "sst_referent",
    ]
    membership = AdherentMembership.objects.get(adherent=adherent)
    assert (membership.user.email, membership.role) == ("dirigeant@delta.fr", AdherentRole.ADMIN)
    assert membership.user.first_name == "Paul"
    assert not membership.user.has_usable_password()

    steps = TrajectoryStep.objects.filter(adherent=adherent).select_related("definition")
    assert {s.definition.code for s in steps} >= {"welcome_call", "prevention_visit"}
    welcome = next(s for s in steps if s.definition.code == "welcome_call")
    assert welcome.due_on == timezone.localdate() + datetime.timedelta(days=15)

    page = text(agent.get(detail(application)))
    assert "Télécharger le courrier de validation (PDF)" in page
    assert "Valider l'adhésion</button>" not in page

    # The letter: a PDF, its hash stored, downloadable by the member service.
    letter = documents.read(application.letter_pdf, application.letter_sha256)
    assert letter.startswith(b"%PDF")
    assert application.letter_sha256 == hashlib.sha256(letter).hexdigest()
    download = agent.get(
        reverse("backoffice:adherents:joining-application-letter", args=[application.pk])
    )
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download.getvalue() == letter

    # The invitation: an activation link that works, then a normal login.
    invitation = mailoutbox[-1]
    assert invitation.to == ["dirigeant@delta.fr"]
    assert "Menuiserie Delta" in invitation.subject
    url = re.search(r"http://\S+/comptes/\S+", invitation.body).group(0)
    browser = Client()
    response = browser.get(urlsplit(url).path)
    assert response.status_code == 302
    set_password_url = response.url
    response = browser.post(
        set_password_url,
        {"password1": "Un-Mot-De-Passe-Solide-42", "password2": "Un-Mot-De-Passe-Solide-42"},
    )
    assert response.status_code == 302
    membership.user.refresh_from_db()
    assert membership.user.has_usable_password()
    member = Client()
    response = member.post(
        reverse("account_login"),
        {"login": "dirigeant@delta.fr", "password": "Un-Mot-De-Passe-Solide-42"},
    )
    assert response.status_code == 302
    dashboard = member.get(reverse("portal:dashboard"))
    assert dashboard.status_code == 200
    assert "Bien démarrer avec votre espace" in text(dashboard)
    assert "Donner un mandat à votre cabinet comptable" not in text(dashboard)  # none announced


def test_the_letter_has_the_expected_headings_and_no_access_code(world, client_for):
    application, _ = submitted_application()
    client_for("member_service").post(
        reverse("backoffice:adherents:joining-application-validate", args=[application.pk]),
        {"team": world.team.pk, "admin_email": application.applicant_email},
    )
    application.refresh_from_db()
    # The PDF's text is compressed: read the letter from the same template and context.
    letter = html.unescape(
        render_to_string(joining_review.LETTER_TEMPLATE, joining_review.letter_context(application))
    )
    for heading in (
        "<h2>Accusé de réception</h2>",
        "<h2>Votre équipe et votre centre</h2>",
        "<h2>Vos correspondants</h2>",
        "<h2>Et maintenant ?</h2>",
    ):
        assert heading in letter
    assert f"<strong>{world.team.name}</strong>, au centre <strong>{world.center.name}" in letter
    assert "Aucun code d'accès n'est envoyé par courrier" in letter
    assert "Appel de bienvenue" in letter  # the new member's trajectory, with due dates
    assert "referent@delta.fr" in letter  # the contacts, to be checked by the member
    assert "mot de passe :" not in letter.lower()


def test_a_siret_taken_meanwhile_writes_nothing(world, client_for, mailoutbox):
    application, _token = submitted_application()
    taken = application.establishments[1]["siret"]
    EstablishmentFactory(adherent=AdherentFactory(team=world.team), siret=taken)
    before = counts()
    response = client_for("member_service").post(
        reverse("backoffice:adherents:joining-application-validate", args=[application.pk]),
        {"team": world.team.pk, "admin_email": application.applicant_email},
        follow=True,
    )
    assert (
        f"Validation impossible, rien n'a été enregistré : le SIRET {taken} vient d'être "
        "enregistré au service" in text(response)
    )
    assert counts() == before
    application.refresh_from_db()
    assert (application.status, application.adherent_id, application.letter_sha256) == (
        ApplicationStatus.SUBMITTED,
        None,
        "",
    )
    assert mailoutbox == []


def test_the_team_must_be_one_of_the_reviewers_centre(world, client_for):
    application, _ = submitted_application()
    before = counts()
    response = client_for("member_service").post(
        reverse("backoffice:adherents:joining-application-validate", args=[application.pk]),
        {"team": world.other_team.pk, "admin_email": application.applicant_email},
        follow=True,
    )
    assert "Choisissez une équipe de votre centre" in text(response)
    assert counts() == before


def test_a_staff_address_cannot_become_the_member_admin(world, client_for):
    staff_email = world.actors["nurse"].email
    application, _ = submitted_application(applicant_email=staff_email)
    before = counts()
    response = client_for("member_service").post(
        reverse("backoffice:adherents:joining-application-validate", args=[application.pk]),
        {"team": world.team.pk, "admin_email": staff_email},
        follow=True,
    )
    assert f"L'adresse {staff_email} est celle d'un compte du service" in text(response)
    assert counts() == before


def test_corrections_need_a_message_and_send_a_new_link(
    world, client_for, mailoutbox, django_capture_on_commit_callbacks
):
    application, old_token = submitted_application()
    agent = client_for("member_service")
    url = reverse("backoffice:adherents:joining-application-request-changes", args=[application.pk])
    response = agent.post(url, {"message": "  "}, follow=True)
    assert "Indiquez au demandeur ce qu'il doit corriger." in text(response)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED

    with django_capture_on_commit_callbacks(execute=True):
        agent.post(url, {"message": "Le SIR paraît sous-estimé."})
    application.refresh_from_db()
    assert application.status == ApplicationStatus.CHANGES_REQUESTED
    assert application.review_message == "Le SIR paraît sous-estimé."
    mail = mailoutbox[-1]
    assert mail.to == [application.applicant_email]
    assert "Le SIR paraît sous-estimé." in mail.body
    new_token = RESUME.search(mail.body).group(1)
    assert new_token != old_token
    page = Client().get(reverse("public:joining-step", args=[new_token, "activite"]))
    assert "Le SIR paraît sous-estimé." in text(page)


def test_rejection_needs_a_reason(
    world, client_for, mailoutbox, django_capture_on_commit_callbacks
):
    application, _ = submitted_application()
    agent = client_for("member_service")
    url = reverse("backoffice:adherents:joining-application-reject", args=[application.pk])
    response = agent.post(url, {"message": ""}, follow=True)
    assert "Le motif du refus est obligatoire." in text(response)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED

    with django_capture_on_commit_callbacks(execute=True):
        agent.post(url, {"message": "Votre siège est hors de notre territoire."})
    application.refresh_from_db()
    assert application.status == ApplicationStatus.REJECTED
    assert "hors de notre territoire" in mailoutbox[-1].body


def test_the_rejection_reason_is_also_a_database_rule():
    from django.db import IntegrityError, transaction

    application, _ = draft_application()
    application.status = ApplicationStatus.REJECTED
    with pytest.raises(IntegrityError), transaction.atomic():
        application.save()


def test_a_draft_cannot_be_validated(world, client_for):
    application, _ = draft_application()
    before = counts()
    response = client_for("member_service").post(
        reverse("backoffice:adherents:joining-application-validate", args=[application.pk]),
        {"team": world.team.pk, "admin_email": application.applicant_email},
        follow=True,
    )
    assert "action impossible" in text(response)
    assert counts() == before


def test_an_application_given_to_another_centre_is_a_404(world):
    application, _ = submitted_application()
    application.status = ApplicationStatus.VALIDATED
    application.team = world.other_team
    application.adherent = AdherentFactory(team=world.other_team)
    application.save()
    agent = login(Client(), world.actors["member_service"])
    assert agent.get(detail(application)).status_code == 404
    other = StaffAssignmentFactory(
        center=world.other_center, team=world.other_team, role=StaffRole.MEMBER_SERVICE
    ).user
    assert login(Client(), other).get(detail(application)).status_code == 200


def test_the_list_filters_by_status_in_a_bounded_number_of_queries(
    world, client_for, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    agent = client_for("member_service")
    url = reverse("backoffice:adherents:joining-application-list")
    submitted_application(company_name="Une seule")
    agent.get(url)  # warm the session and the context
    with CaptureQueriesContext(connection) as captured:
        page = agent.get(url)
    one = len(captured)  # now: the next request resets the connection's query log
    assert "Une seule" in text(page)
    for n in range(30):
        submitted_application(company_name=f"Société {n}")
    draft_application(company_name="Brouillon")
    with CaptureQueriesContext(connection) as many:
        page = agent.get(url)
    assert len(many) == one
    assert "Brouillon" not in text(page)  # the default filter: submitted files
    assert "Brouillon" in text(agent.get(url, {"statut": "draft"}))
    assert "Brouillon" in text(agent.get(url, {"statut": "toutes"}))
    with django_assert_max_num_queries(one):
        agent.get(url, {"statut": "toutes"})
    assert MembershipApplication.objects.count() == 32


def test_the_member_service_resends_an_activation_link(
    world, client_for, mailoutbox, django_capture_on_commit_callbacks
):
    agent = client_for("member_service")
    page = agent.get(
        reverse("backoffice:adherents:joining-portal-access", args=[world.adherent.pk])
    )
    assert "Renvoyer le lien d'activation" in text(page)
    membership = AdherentMembership.objects.get(user=world.actors["portal_admin"])
    with django_capture_on_commit_callbacks(execute=True):
        response = agent.post(
            reverse("backoffice:adherents:joining-invitation-resend", args=[membership.pk])
        )
    assert response.status_code == 302
    assert mailoutbox[-1].to == [membership.user.email]
    assert "/comptes/" in mailoutbox[-1].body
    assert "nouveau lien" in mailoutbox[-1].body

    membership.is_active = False
    membership.save()
    response = agent.post(
        reverse("backoffice:adherents:joining-invitation-resend", args=[membership.pk]),
        follow=True,
    )
    assert "Ce rôle est terminé" in text(response)
    assert len(mailoutbox) == 1
