"""Staff tokens (issue 18): a back-office user who reads the dashboards and passed TOTP creates,
lists and revokes his or her own tokens for the indicators; the database refuses a token that
mixes the member and staff kinds; the token follows its creator's rights of today."""

import datetime

import pytest
from allauth.mfa.models import Authenticator
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.context import build_context
from accounts.enums import StaffRole
from accounts.models import StaffAssignment
from api.enums import ApiScope
from api.models import ApiToken
from api.tokens import services
from tests.accounts.factories import StaffAssignmentFactory
from tests.api.helpers import bearer, make_staff_token
from tests.conftest import enrol_totp, login

CREATE = "backoffice:api:staff-token-create"
LIST = "backoffice:api:staff-token-list"
INDICATORS = "api:indicator-list"


def _expiry(days=30) -> str:
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


def _insert(**columns) -> None:
    """A row written by raw SQL, past the model and the services: only the database checks."""
    row = {
        "name": "brut",
        "prefix": "spsti_brut",
        "secret_hash": f"{len(columns)}{sorted(columns)}"[:64],
        "created_at": timezone.now(),
        "expires_at": timezone.now() + datetime.timedelta(days=1),
        **columns,
    }
    names = ", ".join(f'"{name}"' for name in row)
    marks = ", ".join(["%s"] * len(row))
    with connection.cursor() as cursor:
        # The column names are this test's own literals, never input.
        sql = f"INSERT INTO api_apitoken ({names}) VALUES ({marks})"  # noqa: S608
        cursor.execute(sql, list(row.values()))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "kind",
    [
        "member token with a staff scope",
        "staff token with a member scope",
        "staff token with a member",
        "staff token with a firm",
        "token with neither member nor centre",
        "token with both a member and a centre",
    ],
)
def test_the_database_refuses_a_token_mixing_the_two_kinds(world, kind):
    user = world.actors["physician"]
    columns = {
        "member token with a staff scope": {
            "adherent_id": world.adherent.pk,
            "scopes": ["workers:read", "indicators:read"],
        },
        "staff token with a member scope": {
            "center_id": world.center.pk,
            "scopes": ["indicators:read", "workers:read"],
        },
        "staff token with a member": {
            "center_id": world.center.pk,
            "adherent_id": world.adherent.pk,
            "scopes": ["indicators:read"],
        },
        "staff token with a firm": {
            "center_id": world.center.pk,
            "firm_id": world.actors["firm_mandated"].firm_memberships.get().firm_id,
            "scopes": ["indicators:read"],
        },
        "token with neither member nor centre": {"scopes": ["indicators:read"]},
        "token with both a member and a centre": {
            "adherent_id": world.adherent.pk,
            "center_id": world.center.pk,
            "scopes": ["workers:read"],
        },
    }[kind]
    with pytest.raises(IntegrityError, match="api_token_member_or_staff"), transaction.atomic():
        _insert(user_id=user.pk, **columns)
    # The two honest kinds pass the same way.
    _insert(user_id=user.pk, center_id=world.center.pk, scopes=["indicators:read"])
    _insert(user_id=user.pk, adherent_id=world.adherent.pk, scopes=["workers:read"])
    assert ApiToken.objects.count() == 2


