"""Reads of the yearly call for cotisations' page: its progress, and the members it has not
invoiced with the reason, a page at a time.

The page listed every member without an invoice at once: before the call, a whole centre
(30,000 members of the large dataset: a 4.8 MB page, 1.5 s to render). The list is now paged
by key in name order (spsti.pagination): each page reads 51 members through the name order,
testing the invoice and the declaration for those rows only; the progress counts stay exact
(two counts of the centre's active members, ≈ 20 ms on the large dataset).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet

from adherents.models import Adherent, InvoiceKind, InvoiceLine, WorkforceDeclaration
from adherents.rules import cotisation as rules

# The list's order, paged by key.
NOT_INVOICED_ORDER = ("name", "pk")


@dataclass(frozen=True)
class BatchProgress:
    members: int
    invoiced: int

    @property
    def remaining(self) -> int:
        return max(0, self.members - self.invoiced)


def _cotisation_of_year(year: int) -> Exists:
    """The member (OuterRef) has a cotisation invoice for the year."""
    return Exists(
        InvoiceLine.objects.filter(
            invoice__adherent=OuterRef("pk"),
            invoice__year=year,
            invoice__kind=InvoiceKind.INVOICE,
            heading__in=sorted(rules.COTISATION_HEADINGS),
        )
    )


def _active_members(ctx) -> QuerySet[Adherent]:
    return Adherent.objects.visible_to(ctx).filter(status=Adherent.Status.ACTIVE)


def batch_progress(ctx, year: int) -> BatchProgress:
    """Active members of the centre, and how many of them have a cotisation invoice."""
    members = _active_members(ctx)
    return BatchProgress(
        members=members.count(), invoiced=members.filter(_cotisation_of_year(year)).count()
    )


def batch_not_invoiced(ctx, year: int) -> QuerySet[Adherent]:
    """The active members of the centre without a cotisation invoice for the year, by name,
    each with `declared` (a workforce declaration of the year: see skip_reason)."""
    declared = WorkforceDeclaration.objects.filter(
        campaign__year=year, establishment__adherent=OuterRef("pk")
    )
    return (
        _active_members(ctx)
        .exclude(_cotisation_of_year(year))
        .annotate(declared=Exists(declared))
        .only("pk", "name", "kind")
        .order_by(*NOT_INVOICED_ORDER)
    )


def is_blocked(member: Adherent) -> bool:
    """A company without a workforce declaration of the year cannot be invoiced (L4622-6)."""
    return member.kind == Adherent.Kind.COMPANY and not member.declared


def skip_reason(member: Adherent, year: int) -> str:
    """Why the call has not invoiced this member of batch_not_invoiced, in French."""
    if is_blocked(member):
        return (
            f"Aucune déclaration d'effectifs {year} : la cotisation par salarié suivi "
            "(art. L4622-6) ne peut pas être calculée."
        )
    return "Pas encore facturé : l'appel n'a pas été lancé ou est en cours."


def batch_pending(ctx, year: int) -> bool:
    """Some member not invoiced yet could be: the call has not run or is running (one query,
    which stops at the first such member)."""
    return (
        batch_not_invoiced(ctx, year)
        .filter(~Q(kind=Adherent.Kind.COMPANY) | Q(declared=True))
        .exists()
    )
