"""An accounting firm follows and files the member's requests under the « Demandes au service »
scope of its mandate: it lists, reads, files and replies; without the scope, or once revoked, it
is refused; another member's request, or an employee's, is a 404; the service sees who filed."""

from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.context import build_context
from accounts.enums import AdherentRole, MandateScope
from accounts.roles import ADHERENT_ROLE_PERMISSIONS, MANDATE_SCOPE_PERMISSIONS
from adherents.models import (
    AccountingFirmMandate,
    MemberRequest,
    RequesterKind,
    RequestMessage,
    RequestStatus,
)
from adherents.requests import services_mail
from adherents.workforce import services as workforce_services
from tests.accounts.factories import UserFactory
from tests.adherents.factories import (
    AccountingFirmFactory,
    AccountingFirmMemberFactory,
    MandateFactory,
)
from tests.adherents.factories_requests import MemberRequestFactory
from tests.adherents.factories_workforce import CampaignFactory, DeclarationFactory
from tests.conftest import login

pytestmark = pytest.mark.django_db
PO = "portal:adherents"
LIST = f"{PO}:requests-list"
CREATE = f"{PO}:requests-create"
DETAIL = f"{PO}:requests-detail"
REPLY = f"{PO}:requests-reply"


def text(response) -> str:
    return unescape(response.content.decode())


def firm_user_for(*adherents, scopes=(MandateScope.REQUESTS,), firm_name="Cabinet Delta"):
    """A person of a firm holding a mandate with these scopes for each of these members."""
    firm = AccountingFirmFactory(name=firm_name)
    user = AccountingFirmMemberFactory(
        firm=firm, user=UserFactory(first_name="Paul", last_name="Comptable")
    ).user
    for adherent in adherents:
        MandateFactory(firm=firm, adherent=adherent, scopes=list(scopes))
    return user


def request_of(adherent, author, **extra) -> MemberRequest:
    return MemberRequestFactory(adherent=adherent, created_by=author, **extra)


def test_the_admin_grants_the_requests_scope_from_its_mandate_page(world, client_for):
    firm = AccountingFirmFactory(name="Cabinet Delta")
    client = client_for("portal_admin")
    form_page = text(client.get(reverse(f"{PO}:firms-mandate-list")))
    assert "Demandes au service" in form_page  # a checkbox of the grant form
    page = client.post(
        reverse(f"{PO}:firms-mandate-grant"),
        {
            "siren": firm.siren,
            "scopes": [MandateScope.REQUESTS],
            "valid_from": timezone.localdate(),
        },
        follow=True,
    )
    assert "Mandat accordé à Cabinet Delta : Demandes au service." in text(page)
    assert AccountingFirmMandate.objects.get(firm=firm).scopes == [MandateScope.REQUESTS]
    # The mandates' log says which scope was granted.
    assert any("(Demandes au service)" in entry.what for entry in page.context["journal"])


def test_with_the_scope_the_firm_lists_files_and_replies(world, client_for):
    admin = world.actors["portal_admin"]
    theirs = request_of(world.adherent, admin, subject="Question du gérant")
    user = firm_user_for(world.adherent)
    client = login(client_for("anonymous"), user)

    home = text(client.get(reverse("portal:dashboard")))
    assert ">Mes demandes<" in home  # the menu shows the link
    portfolio = text(client.get(reverse(f"{PO}:firms-portfolio")))
    assert "Demandes au service" in portfolio  # the mandate's scopes
    listing = text(client.get(reverse(LIST)))
    assert "Question du gérant" in listing
    assert "Nouvelle demande" in listing

    response = client.post(
        reverse(CREATE),
        {"category": "invoice", "subject": "Facture de mars", "body": "Un doublon ?"},
    )
    filed = MemberRequest.objects.get(subject="Facture de mars")
    assert response["Location"] == reverse(DETAIL, args=[filed.pk])
    assert filed.adherent == world.adherent
    assert filed.created_by == user
    assert filed.requester_kind == RequesterKind.ACCOUNTING_FIRM
    assert filed.filed_via_firm.name == "Cabinet Delta"
    assert "Facture de mars" in text(client.get(reverse(LIST)))
    # The member's admin sees it too, and who filed it.
    admin_view = text(client_for("portal_admin").get(reverse(DETAIL, args=[filed.pk])))
    assert "Paul Comptable, cabinet Cabinet Delta" in admin_view

    theirs.status = RequestStatus.ANSWERED
    theirs.save()
    detail = text(client.get(reverse(DETAIL, args=[theirs.pk])))
    assert "Répondre au service" in detail
    page = client.post(reverse(REPLY, args=[theirs.pk]), {"body": "Précision"}, follow=True)
    assert "Votre message a été envoyé." in text(page)
    reply = RequestMessage.objects.get(request=theirs)
    assert (reply.author, reply.author_firm.name) == (user, "Cabinet Delta")
    theirs.refresh_from_db()
    assert theirs.status == RequestStatus.IN_PROGRESS


