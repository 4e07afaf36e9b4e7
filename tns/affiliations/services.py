"""Writes of the affiliations: joining as self-employed, renewal, reminders, expiry. Never a
tacit renewal (art. D4622-27-3): only ``renew`` opens a new period.

A company head (L4621-4) uses the offer made to the company's employees and is declared in its
workforce declaration (WorkforceDeclaration.company_heads), not through a yearly affiliation:
no new `company_head` affiliation is created, and those created before stay readable until
their end but are never renewed. Billing of the heads: SPSTI_BILL_COMPANY_HEADS (TO VERIFY)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from types import SimpleNamespace

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts import audit, invitations
from accounts.emails import UnprovenAddressError
from accounts.enums import AdherentRole, UserKind
from adherents.models import Adherent, AdherentMembership
from spsti import outbox
from spsti.errors import DomainError
from tns.models import AffiliationStatus, Basis, TnsAffiliation, TnsOffer
from tns.offer import services as offer_services
from tns.rules import affiliation as rules


class AffiliationError(DomainError):
    """A refusal of the affiliation rules; French message shown as is."""


# The head of a member company is declared in the workforce declaration (art. L4621-4).
HEAD_IN_WORKFORCE = (
    "Le dirigeant d'une entreprise adhérente bénéficie du suivi proposé à ses salariés "
    "(art. L4621-4 du Code du travail) : il se déclare dans la déclaration d'effectifs de "
    "l'entreprise, et non plus par une affiliation à l'offre des travailleurs indépendants."
)
HEAD_NOT_RENEWABLE = (
    "Ce suivi de dirigeant(e) reste ouvert jusqu'à sa fin mais ne se renouvelle pas : le "
    "dirigeant d'une entreprise adhérente se déclare désormais dans la déclaration d'effectifs "
    "de l'entreprise (art. L4621-4)."
)


@dataclass(frozen=True)
class SelfEmployedApplication:
    siren: str
    name: str
    naf_code: str
    first_name: str
    last_name: str
    email: str
    start_on: datetime.date
    serves_clients: bool
    no_employees: bool


def _offer() -> TnsOffer:
    offer = TnsOffer.current()
    if offer is None or not offer.is_open:
        raise AffiliationError(
            "L'offre travailleurs indépendants n'est pas ouverte aux adhésions pour le moment."
        )
    return offer


def _check_start(start_on: datetime.date, today: datetime.date) -> None:
    if start_on < today:
        raise AffiliationError("La date de début ne peut pas être dans le passé.")
    if start_on > today + datetime.timedelta(days=90):
        raise AffiliationError("La date de début doit être dans les trois prochains mois.")


def _open_or_future(user, today: datetime.date) -> TnsAffiliation | None:
    return (
        TnsAffiliation.objects.select_for_update()
        .filter(person=user, end_on__gte=today)
        .order_by("-end_on")
        .first()
    )


@transaction.atomic
def join_self_employed(data: SelfEmployedApplication) -> TnsAffiliation:
    """The online path of an individual entrepreneur: member of kind TNS, the person's portal
    account (activation link e-mailed), one year of affiliation and its invoice from the grid."""
    today = timezone.localdate()
    offer = _offer()
    if not data.no_employees:
        raise AffiliationError(
            "L'offre travailleurs indépendants s'adresse aux personnes sans salarié : une "
            "entreprise qui emploie des salariés adhère au titre de l'offre socle."
        )
    _check_start(data.start_on, today)
    if Adherent.objects.filter(siren=data.siren).exists():
        raise AffiliationError(
            "Ce SIREN est déjà celui d'un adhérent du service. Si vous dirigez cette entreprise, "
            "déclarez-vous dans sa déclaration d'effectifs, depuis son espace adhérent "
            "(art. L4621-4) ; sinon, contactez-nous."
        )
    try:
        user = invitations.get_or_create_portal_user(
            email=data.email, first_name=data.first_name, last_name=data.last_name
        )
    except UnprovenAddressError as error:
        raise AffiliationError(str(error)) from error
    if user.kind != UserKind.PORTAL:
        raise AffiliationError(
            "Cette adresse est celle d'un compte du service : choisissez-en une autre."
        )
    if _open_or_future(user, today) is not None:
        raise AffiliationError("Vous avez déjà une affiliation en cours à l'offre.")
    actor = SimpleNamespace(user=user)
    with audit.actor_context(actor):
        adherent = Adherent.objects.create(
            name=data.name,
            siren=data.siren,
            naf_code=data.naf_code,
            kind=Adherent.Kind.TNS,
            team=offer.team,
            joined_on=data.start_on,
        )
        AdherentMembership.objects.create(
            user=user, adherent=adherent, role=AdherentRole.SELF_EMPLOYED
        )
        affiliation = _create(
            user, adherent, Basis.SELF_EMPLOYED, data.start_on, data.serves_clients, actor
        )
    invitations.send_invitation(
        user,
        organisation=adherent.name,
        reason="votre affiliation à l'offre travailleurs indépendants",
    )
    return affiliation


def _create(user, adherent, basis, start_on, serves_clients, actor, renewed_from=None):
    if basis != Basis.SELF_EMPLOYED:  # a head is declared in the workforce (L4621-4)
        raise AffiliationError(HEAD_IN_WORKFORCE)
    end_on = rules.minimum_end(start_on)
    errors = rules.check_period(start_on, end_on)
    if errors:  # pragma: no cover - minimum_end always passes; kept as the rule's guard
        raise AffiliationError(errors[0])
    affiliation = TnsAffiliation.objects.create(
        person=user,
        adherent=adherent,
        basis=basis,
        start_on=start_on,
        end_on=end_on,
        serves_clients=serves_clients,
        renewed_from=renewed_from,
    )
    try:
        affiliation.invoice = offer_services.invoice_affiliation(affiliation, actor=actor)
    except offer_services.OfferError as error:
        raise AffiliationError(str(error)) from error
    affiliation.save(update_fields=["invoice", "updated_at"])
    return affiliation


@transaction.atomic
def renew(*, actor, affiliation: TnsAffiliation) -> TnsAffiliation:
    """The explicit renewal: a new period from the day after the end (or today if lapsed)."""
    affiliation = TnsAffiliation.objects.select_for_update().get(pk=affiliation.pk)
    if affiliation.person_id != actor.user.pk:
        raise PermissionDenied
    if hasattr(affiliation, "renewal"):
        raise AffiliationError("Cette affiliation est déjà renouvelée.")
    if affiliation.basis == Basis.COMPANY_HEAD:
        raise AffiliationError(HEAD_NOT_RENEWABLE)
    _offer()
    today = timezone.localdate()
    period = rules.renewal_period(affiliation.end_on, today)
    with audit.actor_context(actor):
        return _create(
            actor.user,
            affiliation.adherent,
            affiliation.basis,
            period.start,
            affiliation.serves_clients,
            actor,
            renewed_from=affiliation,
        )


# --- The daily task: reminders 60 and 15 days before the end, expiry ------------------------


def _mail(affiliation: TnsAffiliation, template: str, subject: str, key: str) -> bool:
    context = {
        "affiliation": affiliation,
        "person": affiliation.person,
        "space_url": f"{settings.SPSTI_SITE_URL}{reverse('portal:tns:space')}",
        "offer_url": f"{settings.SPSTI_SITE_URL}{reverse('tns:offer')}",
    }
    queued = outbox.queue_email(
        kind=f"tns.affiliations.{template.removesuffix('.txt')}",
        to=[affiliation.person.email],
        subject=subject,
        body=render_to_string(f"tns/affiliations/{template}", context),
        related=affiliation,
        key=key,
    )
    return queued is not None


def send_reminders(today: datetime.date) -> int:
    """Each active affiliation's due reminders (J-60, J-15), once each; returns the count."""
    sent = 0
    window = today + datetime.timedelta(days=max(rules.REMINDER_DAYS))
    candidates = (
        TnsAffiliation.objects.filter(
            status=AffiliationStatus.ACTIVE,
            end_on__gte=today,
            end_on__lte=window,
            renewal__isnull=True,
        )
        .select_related("person")
        .order_by("pk")
    )
    for affiliation in candidates:
        done = frozenset(
            days
            for days, day in (
                (60, affiliation.reminder_60_sent_on),
                (15, affiliation.reminder_15_sent_on),
            )
            if day is not None
        )
        for days in rules.reminders_due(affiliation.end_on, today, done):
            with transaction.atomic():
                _mail(
                    affiliation,
                    "email_reminder.txt",
                    f"Votre affiliation se termine le {affiliation.end_on:%d/%m/%Y}",
                    key=f"tns.reminder.{affiliation.pk}.{days}",
                )
                field = f"reminder_{days}_sent_on"
                TnsAffiliation.objects.filter(pk=affiliation.pk).update(**{field: today})
                sent += 1
    return sent


def expire(today: datetime.date) -> int:
    """Close every affiliation past its end: access closes, nothing is renewed silently."""
    count = 0
    ended = (
        TnsAffiliation.objects.filter(status=AffiliationStatus.ACTIVE, end_on__lt=today)
        .select_related("person", "renewal")
        .order_by("pk")
    )
    for affiliation in ended:
        with transaction.atomic():
            TnsAffiliation.objects.filter(pk=affiliation.pk).update(
                status=AffiliationStatus.EXPIRED, expired_on=today
            )
            if not hasattr(affiliation, "renewal"):  # renewed: the new period goes on
                _mail(
                    affiliation,
                    "email_expired.txt",
                    "Votre affiliation à l'offre travailleurs indépendants a pris fin",
                    key=f"tns.expired.{affiliation.pk}",
                )
            count += 1
    return count
