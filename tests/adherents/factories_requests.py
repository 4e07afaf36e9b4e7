"""Factories of the requests inbox: requests, partners, referrals (with a known token)."""

import datetime
from zoneinfo import ZoneInfo

import factory
from django.utils import timezone

from adherents.models import (
    MemberRequest,
    Partner,
    PartnerReferral,
    RequestCategory,
    RequestChannel,
    RequestMessage,
)
from spsti.secret_links import token_hash as hash_token
from tests.accounts.factories import UserFactory
from tests.adherents.factories import AdherentFactory

PARIS = ZoneInfo("Europe/Paris")


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner

    name = factory.Sequence(lambda n: f"CARSAT Région {n}")
    kind = "carsat"
    region = "Bourgogne-Franche-Comté"
    email = factory.Sequence(lambda n: f"prevention{n}@carsat.example")
    response_days = 15


class MemberRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MemberRequest

    adherent = factory.SubFactory(AdherentFactory)
    channel = RequestChannel.PORTAL
    category = RequestCategory.QUESTION
    subject = factory.Sequence(lambda n: f"Question n° {n}")
    body = "Comment organiser la reprise d'activité de l'atelier ?"
    created_by = factory.SubFactory(UserFactory)


class ReferralFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnerReferral

    request = factory.SubFactory(MemberRequestFactory)
    partner = factory.SubFactory(PartnerFactory)
    sent_on = factory.LazyFunction(timezone.localdate)
    due_on = factory.LazyAttribute(lambda o: o.sent_on + datetime.timedelta(days=15))
    sent_by = factory.LazyAttribute(lambda o: o.request.created_by)
    token_hash = factory.Sequence(lambda n: hash_token(f"jeton-de-test-{n}"))


def message(request, author, body, *, internal=False) -> RequestMessage:
    return RequestMessage.objects.create(
        request=request, author=author, body=body, is_internal=internal
    )


def paris(year, month, day, hour=9, minute=0) -> datetime.datetime:
    """An aware datetime in the service's time zone (Europe/Paris)."""
    return datetime.datetime(year, month, day, hour, minute, tzinfo=PARIS)


def set_times(request, *, created_at, first_answered_at=None, **extra) -> MemberRequest:
    """Requests are stamped on creation (auto_now_add): move them to a concrete moment."""
    MemberRequest.objects.filter(pk=request.pk).update(
        created_at=created_at, first_answered_at=first_answered_at, **extra
    )
    request.refresh_from_db()
    return request
