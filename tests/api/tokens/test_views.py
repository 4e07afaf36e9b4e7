"""The member portal's token screens: create (the secret shown once, only its hash kept), list,
revoke; scopes never beyond what the creator holds."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from api.enums import ApiScope
from api.models import ApiToken
from api.tokens.services import hash_secret
from tests.api.helpers import bearer, make_token

CREATE = "portal:api:token-create"


def _expiry(days=30) -> str:
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


@pytest.mark.django_db
def test_the_secret_is_shown_once_and_only_its_hash_is_kept(world, client_for):
    client = client_for("portal_admin")
    response = client.post(
        reverse(CREATE),
        {"name": "Paie", "scopes": [ApiScope.WORKERS_READ], "expires_on": _expiry()},
    )
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    secret = response.context["secret"]
    assert secret in response.content.decode()
    token = ApiToken.objects.get()
    assert (token.adherent_id, token.firm_id, token.scopes) == (
        world.adherent.pk,
        None,
        [ApiScope.WORKERS_READ],
    )
    assert token.secret_hash == hash_secret(secret)
    assert secret not in str(ApiToken.objects.values().get())
    assert bearer(secret).get(reverse("api:worker-list")).status_code == 200
    listing = client.get(reverse("portal:api:token-list")).content.decode()
    assert "Paie" in listing
    assert token.prefix in listing
    assert secret not in listing
    history = ApiToken.pgh_event_model.objects.get(pgh_obj_id=token.pk)
    assert history.pgh_context.metadata["user"] == world.actors["portal_admin"].pk


@pytest.mark.django_db
def test_a_firm_offers_only_the_scopes_of_its_mandate(world, client_for):
    client = client_for("firm_mandated")  # workforce and invoices for member A
    form = client.get(reverse(CREATE)).context["form"]
    assert [value for value, _ in form.fields["scopes"].choices] == [
        ApiScope.INVOICES_READ,
        ApiScope.WORKFORCE_WRITE,
    ]
    response = client.post(
        reverse(CREATE),
        {"name": "Paie", "scopes": [ApiScope.WORKERS_WRITE], "expires_on": _expiry()},
    )
    assert response.status_code == 200
    assert "choix valide" in str(response.context["form"].errors)
    assert not ApiToken.objects.exists()
    created = client.post(
        reverse(CREATE),
        {"name": "Paie", "scopes": [ApiScope.INVOICES_READ], "expires_on": _expiry()},
    )
    token = ApiToken.objects.get()
    assert token.firm_id == world.actors["firm_mandated"].firm_memberships.get().firm_id
    assert created.context["secret"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("days", "message"),
    [(0, "postérieure à aujourd'hui"), (400, "au plus tard dans un an")],
)
def test_the_expiry_is_within_a_year(world, client_for, days, message):
    response = client_for("portal_admin").post(
        reverse(CREATE),
        {"name": "Paie", "scopes": [ApiScope.WORKERS_READ], "expires_on": _expiry(days)},
    )
    assert any(message in error for error in response.context["form"].non_field_errors())
    assert not ApiToken.objects.exists()


@pytest.mark.django_db
def test_a_revoked_token_stops_at_its_next_call(world, client_for):
    token, secret = make_token(world.actors["portal_admin"], world.adherent)
    assert bearer(secret).get(reverse("api:worker-list")).status_code == 200
    response = client_for("portal_admin").post(reverse("portal:api:token-revoke", args=[token.pk]))
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_by == world.actors["portal_admin"]
    assert bearer(secret).get(reverse("api:worker-list")).status_code == 401
    again = client_for("portal_admin").post(reverse("portal:api:token-revoke", args=[token.pk]))
    assert again.status_code == 302  # told "déjà révoqué", nothing written


@pytest.mark.django_db
def test_the_token_list_reads_a_flat_number_of_queries(world, client_for):
    client = client_for("portal_admin")
    url = reverse("portal:api:token-list")

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    make_token(world.actors["portal_admin"], world.adherent)
    few = count()
    for _ in range(15):
        make_token(world.actors["portal_admin"], world.adherent, revoked=True)
    assert count() == few


@pytest.mark.django_db
def test_the_member_admin_sees_and_revokes_its_firms_tokens_not_the_reverse(world, client_for):
    firm_user = world.actors["firm_mandated"]
    firm = firm_user.firm_memberships.get().firm
    firm_token, firm_secret = make_token(firm_user, world.adherent, firm=firm)
    own_token, _ = make_token(world.actors["portal_admin"], world.adherent)
    admin = client_for("portal_admin")
    listing = admin.get(reverse("portal:api:token-list")).content.decode()
    assert firm.name in listing
    firm_listing = client_for("firm_mandated").get(reverse("portal:api:token-list"))
    assert [t.pk for t in firm_listing.context["page"].items] == [firm_token.pk]
    refused = client_for("firm_mandated").post(
        reverse("portal:api:token-revoke", args=[own_token.pk])
    )
    assert refused.status_code == 404
    admin.post(reverse("portal:api:token-revoke", args=[firm_token.pk]))
    assert bearer(firm_secret).get(reverse("api:invoice-list")).status_code == 401
