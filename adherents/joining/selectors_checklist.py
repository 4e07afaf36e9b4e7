"""The guided checklist of a new member's first logins (seed 002: the portal was never explained,
54 % of new members never logged in). Each item is done when the data says so."""

from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass

from django.conf import settings
from django.contrib.postgres.expressions import ArraySubquery
from django.core.cache import cache
from django.db.models import Exists, OuterRef, Q
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from adherents import hooks
from adherents.models import (
    AccountingFirmMandate,
    Adherent,
    Contact,
    Establishment,
    MeetingRegistration,
    MembershipApplication,
    WorkforceDeclaration,
)
from adherents.rules.joining import REQUIRED_CONTACTS

# URL names of other areas, linked only once their area exists in the URLconf.
WORKERS_URL = "portal:suivi_sante:worker-list"
MEETINGS_URL = "portal:adherents:events-session-list"
MANDATES_URL = "portal:adherents:firms-mandate-list"
HOURS_KINDS = [Establishment.Kind.HEAD_OFFICE, Establishment.Kind.SITE]
# Once workers are declared the item stays done: remembered, the follow-up app is not asked again.
WORKERS_DONE_TTL = 30 * 24 * 3600


@dataclass(frozen=True)
class ChecklistItem:
    label: str
    help: str
    done: bool
    url: str = ""  # empty: the page does not exist (yet), the item is shown without a link


@dataclass(frozen=True)
class Checklist:
    items: list[ChecklistItem]

    @property
    def done_count(self) -> int:
        return sum(item.done for item in self.items)

    @property
    def complete(self) -> bool:
        return self.done_count == len(self.items)


def _url_names(resolver: URLResolver, prefix: str = "") -> frozenset[str]:
    names: set[str] = set()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            namespace = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            names |= _url_names(entry, namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            names.add(f"{prefix}{entry.name}")
    return frozenset(names)


@functools.lru_cache(maxsize=4)
def _names_of(resolver: URLResolver) -> frozenset[str]:
    return _url_names(resolver)


def url_if_present(name: str) -> str:
    """The path of a URL name when the URLconf has it, else "" (areas ship one by one)."""
    return reverse(name) if name in _names_of(get_resolver()) else ""


def _member_with_flags(adherent_id: int) -> Adherent:
    """The member with one boolean per item (one query, Exists subqueries, no row fan-out)."""
    mine = {"adherent": OuterRef("pk")}
    contact_flags = {
        f"has_contact_{i}": Exists(
            Contact.objects.filter(**mine, is_active=True, role__in=sorted(roles))
        )
        for i, (roles, _label) in enumerate(REQUIRED_CONTACTS)
    }
    return (
        Adherent.objects.filter(pk=adherent_id)
        .annotate(
            has_establishment=Exists(Establishment.objects.filter(**mine)),
            lacks_hours=Exists(  # worksites and isolated workers have no opening hours
                Establishment.objects.filter(**mine, opening_hours="", kind__in=HOURS_KINDS)
            ),
            has_preferences=Exists(
                Establishment.objects.filter(**mine).filter(
                    ~Q(convocation_weekdays=[]) | ~Q(convocation_half_day="")
                )
            ),
            has_registration=Exists(
                MeetingRegistration.objects.filter(**mine, cancelled_at__isnull=True)
            ),
            has_mandate=Exists(AccountingFirmMandate.objects.active().filter(**mine)),
            firm_announced=Exists(
                MembershipApplication.objects.filter(**mine, has_accounting_firm=True)
            ),
            has_declaration=Exists(
                WorkforceDeclaration.objects.filter(establishment__adherent=OuterRef("pk"))
            ),
            establishment_ids=ArraySubquery(Establishment.objects.filter(**mine).values("pk")),
            **contact_flags,
        )
        .get()
    )


def _workers_declared(member: Adherent) -> bool:
    """A workforce declaration, or current workers reported by the follow-up app (hook)."""
    key = f"joining:checklist:workers:{member.pk}"
    if member.has_declaration or cache.get(key):
        return True
    counts = hooks.headcount_by_category(member.establishment_ids) or {}
    declared = any(sum(by_category.values()) for by_category in counts.values())
    if declared:
        cache.set(key, 1, WORKERS_DONE_TTL)
    return declared


def _still_new(member: Adherent) -> bool:
    days = settings.SPSTI_CHECKLIST_DAYS
    recent = member.joined_on >= timezone.localdate() - datetime.timedelta(days=days)
    return recent and member.checklist_dismissed_at is None


def checklist_for(ctx, *, loaded: Adherent | None = None) -> Checklist | None:
    """The member admin's first-login checklist, or None once hidden (or for anyone else).

    Shown during the member's first year (a new member's checklist, not a chore for members
    who joined long before the portal). `loaded`: the current member if the page already has
    it (then no query outside that year or once hidden). One query, plus one to the follow-up
    app until workers are declared.
    """
    if not (ctx.is_portal and ctx.adherent_id and ctx.has_perm("adherents.adherent:manage")):
        return None
    if loaded is not None and not _still_new(loaded):
        return None
    member = _member_with_flags(ctx.adherent_id)
    if not _still_new(member):
        return None
    establishments_url = reverse("portal:adherents:establishment-list")
    contacts_done = all(getattr(member, f"has_contact_{i}") for i in range(len(REQUIRED_CONTACTS)))
    items = [
        ChecklistItem(
            "Activer votre compte",
            "Vous avez choisi votre mot de passe : votre espace est ouvert.",
            ctx.user.has_usable_password(),
        ),
        ChecklistItem(
            "Vérifier vos établissements",
            "Adresses, type (siège, chantier…) et horaires d'ouverture de chaque site.",
            member.has_establishment and not member.lacks_hours,
            establishments_url,
        ),
        ChecklistItem(
            "Vérifier vos contacts",
            "Référent santé-sécurité, ressources humaines ou dirigeant, facturation.",
            contacts_done,
            reverse("portal:adherents:joining-contact-list"),
        ),
        ChecklistItem(
            "Indiquer vos préférences de convocation",
            "Les jours et demi-journées qui conviennent pour les visites de vos salariés.",
            member.has_preferences,
            establishments_url,
        ),
        ChecklistItem(
            "Déclarer vos salariés",
            "La liste de vos salariés et leur poste : elle détermine leur suivi.",
            _workers_declared(member),
            url_if_present(WORKERS_URL) if ctx.has_perm("suivi_sante.worker:view") else "",
        ),
        ChecklistItem(
            "Vous inscrire à une rencontre employeurs",
            "Une présentation du service et de votre espace, sur place ou en visioconférence.",
            member.has_registration,
            url_if_present(MEETINGS_URL),
        ),
    ]
    if member.firm_announced:
        items.append(
            ChecklistItem(
                "Donner un mandat à votre cabinet comptable",
                "Votre demande indique qu'un cabinet agit pour vous : choisissez ce qu'il peut "
                "faire dans votre espace.",
                member.has_mandate,
                url_if_present(MANDATES_URL),
            )
        )
    return Checklist(items)
