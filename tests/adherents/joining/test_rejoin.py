"""A former member (struck off, resigned) applies online again and comes back as the same
member: accepted online, flagged to the reviewer, reactivated at validation with its earlier
period kept in its history. A member in membership is still told it is one."""

import datetime
import html

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from adherents.models import (
    Adherent,
    AdherentMembership,
    ApplicationStatus,
    Contact,
    Establishment,
    MembershipApplication,
    StepStatus,
    TrajectoryStep,
)
from adherents.trajectory.selectors import contact_indicator
from tests.adherents.factories import AdherentFactory, EstablishmentFactory
from tests.adherents.factories_joining import new_siren, siret_of
from tests.adherents.factories_trajectory import close, started
from tests.adherents.joining.test_public_flow import (
    fill_until_review,
    start,
    step_url,
)

pytestmark = pytest.mark.django_db
D = datetime.date


def text(response) -> str:
    return html.unescape(response.content.decode())


def former_member(world) -> Adherent:
    siren = new_siren()
    former = AdherentFactory(
        team=world.other_team,
        siren=siren,
        name="Menuiserie Delta (ancienne)",
        joined_on=D(2015, 3, 1),
        status=Adherent.Status.ENDED,
        ended_on=D(2024, 12, 31),
        end_reason=Adherent.EndReason.STRUCK_OFF,
    )
    # Its former head office comes back; its old site stays known.
    EstablishmentFactory(adherent=former, siret=siret_of(siren, 1), is_head_office=True)
    EstablishmentFactory(adherent=former, siret=siret_of(siren, 9), name="Ancien dépôt")
    Contact.objects.create(
        adherent=former, role="manager", first_name="Ancien", last_name="Gérant", email="a@d.fr"
    )
    return former


def test_a_former_member_applies_again_and_comes_back_as_the_same_member(
    world, client_for, mailoutbox, django_capture_on_commit_callbacks
):
    former = former_member(world)
    browser = Client()
    token = start(browser, mailoutbox, django_capture_on_commit_callbacks)
    # Its SIREN and its own SIRETs are not « déjà adhérente » / « déjà enregistré ».
    fill_until_review(browser, token, former.siren)
    assert "Votre demande est complète" in text(browser.get(step_url(token, "verification")))
    with django_capture_on_commit_callbacks(execute=True):
        browser.post(reverse("public:joining-submit", args=[token]))
    application = MembershipApplication.objects.get()
    assert application.status == ApplicationStatus.SUBMITTED

    agent = client_for("member_service")
    detail = reverse("backoffice:adherents:joining-application-detail", args=[application.pk])
    page = text(agent.get(detail))
    assert "Ancien adhérent (radié le 31/12/2024, radiation (non-paiement))" in page
    assert "Points bloquants" not in page

    with django_capture_on_commit_callbacks(execute=True):
        response = agent.post(
            reverse("backoffice:adherents:joining-application-validate", args=[application.pk]),
            {"team": world.team.pk, "admin_email": "gerant@delta.fr"},
        )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.adherent_id == former.pk  # the same row, no new member
    assert Adherent.objects.filter(siren=former.siren).count() == 1
    back = Adherent.objects.get(pk=former.pk)
    assert (back.status, back.ended_on, back.end_reason) == (Adherent.Status.ACTIVE, None, "")
    assert (back.joined_on, back.team, back.name, back.naf_code, back.legal_form) == (
        timezone.localdate(),
        world.team,
        "Menuiserie Delta",
        "43.32A",
        "SARL",
    )
    establishments = {
        e.siret: (e.is_head_office, e.name) for e in Establishment.objects.filter(adherent=back)
    }
    assert establishments == {
        siret_of(former.siren, 1): (True, establishments[siret_of(former.siren, 1)][1]),
        siret_of(former.siren, 9): (False, "Ancien dépôt"),  # known, kept
        siret_of(former.siren, 2): (False, "Chantier Arras"),  # new
    }
    contacts = Contact.objects.filter(adherent=back)
    assert sorted(contacts.filter(is_active=True).values_list("email", flat=True)) == [
        "compta@delta.fr",
        "gerant@delta.fr",
        "referent@delta.fr",
    ]
    assert not contacts.get(email="a@d.fr").is_active  # ended, not deleted
    admin = AdherentMembership.objects.get(adherent=back, is_active=True)
    assert admin.user.email == "gerant@delta.fr"

    # The earlier period stays in the member's history.
    periods = list(
        Adherent.pgh_event_model.objects.filter(pgh_obj_id=back.pk)
        .order_by("pgh_id")
        .values_list("status", "joined_on", "ended_on")
    )
    assert ("ended", D(2015, 3, 1), D(2024, 12, 31)) in periods
    assert periods[-1] == ("active", timezone.localdate(), None)


