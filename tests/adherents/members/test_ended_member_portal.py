"""A former member's portal is read-only: its people and its mandated firms read their space
(workers, invoices, documents, export) and write nothing more, on the screens and through the
API, from their next request; a cancelled end opens the writes again at the next request."""

import datetime
import html
from types import SimpleNamespace

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.context import AccessContext, PortalChoice, portal_context
from accounts.enums import AdherentRole
from accounts.roles import ADHERENT_ROLE_PERMISSIONS, ended_member_permissions
from adherents.joining import services_review
from adherents.members.services_lifecycle import cancel_membership_end, end_membership
from adherents.models import AccountingFirmMandate, Adherent, MemberRequest, WorkforceDeclaration
from suivi_sante.models import Worker
from tests.adherents.factories import AccountingFirmFactory
from tests.adherents.factories_billing import ctx_of
from tests.api.helpers import bearer, hire_payload, make_token

pytestmark = pytest.mark.django_db
ENDED_ON = timezone.localdate() - datetime.timedelta(days=3)
NOTICE = (
    f"Votre adhésion a pris fin le {ENDED_ON:%d/%m/%Y} : votre espace reste consultable "
    "(documents, factures, export de vos données) mais ne peut plus être modifié. Pour revenir, "
    "déposez une nouvelle demande d'adhésion."
)
REQUEST = {"category": "other", "subject": "Question", "body": "Bonjour"}


def text(response) -> str:
    return html.unescape(response.content.decode())


def end(world) -> None:
    end_membership(
        actor=ctx_of(world.actors["member_service"]),
        adherent=world.adherent,
        ended_on=ENDED_ON,
        reason="resignation",
    )


def refused(response) -> bool:
    return response.status_code == 403 and NOTICE in text(response)


def test_the_rule_keeps_the_read_codes_the_export_and_the_tokens():
    kept = ended_member_permissions(ADHERENT_ROLE_PERMISSIONS[AdherentRole.ADMIN])
    assert {
        "portal:access",
        "suivi_sante.worker:view",
        "adherents.invoice:view",
        "suivi_sante.document:view",
        "adherents.export:download",
        "api.token:manage",
    } <= kept
    assert not kept & {
        "suivi_sante.worker:declare",
        "adherents.workforce:declare",
        "adherents.request:create",
        "adherents.mandate:manage",
        "adherents.adherent:manage",
        "suivi_sante.convocation:respond",
        "prevention.duerp:edit",
    }
    assert all(
        code.endswith(":view") or code in {"portal:access", "adherents.export:download"}
        for code in kept - {"api.token:manage"}
    )


def test_a_member_in_membership_keeps_its_codes(world):
    choice = PortalChoice(key="adherent:1", adherent_id=1, adherent_name="A", role="admin")
    ctx = portal_context(world.actors["portal_admin"], choice)
    assert ctx.permissions == ADHERENT_ROLE_PERMISSIONS[AdherentRole.ADMIN]
    assert not ctx.member_has_ended
    assert ctx.ended_member_notice == ""
    assert not AccessContext(user=None).member_has_ended


