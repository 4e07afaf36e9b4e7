"""The member declares its workforce per establishment: pre-filled, locked, corrected, updated."""

from html import unescape

import pytest
from django.urls import reverse

from adherents.models import (
    DeclarationKind,
    MemberRequest,
    RequestCategory,
    RequestChannel,
    WorkforceDeclaration,
)
from tests.adherents.factories_workforce import DeclarationFactory, campaign_around_today
from tests.suivi_sante.factories import EmploymentFactory, WorkerFactory

pytestmark = pytest.mark.django_db
PO = "portal:adherents"


def text(response) -> str:
    return unescape(response.content.decode())


def url(name, world):
    return reverse(f"{PO}:{name}", args=[world.establishment.pk])


def staff_the_head_office(world, *categories):
    for category in categories:
        worker = WorkerFactory(adherent=world.adherent, category=category)
        EmploymentFactory(worker=worker, establishment=world.establishment)


def test_the_form_is_prefilled_from_the_worker_list(world, client_for):
    campaign_around_today()
    staff_the_head_office(world, "SI", "SI", "SIA", "SIR", "SIR", "SIR")
    page = client_for("portal_admin").get(url("workforce-declaration", world))
    assert "pré-rempli depuis votre liste de salariés" in text(page)
    form = page.context["form"]
    assert form.initial == {"si": 2, "sia": 1, "sir": 3}


def test_without_current_workers_the_form_is_empty(world, client_for):
    campaign_around_today()
    page = client_for("portal_admin").get(url("workforce-declaration", world))
    assert "pré-rempli" not in text(page)
    assert page.context["form"].initial == {}


def test_a_declaration_is_locked_once_submitted(world, client_for):
    campaign = campaign_around_today()
    staff_the_head_office(world, "SI")
    client = client_for("portal_admin")
    done = client.post(
        url("workforce-declaration", world), {"si": 5, "sia": 0, "sir": 1}, follow=True
    )
    assert f"Effectifs {campaign.year} déclarés" in text(done)
    declaration = WorkforceDeclaration.objects.get()
    assert (declaration.version, declaration.kind, declaration.via_firm) == (
        1,
        DeclarationKind.CAMPAIGN,
        None,
    )
    assert (declaration.headcount_si, declaration.headcount_sir) == (5, 1)
    assert declaration.prefilled_from_workers
    assert declaration.submitted_by == world.actors["portal_admin"]

    again = client.post(
        url("workforce-declaration", world), {"si": 9, "sia": 0, "sir": 0}, follow=True
    )
    assert "déjà déclarés et la déclaration est verrouillée" in text(again)
    assert WorkforceDeclaration.objects.count() == 1
    assert "hors délai" not in text(again)


def test_a_firm_declares_under_its_mandate(world, client_for):
    campaign_around_today()
    firm_user = world.actors["firm_mandated"]
    client_for("firm_mandated").post(
        url("workforce-declaration", world), {"si": 2, "sia": 0, "sir": 0}
    )
    declaration = WorkforceDeclaration.objects.get()
    assert declaration.via_firm == firm_user.firm_memberships.get().firm
    assert declaration.submitted_by == firm_user
    assert not declaration.prefilled_from_workers


def test_bad_figures_are_explained_and_nothing_is_written(world, client_for):
    campaign_around_today()
    page = client_for("portal_admin").post(
        url("workforce-declaration", world), {"si": -1, "sia": "", "sir": "trois"}
    )
    assert page.status_code == 200
    assert "Un effectif ne peut pas être négatif." in text(page)
    assert not WorkforceDeclaration.objects.exists()


def test_before_opening_the_declaration_is_refused(world, client_for):
    campaign = campaign_around_today(opened_days_ago=-5, closes_in=40)
    client = client_for("portal_admin")
    page = client.get(url("workforce-declaration", world))
    assert f"ouvre le {campaign.opens_on:%d/%m/%Y}" in text(page)
    assert "Envoyer la déclaration" not in text(page)
    refused = client.post(
        url("workforce-declaration", world), {"si": 1, "sia": 0, "sir": 0}, follow=True
    )
    assert "vous pourrez déclarer à partir de cette date" in text(refused)
    assert not WorkforceDeclaration.objects.exists()


def test_after_closing_a_declaration_is_accepted_and_flagged_late(world, client_for):
    campaign_around_today(opened_days_ago=60, closes_in=-3)
    client = client_for("portal_admin")
    assert "une déclaration reste acceptée" in text(client.get(url("workforce-declaration", world)))
    done = client.post(
        url("workforce-declaration", world), {"si": 1, "sia": 0, "sir": 0}, follow=True
    )
    assert "enregistrée hors délai" in text(done)
    assert WorkforceDeclaration.objects.count() == 1
    listing = client.get(reverse(f"{PO}:workforce-declaration-list"))
    assert "hors délai" in text(listing)


def test_a_correction_request_goes_to_the_service(world, client_for):
    campaign = campaign_around_today()
    DeclarationFactory(campaign=campaign, establishment=world.establishment, headcount_si=3)
    client = client_for("firm_mandated")
    done = client.post(
        url("workforce-correction-request", world),
        {"corr-si": 4, "corr-sia": 1, "corr-sir": 0, "corr-reason": "Un apprenti oublié"},
        follow=True,
    )
    assert "Demande de correction envoyée" in text(done)
    request = MemberRequest.objects.get()
    assert (request.channel, request.category, request.adherent) == (
        RequestChannel.PORTAL,
        RequestCategory.WORKFORCE_CORRECTION,
        world.adherent,
    )
    assert "Effectifs proposés : SI 4, SIA 1, SIR 0" in request.body
    assert "Un apprenti oublié" in request.body
    assert world.establishment.siret in request.body
    assert WorkforceDeclaration.objects.count() == 1  # nothing changes until the service applies


