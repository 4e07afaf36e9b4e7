"""The back office's home: one section of work items per role of the user in the current centre
(issue 17, item 1), each count read through the owning app's selectors, with the same scope
(own teams for the late visits and referrals; medical items for health professionals only)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone

from accounts.context import AccessContext
from accounts.enums import StaffRole
from accounts.models import Team
from adherents.billing import selectors_home as billing_home
from adherents.joining import selectors as joining_selectors
from adherents.models import ApplicationStatus, RequestStatus
from adherents.requests import selectors as request_selectors
from adherents.trajectory import selectors as trajectory_selectors
from dashboards.catalogue.selectors import key_indicators
from dashboards.cockpit import selectors as cockpit_selectors
from dashboards.cockpit.forms import FilterForm
from dashboards.home.selectors import (
    HOME_COUNT_CAP,
    ROWS_SHOWN,
    Row,
    WorkItem,
    capped,
    capped_plural,
    plural,
    work_item,
)
from dashboards.scope import scope_for
from prevention.fiche import selectors as fiche_selectors
from suivi_sante.agenda import selectors as agenda_selectors
from suivi_sante.agenda import selectors_home as agenda_home
from suivi_sante.schedule import selectors as due_selectors

# ---------------------------------------------------------------------------- back office


@dataclass(frozen=True)
class Section:
    title: str
    items: list[WorkItem]


MANAGEMENT_ROLES = {StaffRole.DIRECTION, StaffRole.CENTER_MANAGER, StaffRole.CMT}
KEY_FIGURES = 3


def key_figures(ctx: AccessContext, *, today: datetime.date | None = None) -> list:
    """The first three key indicators of the cockpit over its default period, for the
    management roles (read from the monthly facts: 3 queries each, whatever the data)."""
    if not set(ctx.staff_roles) & MANAGEMENT_ROLES:
        return []
    scope = scope_for(ctx)
    if scope is None:
        return []
    selection = FilterForm(None, scope=scope, today=today or timezone.localdate()).selection()
    return cockpit_selectors.cards(key_indicators()[:KEY_FIGURES], selection)


def _rows(qs, label, url) -> tuple[int, list[Row]]:
    """The count (capped: HOME_COUNT_CAP) and the first rows of an inline list (two queries)."""
    return capped(qs), [Row(label(o), url(o)) for o in qs[:ROWS_SHOWN]]


def _agenda_item(ctx, today) -> WorkItem:
    qs = agenda_home.day_visits(ctx, day=today)
    n, rows = _rows(
        qs,
        lambda v: (
            f"{timezone.localtime(v.scheduled_at):%H:%M} — {v.worker} ({v.get_kind_display()})"
        ),
        lambda v: reverse("backoffice:suivi_sante:visit-detail", args=[v.pk]),
    )
    url = reverse("backoffice:suivi_sante:agenda") + f"?semaine={today:%Y-%m-%d}"
    return work_item(
        "Votre agenda du jour",
        n,
        f"{capped_plural(n, 'visite', 'visites')} aujourd'hui",
        "Aucune visite prévue aujourd'hui",
        url + f"&professionnel={ctx.user.pk}",
        "Ouvrir l'agenda",
        rows=rows,
    )


def _documents_item(ctx, today) -> WorkItem:
    n, rows = _rows(
        agenda_home.visits_without_document(ctx, today=today),
        lambda v: f"{v.worker} — visite du {timezone.localtime(v.held_at):%d/%m/%Y}",
        # the visit's page holds the issuing form (document-issue only accepts its POST)
        lambda v: reverse("backoffice:suivi_sante:visit-detail", args=[v.pk]),
    )
    return work_item(
        "Documents à émettre",
        n,
        f"{capped_plural(n, 'visite réalisée', 'visites réalisées')} sans attestation ni avis émis",
        "Aucun document en attente d'émission",
        "",
        rows=rows,
    )


def _referrals_item(ctx, title) -> WorkItem:
    n, rows = _rows(
        agenda_home.open_referrals(ctx),
        lambda r: f"{r.worker} — avant le {r.due_on:%d/%m/%Y}",
        lambda r: reverse("backoffice:suivi_sante:worker-detail", args=[r.worker_id]),
    )
    return work_item(
        title,
        n,
        f"{capped_plural(n, 'orientation', 'orientations')} vers le médecin en attente de visite",
        "Aucune orientation vers le médecin en attente",
        "",
        rows=rows,
    )


def _late_items(ctx, today, *, performer: str = "") -> WorkItem:
    """Overdue visits of the user's own teams, one link per team (the list filters one team).
    Each team's count is capped (one bounded query a team, through due_team_idx): a team's
    backlog is tens of thousands of due visits on the large dataset, where counting them all by
    team read every one (25 to 70 ms). Past the cap, « Plus de 100 »; the total too."""
    qs = due_selectors.overdue_due_visits(ctx, today=today, performer=performer)
    teams = Team.objects.filter(pk__in=ctx.own_team_ids).order_by("name")
    counts = [(team, capped(qs.filter(team_id=team.pk))) for team in teams]
    suffix = f"&intervenant={performer}" if performer else ""
    rows = [
        Row(
            f"{team.name} : {capped_plural(count, 'visite', 'visites')}",
            reverse("backoffice:suivi_sante:due-overdue") + f"?equipe={team.pk}{suffix}",
        )
        for team, count in counts
        if count
    ]
    n = sum(count for _, count in counts)
    title = "Visites en retard que vous pouvez réaliser" if performer else "Visites en retard"
    return work_item(
        title,
        n,
        f"{capped_plural(n, 'visite en retard', 'visites en retard')} dans vos équipes",
        "Aucune visite en retard dans vos équipes",
        "",
        rows=rows,
        rows_total=len(rows),  # every team with late visits is listed
    )


def _fiche_item(ctx, today, status: str, title: str, forms: tuple[str, str], empty: str):
    n = fiche_selectors.fiche_rows(ctx, status=status, today=today).count()
    return work_item(
        title,
        n,
        plural(n, *forms),
        empty,
        reverse("backoffice:prevention:fiche-list") + f"?statut={status}",
    )


def _physician(ctx, today) -> Section:
    return Section(
        "Médecin du travail",
        [
            _agenda_item(ctx, today),
            _documents_item(ctx, today),
            _fiche_item(
                ctx,
                today,
                "brouillon",
                "Fiches d'entreprise à valider",
                ("fiche en brouillon à valider", "fiches en brouillon à valider"),
                "Aucune fiche d'entreprise à valider",
            ),
            _referrals_item(ctx, "Orientations des infirmiers"),
            _late_items(ctx, today),
        ],
    )


def _nurse(ctx, today) -> Section:
    return Section(
        "Suivi infirmier",
        [
            _agenda_item(ctx, today),
            _documents_item(ctx, today),
            _referrals_item(ctx, "Orientations vers le médecin"),
            _late_items(ctx, today, performer="nurse"),
        ],
    )


def _secretary(ctx, today) -> Section:
    free = agenda_home.free_slot_count(ctx, today=today)
    rebook = capped(agenda_selectors.convocations_to_rebook(ctx))
    n, rows = _rows(
        agenda_home.no_shows(ctx, today=today),
        lambda v: f"{v.worker} — {timezone.localtime(v.scheduled_at):%d/%m/%Y %H:%M}",
        lambda v: reverse("backoffice:suivi_sante:visit-rebook", args=[v.pk]),
    )
    return Section(
        "Secrétariat médical",
        [
            work_item(
                "Créneaux à pourvoir",
                free,
                f"{plural(free, 'créneau libre', 'créneaux libres')} dans les 14 prochains jours",
                "Aucun créneau libre dans les 14 prochains jours",
                reverse("backoffice:suivi_sante:agenda") + f"?semaine={today:%Y-%m-%d}",
                "Ouvrir l'agenda",
            ),
            work_item(
                "Convocations à reprogrammer",
                rebook,
                f"{capped_plural(rebook, 'convocation', 'convocations')} à reprogrammer",
                "Aucune convocation à reprogrammer",
                reverse("backoffice:suivi_sante:convocations-to-rebook"),
                "Reprogrammer",
            ),
            work_item(
                "Absences non excusées",
                n,
                capped_plural(n, "absence non excusée", "absences non excusées")
                + " depuis 30 jours, sans nouvelle convocation",
                "Aucune absence non excusée à reconvoquer",
                "",
                rows=rows,
            ),
        ],
    )


def _prevention(ctx, today) -> Section:
    return Section(
        "Prévention",
        [
            _fiche_item(
                ctx,
                today,
                "brouillon",
                "Fiches d'entreprise en brouillon",
                ("brouillon en cours", "brouillons en cours"),
                "Aucune fiche d'entreprise en brouillon",
            ),
            _fiche_item(
                ctx,
                today,
                "validee",
                "Fiches validées à transmettre",
                ("fiche validée à transmettre", "fiches validées à transmettre"),
                "Aucune fiche validée en attente de transmission",
            ),
            _fiche_item(
                ctx,
                today,
                "a_etablir",
                "Premières fiches à établir",
                ("première fiche à établir", "premières fiches à établir"),
                "Aucune première fiche à établir",
            ),
            _fiche_item(
                ctx,
                today,
                "a_renouveler",
                "Fiches à renouveler",
                ("fiche à renouveler", "fiches à renouveler"),
                "Aucune fiche à renouveler",
            ),
        ],
    )


def _member_service(ctx, today) -> Section:
    applications = capped(
        joining_selectors.application_list(ctx, status=ApplicationStatus.SUBMITTED)
    )
    steps = capped(
        trajectory_selectors.overdue_steps(ctx, today=today, roles=sorted(ctx.staff_roles))
    )
    new = capped(request_selectors.inbox(ctx, status=RequestStatus.NEW))
    return Section(
        "Service adhérents",
        [
            work_item(
                "Demandes d'adhésion",
                applications,
                f"{capped_plural(applications, 'demande', 'demandes')} d'adhésion à instruire",
                "Aucune demande d'adhésion à instruire",
                reverse("backoffice:adherents:joining-application-list"),
            ),
            work_item(
                "Trajectoire des adhérents",
                steps,
                f"{capped_plural(steps, 'étape en retard', 'étapes en retard')}",
                "Aucune étape de trajectoire en retard",
                reverse("backoffice:adherents:trajectory-overdue"),
            ),
            work_item(
                "Demandes des adhérents",
                new,
                capped_plural(new, "nouvelle demande", "nouvelles demandes")
                + " à prendre en charge",
                "Aucune nouvelle demande à prendre en charge",
                reverse("backoffice:adherents:requests-inbox") + f"?status={RequestStatus.NEW}",
            ),
        ],
    )


def _billing(ctx, today) -> Section:
    left_out = billing_home.batch_left_out(ctx, year=today.year)
    unmatched = billing_home.unmatched_line_count(ctx)
    late = billing_home.overdue_count(ctx, today=today, cap=HOME_COUNT_CAP)
    return Section(
        "Facturation",
        [
            work_item(
                f"Appel de cotisations {today.year}",
                left_out,
                f"{plural(left_out, 'adhérent actif', 'adhérents actifs')} sans facture de "
                f"cotisation {today.year}",
                f"Tous les adhérents actifs ont leur facture de cotisation {today.year}",
                reverse("backoffice:adherents:billing-batch"),
                "Voir l'appel de cotisations",
            ),
            work_item(
                "Paiements non rapprochés",
                unmatched,
                f"{plural(unmatched, 'ligne de relevé', 'lignes de relevé')} sans facture "
                "rapprochée",
                "Aucun paiement non rapproché",
                reverse("backoffice:adherents:billing-statement-list"),
                "Voir les relevés",
            ),
            work_item(
                "Factures en retard",
                late,
                f"{capped_plural(late, 'facture échue', 'factures échues')} non soldée"
                + ("" if late == 1 else "s"),
                "Aucune facture en retard",
                reverse("backoffice:adherents:billing-invoice-list") + "?status=overdue",
            ),
        ],
    )


_SECTIONS = [
    (StaffRole.PHYSICIAN, _physician),
    (StaffRole.NURSE, _nurse),
    (StaffRole.MEDICAL_SECRETARY, _secretary),
    (StaffRole.PREVENTION_ASSISTANT, _prevention),
    (StaffRole.IPRP, _prevention),
    (StaffRole.MEMBER_SERVICE, _member_service),
    (StaffRole.BILLING, _billing),
]


def backoffice_sections(ctx: AccessContext, *, today: datetime.date | None = None) -> list[Section]:
    """One section per role of the user in the current centre (a role listed once)."""
    today = today or timezone.localdate()
    sections, done = [], set()
    for role, build in _SECTIONS:
        if role in ctx.staff_roles and build not in done:
            done.add(build)
            sections.append(build(ctx, today))
    return sections