def test_a_member_in_membership_is_still_told_it_is_one(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    browser = Client()
    token = start(browser, mailoutbox, django_capture_on_commit_callbacks)
    response = browser.post(
        step_url(token, "entreprise"),
        {
            "company_name": "Boulangerie Alpha",
            "siren": world.adherent.siren,
            "naf_code": "1071C",
            "legal_form": "SARL",
        },
    )
    expected = f"L'entreprise de SIREN {world.adherent.siren} est déjà adhérente du service"
    assert expected in text(response)
    suspended = AdherentFactory(status=Adherent.Status.SUSPENDED)
    response = browser.post(
        step_url(token, "entreprise"),
        {
            "company_name": "Boulangerie Alpha",
            "siren": suspended.siren,
            "naf_code": "1071C",
            "legal_form": "SARL",
        },
    )
    assert "est déjà adhérente du service" in text(response)
    assert MembershipApplication.objects.get().siren == ""


def test_a_former_member_who_comes_back_starts_the_new_member_track_again(
    world, client_for, mailoutbox, django_capture_on_commit_callbacks
):
    former = former_member(world)
    old = started(former, D(2015, 3, 1))
    close(old["welcome_call"], on=D(2015, 3, 10))
    left_open = [code for code, step in old.items() if step.status == StepStatus.TODO]
    assert left_open  # the earlier membership left steps open
    browser = Client()
    token = start(browser, mailoutbox, django_capture_on_commit_callbacks)
    fill_until_review(browser, token, former.siren)
    with django_capture_on_commit_callbacks(execute=True):
        browser.post(reverse("public:joining-submit", args=[token]))
    agent = client_for("member_service")
    application = MembershipApplication.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        agent.post(
            reverse("backoffice:adherents:joining-application-validate", args=[application.pk]),
            {"team": world.team.pk, "admin_email": "gerant@delta.fr"},
        )

    today = timezone.localdate()
    steps = TrajectoryStep.objects.filter(adherent=former, cycle_year__isnull=True)
    current = {s.definition.code: s for s in steps.filter(joined_on=today)}
    assert set(current) == set(old)  # the whole new-member track again
    welcome = current["welcome_call"]
    assert (welcome.status, welcome.due_on) == (
        StepStatus.TODO,
        today + datetime.timedelta(days=welcome.definition.target_days),
    )
    earlier = {s.definition.code: s for s in steps.filter(joined_on=D(2015, 3, 1))}
    assert earlier["welcome_call"].status == StepStatus.DONE  # kept as it was
    for code in left_open:  # closed, kept, out of the lists
        assert (earlier[code].status, earlier[code].done_on) == (StepStatus.SKIPPED, today)
        assert "Adhésion précédente terminée" in earlier[code].note
    page = text(agent.get(reverse("backoffice:adherents:trajectory-view", args=[former.pk])))
    assert "(adhésion précédente, du 01/03/2015)" in page
    # The contact indicator counts each membership in its own month.
    indicator = contact_indicator([world.team.pk], date_from=today, date_to=today, today=today)
    assert indicator.total.denominator == 0  # the new call is not due yet
    earlier_cohort = contact_indicator(
        [world.team.pk, world.other_team.pk],
        date_from=D(2015, 3, 1),
        date_to=D(2015, 3, 31),
        today=today,
    )
    assert (earlier_cohort.total.numerator, earlier_cohort.total.denominator) == (1, 1)