@pytest.mark.django_db
def test_a_physician_creates_lists_and_revokes_his_staff_token(world):
    physician = world.actors["physician"]
    client = login(Client(), physician)
    form = client.get(reverse(CREATE)).context["form"]
    # Only the staff scope: never a member scope, though a physician reads workers.
    assert [value for value, _ in form.fields["scopes"].choices] == [ApiScope.INDICATORS_READ]
    response = client.post(
        reverse(CREATE),
        {"name": "Tableur", "scopes": [ApiScope.INDICATORS_READ], "expires_on": _expiry()},
    )
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    secret = response.context["secret"]
    assert secret in response.content.decode()
    token = ApiToken.objects.get()
    assert (token.user, token.adherent_id, token.firm_id, token.center_id, token.scopes) == (
        physician,
        None,
        None,
        world.center.pk,
        [ApiScope.INDICATORS_READ],
    )
    assert bearer(secret).get(reverse(INDICATORS)).status_code == 200
    listing = client.get(reverse(LIST)).content.decode()
    assert "Tableur" in listing
    assert token.prefix in listing
    assert secret not in listing
    # Another physician sees none of it, and cannot revoke it (404).
    other = login(Client(), world.actors["physician_other"])
    assert "Tableur" not in other.get(reverse(LIST)).content.decode()
    revoke = reverse("backoffice:api:staff-token-revoke", args=[token.pk])
    assert other.post(revoke).status_code == 404
    assert client.post(revoke).status_code == 302
    token.refresh_from_db()
    assert token.revoked_by == physician
    assert bearer(secret).get(reverse(INDICATORS)).status_code == 401


@pytest.mark.django_db
def test_a_member_admin_cannot_give_the_staff_scope(world, client_for):
    response = client_for("portal_admin").post(
        reverse("portal:api:token-create"),
        {"name": "Paie", "scopes": [ApiScope.INDICATORS_READ], "expires_on": _expiry()},
    )
    assert "choix valide" in str(response.context["form"].errors)
    assert not ApiToken.objects.exists()


def _create(ctx):
    return services.create_staff_token(
        ctx,
        name="Tableur",
        scopes=[ApiScope.INDICATORS_READ],
        expires_on=timezone.localdate() + datetime.timedelta(days=5),
    )


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["no TOTP", "session without TOTP", "nurse", "member admin"])
def test_creation_is_refused_without_totp_or_the_dashboards_code(world, who):
    actor = {"nurse": "nurse", "member admin": "portal_admin"}.get(who, "physician")
    user = world.actors[actor]
    if who != "no TOTP" and user.is_service_staff:
        enrol_totp(user)
    ctx = build_context(user, {}, mfa_passed=who not in ("session without TOTP",))
    with pytest.raises(PermissionDenied):
        _create(ctx)
    assert not ApiToken.objects.exists()


@pytest.mark.django_db
def test_the_screen_refuses_a_session_that_did_not_pass_totp(world):
    physician = world.actors["physician"]
    enrol_totp(physician)
    client = Client()
    client.force_login(physician)  # a password, no code
    response = client.get(reverse(CREATE))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "status"),
    [
        ("deactivated", 401),
        ("TOTP removed", 401),
        ("left the centre", 401),
        ("now a nurse", 403),
        ("expired", 401),
    ],
)
def test_a_staff_token_follows_its_creator_rights_of_today(world, change, status):
    physician = world.actors["physician"]
    _, secret = make_staff_token(physician, world.center)
    assert bearer(secret).get(reverse(INDICATORS)).status_code == 200
    assignments = StaffAssignment.objects.filter(user=physician)
    if change == "deactivated":
        physician.is_active = False
        physician.save(update_fields=["is_active"])
    elif change == "TOTP removed":
        Authenticator.objects.filter(user=physician).delete()
    elif change == "left the centre":
        assignments.update(ended_on=timezone.localdate())
        StaffAssignmentFactory(user=physician, center=world.other_center, role="physician")
    elif change == "now a nurse":
        assignments.update(role=StaffRole.NURSE)
    else:
        ApiToken.objects.update(expires_at=timezone.now())
    response = bearer(secret).get(reverse(INDICATORS))
    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json"


@pytest.mark.django_db
def test_the_staff_token_list_reads_a_flat_number_of_queries(world):
    physician = world.actors["physician"]
    client = login(Client(), physician)
    url = reverse(LIST)

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    make_staff_token(physician, world.center)
    count()  # the session remembers the centre on the first page (one write)
    few = count()
    for _ in range(15):
        make_staff_token(physician, world.center, revoked=True)
    assert count() == few
