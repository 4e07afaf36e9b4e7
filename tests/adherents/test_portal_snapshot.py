"""The members a portal user may act for are read from the cache between two changes
(accounts/context_snapshot.py, adherents/hooks_portal_context.py): a membership revoked or ended, a
firm collaborator deactivated, a mandate revoked, ended or granted, a member renamed, in one row
or in bulk, is seen on the next request; a mandate's end date is seen the next day; a change
that lands while a reader reads the database never leaves that reader's copy in use."""

import datetime

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts import context_snapshot
from accounts.context import build_context
from accounts.enums import AdherentRole
from adherents.members.selectors import portal_choices as read_choices
from adherents.models import (
    AccountingFirmMandate,
    AccountingFirmMember,
    Adherent,
    AdherentMembership,
)
from tests.adherents.factories import (
    AccountingFirmMemberFactory,
    AdherentMembershipFactory,
    EstablishmentFactory,
    MandateFactory,
)
from tests.conftest import login

pytestmark = pytest.mark.django_db

NO_MEMBER = reverse("portal:no-member")


def context_of(user):
    return build_context(user, {}, mfa_passed=False)


def queries_of(action) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        action()
    return [query["sql"] for query in captured.captured_queries]


def test_the_choices_are_read_once_then_from_the_cache_until_a_change():
    membership = AdherentMembershipFactory(role=AdherentRole.HR)
    user = membership.user
    assert len(queries_of(lambda: context_of(user))) == 2  # memberships, then mandates
    assert queries_of(lambda: context_of(user)) == []
    assert context_of(user).role == AdherentRole.HR
    membership.role = AdherentRole.ADMIN
    membership.save()
    assert len(queries_of(lambda: context_of(user))) == 2
    assert context_of(user).role == AdherentRole.ADMIN


def test_a_revoked_membership_closes_the_portal_at_the_next_request():
    membership = AdherentMembershipFactory(role=AdherentRole.ADMIN)
    client = login(Client(), membership.user)
    url = reverse("portal:adherents:establishment-list")
    assert client.get(url).status_code == 200
    assert client.get(url).status_code == 200  # now from the cache
    membership.is_active = False
    membership.save()
    assert client.get(url)["Location"] == NO_MEMBER


def test_a_membership_revoked_in_bulk_closes_the_portal_at_the_next_request():
    """`update()` and `bulk_create()` send no signal: the queryset renews the tokens itself."""
    membership = AdherentMembershipFactory(role=AdherentRole.ADMIN)
    client = login(Client(), membership.user)
    url = reverse("portal:adherents:establishment-list")
    assert client.get(url).status_code == 200
    assert client.get(url).status_code == 200
    AdherentMembership.objects.filter(user=membership.user).update(is_active=False)
    assert client.get(url)["Location"] == NO_MEMBER
    AdherentMembership.objects.bulk_create(
        [AdherentMembership(user=membership.user, adherent=membership.adherent, role="admin")]
    )
    assert client.get(url).status_code == 200


def test_a_deactivated_firm_collaborator_and_a_revoked_mandate_stop_at_the_next_request():
    member = AccountingFirmMemberFactory()
    mandate = MandateFactory(firm=member.firm)
    other = MandateFactory(firm=member.firm)
    establishment = EstablishmentFactory(adherent=mandate.adherent)
    user = member.user
    assert {c.adherent_id for c in context_of(user).choices} == {
        mandate.adherent_id,
        other.adherent_id,
    }
    mandate.revoked_at = timezone.now()
    mandate.save()
    assert {c.adherent_id for c in context_of(user).choices} == {other.adherent_id}
    AccountingFirmMandate.objects.filter(pk=other.pk).update(revoked_at=timezone.now())
    assert context_of(user).choices == ()
    granted = MandateFactory(firm=member.firm, adherent=establishment.adherent)
    assert [c.adherent_id for c in context_of(user).choices] == [granted.adherent_id]
    AccountingFirmMember.objects.filter(pk=member.pk).update(is_active=False)
    assert context_of(user).choices == ()
    member.is_active = True
    member.save()
    assert [c.adherent_id for c in context_of(user).choices] == [granted.adherent_id]
    member.is_active = False
    member.save()
    assert context_of(user).choices == ()