def test_the_admin_of_an_ended_member_reads_but_no_longer_writes(world, client_for):
    admin = client_for("portal_admin")
    assert admin.get(reverse("portal:dashboard")).status_code == 200  # logged in before the end
    end(world)

    # The next request: read-only, and every page says so.
    for name in (
        "portal:dashboard",
        "portal:suivi_sante:worker-list",
        "portal:adherents:billing-invoice-list",
        "portal:suivi_sante:document-list",
        "portal:adherents:requests-list",
    ):
        page = admin.get(reverse(name))
        assert page.status_code == 200, name
        assert NOTICE in text(page), name
    export = admin.get(reverse("portal:adherents:imports-export"))
    assert export.status_code == 200
    assert export["Content-Type"] != "text/html; charset=utf-8"
    # No write link is offered.
    assert reverse("portal:suivi_sante:worker-hire") not in text(
        admin.get(reverse("portal:suivi_sante:worker-list"))
    )

    workers = Worker.objects.count()
    assert refused(admin.get(reverse("portal:suivi_sante:worker-hire")))
    assert refused(admin.post(reverse("portal:suivi_sante:worker-hire"), {"last_name": "X"}))
    assert Worker.objects.count() == workers
    declare = reverse("portal:adherents:workforce-declaration", args=[world.establishment.pk])
    assert refused(admin.post(declare, {"si": 3}))
    assert not WorkforceDeclaration.objects.filter(establishment=world.establishment).exists()
    assert refused(admin.post(reverse("portal:adherents:requests-create"), REQUEST))
    assert not MemberRequest.objects.filter(adherent=world.adherent).exists()
    firm = AccountingFirmFactory()
    grant = {"siren": firm.siren, "scopes": ["invoices"], "valid_from": timezone.localdate()}
    assert refused(admin.post(reverse("portal:adherents:firms-mandate-grant"), grant))
    assert not AccountingFirmMandate.objects.filter(firm=firm).exists()
    # A page gated by a read code that writes (a self-employed space's form) is refused too.
    assert refused(admin.post(reverse("portal:tns:workshop-register", args=[1]), {}))


def test_a_firm_acting_for_an_ended_member_reads_its_invoices_but_declares_nothing(
    world, client_for
):
    firm = client_for("firm_mandated")  # mandated for workforce and invoices
    end(world)
    page = firm.get(reverse("portal:adherents:billing-invoice-list"))
    assert page.status_code == 200
    assert NOTICE in text(page)
    assert refused(firm.get(reverse("portal:adherents:workforce-declaration-list")))
    declare = reverse("portal:adherents:workforce-declaration", args=[world.establishment.pk])
    assert refused(firm.post(declare, {"si": 3}))
    assert not WorkforceDeclaration.objects.filter(establishment=world.establishment).exists()


def test_a_token_of_an_ended_member_reads_but_does_not_write(world):
    _, secret = make_token(world.actors["portal_admin"], world.adherent)
    end(world)
    api = bearer(secret)
    assert api.get(reverse("api:worker-list")).status_code == 200
    response = api.post(
        reverse("api:worker-list"),
        hire_payload(world.establishment.pk),
        content_type="application/json",
    )
    assert response.status_code == 403
    assert response.json()["detail"] == NOTICE
    assert not Worker.objects.filter(last_name="Durand").exists()


def test_a_cancelled_end_opens_the_writes_again_at_the_next_request(world, client_for):
    admin = client_for("portal_admin")
    _, secret = make_token(world.actors["portal_admin"], world.adherent)
    end(world)
    assert refused(admin.post(reverse("portal:adherents:requests-create"), REQUEST))

    cancel_membership_end(
        actor=ctx_of(world.actors["member_service"]),
        adherent=world.adherent,
        note="Saisie sur le mauvais dossier",
    )
    assert Adherent.objects.get(pk=world.adherent.pk).status == Adherent.Status.ACTIVE
    page = admin.get(reverse("portal:dashboard"))
    assert "Votre adhésion a pris fin" not in text(page)
    response = admin.post(reverse("portal:adherents:requests-create"), REQUEST)
    assert response.status_code == 302
    assert MemberRequest.objects.filter(adherent=world.adherent, subject="Question").exists()
    hired = bearer(secret).post(
        reverse("api:worker-list"),
        hire_payload(world.establishment.pk),
        content_type="application/json",
    )
    assert hired.status_code == 201


def test_a_former_member_back_through_a_new_application_writes_again_at_the_next_request(
    world, client_for
):
    """The validation of its new application reactivates the same member (joining
    services_review._reactivate): the cached contexts of its people are renewed with it."""
    admin = client_for("portal_admin")
    end(world)
    assert NOTICE in text(admin.get(reverse("portal:dashboard")))
    with transaction.atomic():
        services_review._reactivate(
            Adherent.objects.get(pk=world.adherent.pk),
            SimpleNamespace(establishments=[]),
            {"joined_on": timezone.localdate()},
        )
    assert "Votre adhésion a pris fin" not in text(admin.get(reverse("portal:dashboard")))
    assert admin.post(reverse("portal:adherents:requests-create"), REQUEST).status_code == 302