def test_without_the_scope_the_firm_is_refused_and_has_no_link(world, client_for):
    request = request_of(world.adherent, world.actors["portal_admin"])
    client = client_for("firm_mandated")  # workforce and invoices for A, no requests
    assert client.get(reverse(LIST)).status_code == 403
    assert client.get(reverse(CREATE)).status_code == 403
    assert client.get(reverse(DETAIL, args=[request.pk])).status_code == 403
    assert client.post(reverse(REPLY, args=[request.pk]), {"body": "x"}).status_code == 403
    assert client.post(
        reverse(CREATE), {"category": "question", "subject": "S", "body": "B"}
    ).status_code == (403)
    assert MemberRequest.objects.count() == 1
    assert not RequestMessage.objects.exists()
    assert ">Mes demandes<" not in text(client.get(reverse("portal:dashboard")))


def test_a_revoked_mandate_refuses_the_next_click(world, client_for):
    request = request_of(world.adherent, world.actors["portal_admin"])
    client = login(client_for("anonymous"), firm_user_for(world.adherent))
    assert client.get(reverse(DETAIL, args=[request.pk])).status_code == 200
    mandate = AccountingFirmMandate.objects.get(firm__name="Cabinet Delta")
    client_for("portal_admin").post(reverse(f"{PO}:firms-mandate-revoke", args=[mandate.pk]))

    # Its only mandate gone, the firm acts for no member any more: sent to the no-member page.
    after = client.get(reverse(DETAIL, args=[request.pk]))
    assert (after.status_code, after.url) == (302, reverse("portal:no-member"))
    posted = client.post(reverse(REPLY, args=[request.pk]), {"body": "Encore là ?"})
    assert (posted.status_code, posted.url) == (302, reverse("portal:no-member"))
    assert not RequestMessage.objects.exists()


def test_another_members_request_is_a_404_after_switching(world, client_for):
    of_a = request_of(world.adherent, world.actors["portal_admin"], subject="Sujet de A")
    of_b = request_of(world.other_adherent, world.actors["portal_other"], subject="Sujet de B")
    user = firm_user_for(world.adherent, world.other_adherent)
    client = login(client_for("anonymous"), user)
    firm_id = user.firm_memberships.get().firm_id
    switched = client.post(
        reverse("portal:switch"), {"choice": f"firm:{firm_id}:{world.adherent.pk}"}
    )
    assert switched.status_code == 302
    assert client.get(reverse(DETAIL, args=[of_a.pk])).status_code == 200
    assert client.get(reverse(DETAIL, args=[of_b.pk])).status_code == 404
    assert client.post(reverse(REPLY, args=[of_b.pk]), {"body": "Intrusion"}).status_code == 404
    assert "Sujet de B" not in text(client.get(reverse(LIST)))
    assert not RequestMessage.objects.exists()

    client.post(reverse("portal:switch"), {"choice": f"firm:{firm_id}:{world.other_adherent.pk}"})
    assert client.get(reverse(DETAIL, args=[of_b.pk])).status_code == 200
    assert client.get(reverse(DETAIL, args=[of_a.pk])).status_code == 404