def test_a_correction_needs_a_reason_and_a_declaration(world, client_for):
    campaign_around_today()
    client = client_for("portal_admin")
    refused = client.post(
        url("workforce-correction-request", world),
        {"corr-si": 4, "corr-sia": 1, "corr-sir": 0, "corr-reason": "Oubli"},
        follow=True,
    )
    assert "pas encore de déclaration à corriger" in text(refused)
    missing_reason = client.post(
        url("workforce-correction-request", world),
        {"corr-si": 4, "corr-sia": 1, "corr-sir": 0, "corr-reason": ""},
    )
    assert missing_reason.status_code == 200
    assert not MemberRequest.objects.exists()


def test_updates_during_the_year_are_new_versions(world, client_for):
    campaign_around_today()
    client = client_for("portal_admin")
    update = {"maj-si": 6, "maj-sia": 0, "maj-sir": 2, "maj-reason": "Deux embauches en SIR"}
    refused = client.post(url("workforce-update", world), update, follow=True)
    assert "Faites d'abord la déclaration" in text(refused)
    assert not WorkforceDeclaration.objects.exists()

    client.post(url("workforce-declaration", world), {"si": 6, "sia": 0, "sir": 0})
    client.post(url("workforce-update", world), update)
    client.post(url("workforce-update", world), {**update, "maj-si": 5, "maj-reason": "Départ"})
    versions = list(WorkforceDeclaration.objects.order_by("version"))
    assert [(v.version, v.kind) for v in versions] == [
        (1, DeclarationKind.CAMPAIGN),
        (2, DeclarationKind.UPDATE),
        (3, DeclarationKind.UPDATE),
    ]
    assert versions[1].supersedes == versions[0]
    assert versions[2].supersedes == versions[1]
    assert versions[2].reason == "Départ"
    page = client.get(url("workforce-declaration", world))
    assert page.context["latest"] == versions[2]
    assert "Deux embauches en SIR" in text(page)


def test_a_workers_scope_firm_and_another_member_cannot_declare(world, client_for):
    campaign_around_today()
    assert client_for("firm_unmandated").get(url("workforce-declaration", world)).status_code == 403
    other = client_for("portal_other")
    assert other.get(url("workforce-declaration", world)).status_code == 404
    assert (
        other.post(url("workforce-declaration", world), {"si": 1, "sia": 0, "sir": 0}).status_code
        == 404
    )
    assert not WorkforceDeclaration.objects.exists()


def test_the_list_keeps_a_flat_query_count(world, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.adherents.factories import EstablishmentFactory

    campaign = campaign_around_today()
    client = client_for("portal_admin")
    list_url = reverse(f"{PO}:workforce-declaration-list")

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(list_url).status_code == 200
        return len(queries)

    one = count()
    for site in EstablishmentFactory.create_batch(29, adherent=world.adherent):
        DeclarationFactory(campaign=campaign, establishment=site)
    assert count() == one


def test_the_company_heads_are_declared_beside_the_employees_and_updates_carry_them(
    world, client_for
):
    campaign_around_today()
    client = client_for("portal_admin")
    form_page = text(client.get(url("workforce-declaration", world)))
    assert "Dirigeants bénéficiant du suivi (art. L4621-4)" in form_page
    assert "qui souhaitent bénéficier du suivi proposé à ses salariés" in form_page
    client.post(
        url("workforce-declaration", world), {"si": 4, "sia": 0, "sir": 1, "company_heads": 2}
    )
    first = WorkforceDeclaration.objects.get()
    assert (first.headcount_si, first.headcount_sir, first.company_heads) == (4, 1, 2)
    assert first.total == 5  # the heads are not employees
    page = client.get(url("workforce-declaration", world))
    assert page.context["update_form"].initial["company_heads"] == 2  # pre-filled
    assert page.context["correction_form"].initial["company_heads"] == 2
    # A new version carries the heads it is sent with, like the headcounts.
    client.post(
        url("workforce-update", world),
        {"maj-si": 5, "maj-sia": 0, "maj-sir": 1, "maj-company_heads": 1, "maj-reason": "Départ"},
    )
    latest = WorkforceDeclaration.objects.get(version=2)
    assert (latest.headcount_si, latest.company_heads, latest.supersedes) == (5, 1, first)
    first.refresh_from_db()
    assert first.company_heads == 2  # the first version is never changed
    # The correction request states the proposed heads, for the service to apply.
    client.post(
        url("workforce-correction-request", world),
        {"corr-si": 5, "corr-sia": 0, "corr-sir": 1, "corr-company_heads": 3, "corr-reason": "x"},
    )
    assert (
        "Effectifs proposés : SI 5, SIA 0, SIR 1, dirigeants 3" in MemberRequest.objects.get().body
    )


def test_a_negative_number_of_heads_is_explained_and_nothing_is_written(world, client_for):
    campaign_around_today()
    page = client_for("portal_admin").post(
        url("workforce-declaration", world), {"si": 1, "sia": 0, "sir": 0, "company_heads": -1}
    )
    assert page.status_code == 200
    assert "Un nombre de dirigeants ne peut pas être négatif." in text(page)
    assert not WorkforceDeclaration.objects.exists()