def test_a_renamed_member_is_seen_at_once_in_one_row_or_in_bulk():
    membership = AdherentMembershipFactory()
    user, adherent = membership.user, membership.adherent
    context_of(user)
    adherent.name = "Boulangerie renommée"
    adherent.save()
    assert context_of(user).adherent_name == "Boulangerie renommée"
    Adherent.objects.filter(pk=adherent.pk).update(name="Boulangerie fusionnée")
    assert context_of(user).adherent_name == "Boulangerie fusionnée"


def test_a_mandate_that_ends_today_is_gone_tomorrow_without_any_change():
    member = AccountingFirmMemberFactory()
    today = timezone.localdate()
    mandate = MandateFactory(firm=member.firm, valid_until=today)
    assert [c.adherent_id for c in context_of(member.user).choices] == [mandate.adherent_id]
    assert queries_of(lambda: context_of(member.user)) == []
    tomorrow = datetime.datetime.combine(today + datetime.timedelta(days=1), datetime.time(9))
    with time_machine.travel(timezone.make_aware(tomorrow), tick=False):
        assert context_of(member.user).choices == ()


def test_a_revocation_during_a_read_leaves_that_read_unused():
    """The reader stores what it read under the tokens seen before reading: a writer that
    commits in between has renewed them, so the next request reads the database again."""
    membership = AdherentMembershipFactory()
    user = membership.user
    context_of(user)  # both tokens written, and an entry
    context_snapshot.forget_portal_user(user.pk)  # the entry is stale: the next reader reads
    reads = []

    def read_then_revoked():
        reads.append(read_choices(user))
        membership.is_active = False  # lands after the reader's query, before it stores its copy
        membership.save()
        return reads[-1]

    stale = context_snapshot.portal_choices(user, read_then_revoked)
    assert [c.adherent_id for c in stale] == [membership.adherent_id]
    assert context_of(user).choices == ()


def test_a_lost_token_is_written_again_and_never_trusted_blindly():
    user = AdherentMembershipFactory().user
    context_of(user)
    cache.delete(context_snapshot.EVERY_MEMBER)  # evicted by Redis, say
    assert len(queries_of(lambda: context_of(user))) == 2
    assert queries_of(lambda: context_of(user)) == []


PORTAL_PAGES = [
    "portal:dashboard",
    "portal:suivi_sante:worker-list",
    "portal:suivi_sante:convocation-list",
    "portal:suivi_sante:due-list",
    "portal:adherents:billing-invoice-list",
    "portal:suivi_sante:document-list",
    "portal:adherents:establishment-list",
]


@pytest.mark.parametrize("url_name", PORTAL_PAGES)
def test_the_pages_of_the_load_test_read_no_membership_once_the_choices_are_cached(world, url_name):
    user = world.actors["portal_admin"]
    client = login(Client(), user)
    url = reverse(url_name)
    client.get(url)  # a first request: the page's own first-visit work, if any
    context_snapshot.forget_portal_user(user.pk)  # the user's memberships changed, say
    first = queries_of(lambda: client.get(url))
    second = queries_of(lambda: client.get(url))
    memberships = [sql for sql in first if '"adherents_adherentmembership"' in sql]
    assert len(memberships) == 1  # the context's read, once after the change
    assert not [sql for sql in second if '"adherents_adherentmembership"' in sql]
    assert len(second) == len(first) - 2  # the context's two queries, nothing else


def test_a_page_of_the_portal_costs_the_user_and_its_own_query_once_cached(world):
    client = login(Client(), world.actors["portal_admin"])
    url = reverse("portal:adherents:establishment-list")
    client.get(url)
    assert len(queries_of(lambda: client.get(url))) == 2  # the user, the establishments