@pytest.mark.parametrize(
    "kind", [RequesterKind.EMPLOYEE, RequesterKind.STAFF_REPRESENTATIVE, RequesterKind.OTHER]
)
def test_an_employees_request_stays_with_the_member(world, client_for, kind):
    """Logged by the service for an employee: the member's admin reads it, never its firm."""
    request = request_of(
        world.adherent,
        world.actors["member_service"],
        subject="Demande d'un salarié",
        channel="phone",
        requester_kind=kind,
        requester_name="Jeanne Témoin",
    )
    client = login(client_for("anonymous"), firm_user_for(world.adherent))
    assert "Demande d&#x27;un salarié" not in client.get(reverse(LIST)).content.decode()
    assert client.get(reverse(DETAIL, args=[request.pk])).status_code == 404
    assert client.post(reverse(REPLY, args=[request.pk]), {"body": "Vu"}).status_code == 404
    assert not RequestMessage.objects.exists()
    admin_page = text(client_for("portal_admin").get(reverse(DETAIL, args=[request.pk])))
    assert "Demande d'un salarié" in admin_page
    assert "Jeanne Témoin" not in admin_page  # the name stays with the staff


def test_the_back_office_shows_who_filed_it_and_for_which_firm(world, client_for):
    user = firm_user_for(world.adherent)
    client = login(client_for("anonymous"), user)
    client.post(reverse(CREATE), {"category": "question", "subject": "Objet", "body": "Texte"})
    filed = MemberRequest.objects.get()
    filed.status = RequestStatus.ANSWERED
    filed.save()
    client.post(reverse(REPLY, args=[filed.pk]), {"body": "Merci, une précision."})

    staff = client_for("member_service")
    page = text(staff.get(reverse("backoffice:adherents:requests-detail", args=[filed.pk])))
    assert "déposée par Paul Comptable (cabinet Cabinet Delta)" in page
    assert "Cabinet comptable" in page  # the requester
    assert "Paul Comptable (cabinet Cabinet Delta)" in page.split("Échanges")[1]
    inbox = text(staff.get(reverse("backoffice:adherents:requests-inbox")))
    assert "Cabinet comptable" in inbox


def test_the_answer_notice_goes_to_the_firms_user_while_it_can_read(world, client_for):
    user = firm_user_for(world.adherent)
    client = login(client_for("anonymous"), user)
    client.post(reverse(CREATE), {"category": "question", "subject": "Objet", "body": "Texte"})
    filed = MemberRequest.objects.select_related("created_by").get()
    assert services_mail.member_recipients(filed) == [user.email]
    AccountingFirmMandate.objects.filter(firm=filed.filed_via_firm).update(
        revoked_at=timezone.now()
    )
    # Revoked: the member's admins are told instead.
    assert services_mail.member_recipients(filed) == [world.actors["portal_admin"].email]


def test_the_firms_list_keeps_a_flat_query_count(world, client_for):
    user = firm_user_for(world.adherent)
    client = login(client_for("anonymous"), user)
    url = reverse(LIST)
    request_of(world.adherent, user, requester_kind=RequesterKind.ACCOUNTING_FIRM)
    client.get(url)  # warm the session and the portal's cached context

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    few = count()
    for n in range(30):
        request_of(
            world.adherent,
            user if n % 2 else world.actors["portal_admin"],
            requester_kind=RequesterKind.ACCOUNTING_FIRM if n % 2 else RequesterKind.EMPLOYER,
        )
    assert count() == few
    assert few <= 10


def test_the_scope_grants_the_request_codes_only_never_medical():
    codes = MANDATE_SCOPE_PERMISSIONS[MandateScope.REQUESTS]
    assert codes == {"adherents.request:view", "adherents.request:create"}
    assert codes <= ADHERENT_ROLE_PERMISSIONS[AdherentRole.ADMIN]  # never more than the admin


def test_a_workforce_correction_filed_by_the_firm_says_so(world):
    """The workforce scope files correction requests: they are the firm's too."""
    campaign = CampaignFactory()
    DeclarationFactory(campaign=campaign, establishment=world.establishment, headcount_si=3)
    ctx = build_context(world.actors["firm_mandated"], {}, mfa_passed=False)
    filed = workforce_services.request_correction(
        ctx,
        establishment=world.establishment,
        campaign=campaign,
        headcount=workforce_services.Headcount(4, 0, 0, company_heads=0),
        reason="Un apprenti oublié",
    )
    assert filed.requester_kind == RequesterKind.ACCOUNTING_FIRM
    assert filed.filed_via_firm == world.actors["firm_mandated"].firm_memberships.get().firm
    assert filed.created_by == world.actors["firm_mandated"]
