"""The token a call presents is read by one constant SQL statement (api.tokens.selectors): it
must give exactly what the ORM's with_grant() gives, the screens' grant rule, for every kind of
grant, and load the token and its creator as the ORM loads them."""

import datetime

import pytest
from django.forms.models import model_to_dict
from django.utils import timezone

from accounts.enums import AdherentRole, MandateScope
from adherents.models import (
    AccountingFirmMandate,
    AccountingFirmMember,
    Adherent,
    AdherentMembership,
)
from api.models import ApiToken
from api.tokens import selectors, services
from api.tokens.services import hash_secret
from tests.adherents.factories import AccountingFirmMemberFactory, AdherentFactory, MandateFactory
from tests.api.helpers import make_token

DAY = datetime.timedelta(days=1)


def orm_grant(token: ApiToken) -> tuple:
    row = services.with_grant(ApiToken.objects.filter(pk=token.pk)).get()
    return row.adherent_name, row.adherent_ended_on, row.grant_role, row.grant_scopes


def sql_grant(secret: str) -> tuple | None:
    row = selectors.live_token(hash_secret(secret))
    if row is None:
        return None
    return row.adherent_name, row.adherent_ended_on, row.grant_role, row.grant_scopes


def ended(token_and_secret):
    """The token's member's membership has ended (its tokens then only read)."""
    Adherent.objects.filter(pk=token_and_secret[0].adherent_id).update(
        status=Adherent.Status.ENDED, ended_on=today() - DAY
    )
    return token_and_secret


def member_token(world, change=None):
    admin = world.actors["portal_admin"]
    token, secret = make_token(admin, world.adherent)
    if change:
        AdherentMembership.objects.filter(user=admin, adherent=world.adherent).update(**change)
    return token, secret


def firm_token(world, mandate=None, member=None):
    """A firm collaborator's token for a member, the mandate and the collaborator changed."""
    user = AccountingFirmMemberFactory().user
    firm = user.firm_memberships.get().firm
    MandateFactory(firm=firm, adherent=world.adherent, scopes=[MandateScope.WORKERS])
    if mandate:
        AccountingFirmMandate.objects.filter(firm=firm).update(**mandate)
    if member:
        AccountingFirmMember.objects.filter(user=user).update(**member)
    return make_token(user, world.adherent, firm=firm)


today = timezone.localdate

CASES = {
    "active role": lambda w: member_token(w),
    "role ended": lambda w: member_token(w, {"is_active": False}),
    "role is billing": lambda w: member_token(w, {"role": AdherentRole.BILLING}),
    "role for another member only": lambda w: member_token(
        w, {"adherent": AdherentFactory(team=w.team)}
    ),
    "mandate in force": lambda w: firm_token(w),
    "mandate starting tomorrow": lambda w: firm_token(w, {"valid_from": today() + DAY}),
    "mandate starting today": lambda w: firm_token(w, {"valid_from": today()}),
    "mandate ending today": lambda w: firm_token(
        w, {"valid_from": today() - 9 * DAY, "valid_until": today()}
    ),
    "mandate ended yesterday": lambda w: firm_token(
        w, {"valid_from": today() - 9 * DAY, "valid_until": today() - DAY}
    ),
    "mandate revoked": lambda w: firm_token(w, {"revoked_at": timezone.now()}),
    "collaborator left the firm": lambda w: firm_token(w, member={"is_active": False}),
    "mandate scopes changed": lambda w: firm_token(w, {"scopes": [MandateScope.INVOICES]}),
    "member's membership ended": lambda w: ended(member_token(w)),
    "mandate for an ended member": lambda w: ended(firm_token(w)),
}


@pytest.mark.django_db
@pytest.mark.parametrize("case", CASES)
def test_the_sql_grant_is_the_screens_grant(world, case):
    token, secret = CASES[case](world)
    assert sql_grant(secret) == orm_grant(token)


@pytest.mark.django_db
def test_the_cases_cover_both_answers(world):
    """The comparison above is not between two Nones: grants are found and refused."""
    grants = [sql_grant(CASES[case](world)[1]) for case in CASES]
    assert any(role for _, _, role, _ in grants)
    assert any(scopes for _, _, _, scopes in grants)
    assert any(role is None and scopes is None for _, _, role, scopes in grants)
    assert any(ended_on for _, ended_on, _, _ in grants)


@pytest.mark.django_db
def test_the_token_and_its_creator_load_as_the_orm_loads_them(world):
    token, secret = make_token(world.actors["portal_admin"], world.adherent)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    loaded = selectors.live_token(hash_secret(secret))
    expected = ApiToken.objects.select_related("user").get(pk=token.pk)
    assert model_to_dict(loaded) == model_to_dict(expected)
    assert (loaded.created_at, loaded.expires_at, loaded.last_used_at) == (
        expected.created_at,
        expected.expires_at,
        expected.last_used_at,
    )
    assert model_to_dict(loaded.user) == model_to_dict(expected.user)
    assert loaded.user.last_login == expected.user.last_login
    assert not loaded._state.adding
    assert loaded.adherent_name == world.adherent.name


@pytest.mark.django_db
@pytest.mark.parametrize(
    "change",
    [
        {"revoked_at": timezone.now()},
        {"expires_at": timezone.now() - datetime.timedelta(seconds=1)},
    ],
)
def test_a_dead_token_is_not_found(world, change):
    token, secret = make_token(world.actors["portal_admin"], world.adherent)
    ApiToken.objects.filter(pk=token.pk).update(**change)
    assert selectors.live_token(hash_secret(secret)) is None


@pytest.mark.django_db
def test_one_query_resolves_a_call(world, django_assert_num_queries):
    _, secret = make_token(world.actors["portal_admin"], world.adherent)
    with django_assert_num_queries(1):
        token = services.active_token(secret)
    assert token.user == world.actors["portal_admin"]
