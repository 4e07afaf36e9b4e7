"""What each role's home lists (issue 17, item 1): its work items, each with a count that the
target list shows too, and the link to that filtered list. Every count is read through the
owning app's selectors (same scope: visible_to(ctx), own teams, medical secrecy), one or two
queries each, so a home stays bounded whatever the size of the centre."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from accounts.context import AccessContext
from adherents.billing import selectors_home as billing_home
from adherents.models import RequestStatus
from adherents.requests import selectors as request_selectors
from prevention.duerp import selectors_home as duerp_home
from prevention.fiche import selectors as fiche_selectors
from spsti.french import euros
from spsti.pagination import capped_count
from suivi_sante.agenda import selectors as agenda_selectors
from suivi_sante.schedule import selectors as due_selectors

ROWS_SHOWN = 5  # the first items of an inline list; the count says how many there are
# The back office's work queues are counted up to this many (spsti.pagination.capped_count, one
# bounded query): beyond, the card says « Plus de 100 … », as the lists say « Plus de 10 000 ».
# A queue of a whole centre (convocations to rebook, no-shows, overdue invoices: tens of
# thousands of rows on the large dataset) is then read no further than its 101st row: a few ms
# instead of 0.1 to 2 s an exact COUNT took. Past a hundred, the figure is a backlog to open in
# its list, not a number to act on. As every capped count, « Plus de 100 » is remembered for
# CAPPED_COUNT_TTL_S (5 minutes): a queue emptied below 100 may say it that long.
HOME_COUNT_CAP = 100


def plural(count: int, singular: str, plural_form: str) -> str:
    """ "1 convocation", "3 convocations": the count chooses the form (no "convocation(s)")."""
    return f"{count} {singular if count == 1 else plural_form}"


def capped_plural(count: int, singular: str, plural_form: str) -> str:
    """plural() of a count read by capped_count(..., HOME_COUNT_CAP): over the cap, « Plus de
    100 convocations »."""
    if count > HOME_COUNT_CAP:
        return f"Plus de {HOME_COUNT_CAP} {plural_form}"
    return plural(count, singular, plural_form)


def capped(queryset) -> int:
    """A work queue's count, up to HOME_COUNT_CAP + 1 (one bounded query)."""
    return capped_count(queryset, HOME_COUNT_CAP)


@dataclass(frozen=True)
class Row:
    label: str
    url: str


@dataclass(frozen=True)
class WorkItem:
    """One card of a home: a title, a sentence saying how much work waits, where to do it."""

    title: str
    count: int
    text: str  # "3 convocations attendent votre réponse" or "Aucune convocation en attente"
    url: str = ""
    link_label: str = "Voir la liste"
    amount: Decimal | None = None
    rows: list[Row] = field(default_factory=list)
    # How many rows the inline list would have in full, when its rows are not the items counted
    # (the late visits: one row a team, the count in visits); None: one row an item.
    rows_total: int | None = None

    @property
    def more(self) -> int:
        """How many rows the inline list leaves out (none said past the cap: the text says
        « Plus de 100 »)."""
        if not self.rows or self.count > HOME_COUNT_CAP:
            return 0
        total = self.count if self.rows_total is None else self.rows_total
        return total - len(self.rows)


def work_item(title, count, text, empty, url, link_label="Voir la liste", **extra) -> WorkItem:
    return WorkItem(
        title=title,
        count=count,
        text=text if count else empty,
        url=url,
        link_label=link_label,
        **extra,
    )


# --------------------------------------------------------------------------------- portal


def portal_items(ctx: AccessContext, *, today: datetime.date | None = None) -> list[WorkItem]:
    """The employer's (or the mandated firm's) work: only what its codes allow."""
    today = today or timezone.localdate()
    items: list[WorkItem] = []
    if ctx.has_perm("suivi_sante.convocation:view"):
        n = agenda_selectors.portal_convocations(ctx, awaiting=True).count()
        items.append(
            work_item(
                "Convocations à confirmer",
                n,
                f"{plural(n, 'convocation attend', 'convocations attendent')} votre réponse",
                "Aucune convocation en attente de votre réponse",
                reverse("portal:suivi_sante:convocation-list") + "?statut=en-attente",
                "Répondre aux convocations",
            )
        )
    if ctx.has_perm("suivi_sante.worker:view"):
        n = due_selectors.member_due_visits(ctx).count()
        items.append(
            work_item(
                "Visites à prévoir",
                n,
                f"{plural(n, 'visite est à prévoir', 'visites sont à prévoir')} pour vos salariés",
                "Aucune visite à prévoir pour vos salariés",
                reverse("portal:suivi_sante:due-list"),
                "Voir les visites à prévoir",
            )
        )
    if ctx.has_perm("prevention.fiche:acknowledge"):
        n = fiche_selectors.member_current_versions(ctx, unacknowledged=True).count()
        items.append(
            work_item(
                "Fiches d'entreprise reçues",
                n,
                f"{plural(n, 'fiche attend', 'fiches attendent')} votre accusé de réception",
                "Aucune fiche d'entreprise en attente de votre accusé de réception",
                reverse("portal:prevention:fiche-list") + "?statut=a-accuser",
                "Accuser réception",
            )
        )
    if ctx.has_perm("prevention.duerp:view"):
        due_on = duerp_home.member_update_due_on(ctx, today=today)
        late = due_on is not None and due_on < today
        items.append(
            work_item(
                "Document unique (DUERP)",
                int(due_on is not None),
                (
                    f"Mise à jour annuelle {'en retard depuis' if late else 'à faire avant'} "
                    f"le {due_on:%d/%m/%Y} (art. R4121-2)"
                    if due_on
                    else ""
                ),
                "Aucune mise à jour du DUERP due dans les deux mois",
                reverse("portal:prevention:duerp-workspace"),
                "Ouvrir le DUERP",
            )
        )
    if ctx.has_perm("adherents.invoice:view"):
        due = billing_home.unpaid(ctx, today=today)
        items.append(
            work_item(
                "Factures à régler",
                due.count,
                f"{plural(due.count, 'facture à régler', 'factures à régler')} : "
                f"{euros(due.amount)}",
                "Aucune facture à régler",
                reverse("portal:adherents:billing-invoice-list") + "?statut=a-payer",
                "Voir les factures à régler",
                amount=due.amount,
            )
        )
    if ctx.has_perm("adherents.request:view"):
        n = request_selectors.member_requests(ctx, status=RequestStatus.ANSWERED).count()
        items.append(
            work_item(
                "Réponses du service",
                n,
                f"{plural(n, 'demande a reçu', 'demandes ont reçu')} une réponse",
                "Aucune demande répondue en attente de lecture",
                reverse("portal:adherents:requests-list") + "?statut=repondues",
                "Lire les réponses",
            )
        )
    return items
