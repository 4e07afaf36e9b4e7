"""Reads of the DUERP workspace: the live workspace, versions, the centre's list, indicators."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.apps import apps
from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.context import AccessContext
from accounts.enums import AdherentRole, StaffRole
from accounts.models import StaffAssignment
from adherents.models import Adherent, AdherentMembership, Establishment
from prevention.models import (
    Duerp,
    DuerpAction,
    DuerpRisk,
    DuerpVersion,
    EvaluationMatrix,
    Hazard,
    PreventionAction,
    WorkUnit,
)
from prevention.rules import duerp as duerp_rules
from prevention.rules import evaluation
from prevention.rules.dates import add_years
from suivi_sante.models import Employment, Worker

REMINDER_ROLES = (AdherentRole.ADMIN, AdherentRole.PREVENTION_CONTACT)
# What counts as "accompanied": a staff edit of the workspace or a recorded DUERP support
# action within this window (seed 004 indicator; the national definition is still pending).
ACCOMPANIED_WINDOW_YEARS = 1
BAND_STYLES = ("text-bg-success", "text-bg-warning", "text-bg-danger")
# L4121-3-1: each line of a PAPRIPACT states its cost, owner, deadline and indicator.
PAPRIPACT_FIELDS = (
    ("cost", "coût"),
    ("owner", "responsable"),
    ("deadline", "échéance"),
    ("indicator", "indicateur"),
)


def _current_employment(today: datetime.date) -> QuerySet[Employment]:
    return Employment.objects.filter(worker=OuterRef("pk"), start_on__lte=today).filter(
        Q(end_on__isnull=True) | Q(end_on__gte=today)
    )


def live_worker_count(adherent_id: int, *, today: datetime.date) -> int:
    """Workers of the member, not merged, with a contract running today (one query)."""
    return (
        Worker.objects.filter(adherent_id=adherent_id, merged_into=None)
        .filter(Exists(_current_employment(today)))
        .count()
    )


def current_hazards() -> QuerySet[Hazard]:
    """Hazards of the thesaurus in force, by family, for a risk's choice."""
    return Hazard.objects.filter(thesaurus__is_current=True).order_by("family", "label")


def evaluate(matrix: EvaluationMatrix, severity: int, probability: int) -> evaluation.Criticity:
    """Criticity on the member's grid; raises EvaluationError (French) outside it."""
    return evaluation.criticity(
        severity,
        probability,
        severity_levels=len(matrix.severity_labels),
        probability_levels=len(matrix.probability_labels),
        bands=matrix.bands,
    )


def band_style(bands: list, label: str) -> str:
    """Bootstrap colour of a band (its text is always shown too): the last band is red."""
    labels = [b[1] for b in bands]
    index = labels.index(label) if label in labels else len(labels) - 1
    return BAND_STYLES[-1] if index == len(labels) - 1 else BAND_STYLES[min(index, 1)]


def missing_papripact_fields(action: DuerpAction) -> list[str]:
    """French names of the PAPRIPACT items an action lacks (L4121-3-1)."""
    return [label for name, label in PAPRIPACT_FIELDS if getattr(action, name) in (None, "")]


def duerp_of_member(ctx: AccessContext) -> Duerp | None:
    """The current member's workspace, or None when it has not been opened."""
    return (
        Duerp.objects.visible_to(ctx)
        .filter(adherent_id=ctx.adherent_id)
        .select_related("adherent", "matrix")
        .first()
    )


def duerp_list(ctx: AccessContext) -> QuerySet[Duerp]:
    return Duerp.objects.visible_to(ctx).select_related("adherent", "matrix")


def member_establishments(duerp: Duerp) -> QuerySet[Establishment]:
    return Establishment.objects.filter(adherent_id=duerp.adherent_id).order_by(
        "-is_head_office", "name"
    )


def member_units(duerp: Duerp) -> QuerySet[WorkUnit]:
    """Work units in force in the member's establishments."""
    return (
        WorkUnit.objects.filter(establishment__adherent_id=duerp.adherent_id, archived_at=None)
        .select_related("establishment")
        .order_by("establishment__name", "name", "pk")
    )


@dataclass
class RiskRow:
    risk: DuerpRisk
    score: int
    band: str
    style: str


@dataclass
class UnitBlock:
    unit: WorkUnit
    risks: list[RiskRow] = field(default_factory=list)


@dataclass
class Workspace:
    """Everything the workspace page shows, read in a fixed number of queries."""

    duerp: Duerp
    units: list[UnitBlock]
    actions: list[DuerpAction]
    versions: list[DuerpVersion]
    needs_papripact: bool
    update_due_on: datetime.date | None

    @property
    def last_version(self) -> DuerpVersion | None:
        return self.versions[0] if self.versions else None


def workspace(duerp: Duerp) -> Workspace:
    """The live workspace: units with their risks and criticity, actions, versions (5 queries)."""
    blocks = {unit.pk: UnitBlock(unit) for unit in member_units(duerp)}
    risks = duerp.risks.select_related("hazard", "work_unit__establishment").order_by(
        "work_unit__name", "pk"
    )
    for risk in risks:
        block = blocks.setdefault(risk.work_unit_id, UnitBlock(risk.work_unit))
        level = evaluate(duerp.matrix, risk.severity, risk.probability)
        style = band_style(duerp.matrix.bands, level.band)
        block.risks.append(RiskRow(risk, level.score, level.band, style))
    for block in blocks.values():
        block.risks.sort(key=lambda row: (-row.score, row.risk.pk))
    actions = list(
        duerp.actions.select_related("risk__work_unit", "risk__hazard").order_by(
            "done_on", "deadline", "pk"
        )
    )
    needs_papripact = duerp_rules.needs_papripact(duerp.headcount)
    for action in actions:
        action.missing_fields = missing_papripact_fields(action) if needs_papripact else []
    # The version list never loads the (large) snapshots.
    versions = list(duerp.versions.defer("snapshot").select_related("published_by"))
    last = timezone.localdate(versions[0].published_at) if versions else None
    return Workspace(
        duerp=duerp,
        units=list(blocks.values()),
        actions=actions,
        versions=versions,
        needs_papripact=needs_papripact,
        update_due_on=duerp_rules.update_due(last, duerp.headcount),
    )


def risk_list(ctx: AccessContext) -> QuerySet[DuerpRisk]:
    """Risks of the workspaces in scope (another member's: 404)."""
    return DuerpRisk.objects.filter(duerp__in=Duerp.objects.visible_to(ctx)).select_related(
        "duerp__adherent", "duerp__matrix", "work_unit", "hazard"
    )


def action_list(ctx: AccessContext) -> QuerySet[DuerpAction]:
    """Planned actions of the workspaces in scope (another member's: 404)."""
    return DuerpAction.objects.filter(duerp__in=Duerp.objects.visible_to(ctx)).select_related(
        "duerp__adherent", "duerp__matrix"
    )


def version_detail(ctx: AccessContext, pk: int) -> DuerpVersion:
    """One version in scope (404 otherwise), with its member."""
    return get_object_or_404(
        DuerpVersion.objects.visible_to(ctx).select_related("duerp__adherent", "published_by"),
        pk=pk,
    )


def _last_published_at() -> Subquery:
    versions = DuerpVersion.objects.filter(duerp__adherent=OuterRef("pk")).order_by()
    return Subquery(
        versions.values("duerp__adherent").annotate(last=Max("published_at")).values("last")
    )


def _workspace_field(name: str) -> Subquery:
    return Subquery(Duerp.objects.filter(adherent=OuterRef("pk")).values(name)[:1])


def _count_per_member(qs: QuerySet, path: str) -> Coalesce:
    """Rows of `qs` for the outer row (`qs` is correlated on `path`), 0 when none."""
    counted = qs.order_by().values(path).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def centre_duerps(ctx: AccessContext, *, search: str = "") -> QuerySet[Adherent]:
    """Members of the centre's teams with their workspace state and last publication (1 query).

    The workspace is joined once (one per member at most) and its risks and versions read by
    its id: not three lookups of the workspace by member for each row. Only the member's name
    is read from its row (not its address, activity or checklist)."""
    qs = Adherent.objects.visible_to(ctx).filter(kind=Adherent.Kind.COMPANY)
    if search:
        qs = qs.filter(name__icontains=search)
    risks = DuerpRisk.objects.filter(duerp=OuterRef("duerp__pk")).order_by()
    published = DuerpVersion.objects.filter(duerp=OuterRef("duerp__pk")).order_by()
    return (
        qs.only("name")
        .annotate(
            duerp_id=F("duerp__pk"),
            duerp_headcount=F("duerp__headcount"),
            risk_count=_count_per_member(risks, "duerp"),
            last_published_at=Subquery(
                published.values("duerp").annotate(last=Max("published_at")).values("last")
            ),
        )
        .order_by("name", "pk")
    )


def update_due_on(member: Adherent) -> datetime.date | None:
    """The yearly update date of a member annotated by `centre_duerps` (R4121-2)."""
    if member.last_published_at is None or member.duerp_headcount is None:
        return None
    return duerp_rules.update_due(
        timezone.localdate(member.last_published_at), member.duerp_headcount
    )


@dataclass(frozen=True)
class DuerpIndicators:
    """Seed 004 indicators over the centre's active member companies."""

    member_count: int
    accompanied_count: int
    published_count: int
    accompanied_share: float  # percent, one decimal
    published_share: float


def _staff_edit(model_name: str, since: datetime.date) -> Exists:
    """A tracked row change of the member's workspace made by staff (pghistory context)."""
    events = apps.get_model("prevention", model_name).objects
    return Exists(
        events.filter(
            duerp__adherent=OuterRef("pk"),
            pgh_context__metadata__audience="staff",
            pgh_created_at__date__gte=since,
        )
    )


def duerp_indicators(ctx: AccessContext, *, today: datetime.date) -> DuerpIndicators:
    """Share of members accompanied on their DUERP and with a recorded DUERP date (1 query).

    Accompanied: within the last 12 months, a staff member of the service added or changed a
    risk or an action in its workspace, or the team recorded a "DUERP support" action (AMT).
    Recorded DUERP date: at least one published version. Members: active companies of the
    centre's teams (self-employed members have no DUERP to write).
    """
    since = add_years(today, -ACCOMPANIED_WINDOW_YEARS)
    support = PreventionAction.objects.filter(
        adherent=OuterRef("pk"),
        kind=PreventionAction.Kind.DUERP_SUPPORT,
        performed_on__gte=since,
    )
    accompanied = (
        _staff_edit("DuerpRiskEvent", since)
        | _staff_edit("DuerpActionEvent", since)
        | Exists(support)
    )
    published = Exists(DuerpVersion.objects.filter(duerp__adherent=OuterRef("pk")))
    counts = (
        Adherent.objects.visible_to(ctx)
        .filter(kind=Adherent.Kind.COMPANY, status=Adherent.Status.ACTIVE)
        .aggregate(
            members=Count("pk"),
            accompanied=Count("pk", filter=accompanied),
            published=Count("pk", filter=published),
        )
    )
    members, accompanied, published = counts["members"], counts["accompanied"], counts["published"]

    def share(part: int) -> float:
        return round(100 * part / members, 1) if members else 0.0

    return DuerpIndicators(members, accompanied, published, share(accompanied), share(published))


def _reminded_memberships() -> QuerySet[AdherentMembership]:
    """Active admins and prevention contacts with an e-mail: who the reminder goes to."""
    active = AdherentMembership.objects.filter(
        is_active=True, role__in=REMINDER_ROLES, user__is_active=True
    )
    return active.exclude(user__email="")


def reminder_member_ids(after: int = 0, *, limit: int) -> list[int]:
    """Next active companies (keyset by id) with someone to remind: admin or prevention contact."""
    recipients = _reminded_memberships().filter(adherent=OuterRef("pk"))
    qs = Adherent.objects.filter(
        pk__gt=after, kind=Adherent.Kind.COMPANY, status=Adherent.Status.ACTIVE
    ).filter(Exists(recipients))
    return list(qs.order_by("pk").values_list("pk", flat=True)[:limit])


@dataclass(frozen=True)
class ReminderFacts:
    adherent_id: int
    name: str
    headcount: int
    last_published_on: datetime.date | None


def reminder_facts(adherent_ids: list[int], *, today: datetime.date) -> list[ReminderFacts]:
    """Headcount (the workspace's, else the live workers: COALESCE counts them only for a
    member whose workspace states none) and last publication (1 query)."""
    live = Worker.objects.filter(adherent=OuterRef("pk"), merged_into=None).filter(
        Exists(_current_employment(today))
    )
    rows = (
        Adherent.objects.filter(pk__in=adherent_ids)
        .annotate(
            headcount=Coalesce(_workspace_field("headcount"), _count_per_member(live, "adherent")),
            last_published_at=_last_published_at(),
        )
        .order_by("pk")
        .values_list("pk", "name", "headcount", "last_published_at")
    )
    return [
        ReminderFacts(
            adherent_id=pk,
            name=name,
            headcount=headcount,
            last_published_on=timezone.localdate(last) if last else None,
        )
        for pk, name, headcount, last in rows
    ]


def reminder_recipients(adherent_ids: list[int]) -> dict[int, list[str]]:
    """Member id -> e-mails of its active admins and prevention contacts (1 query)."""
    recipients: dict[int, list[str]] = {}
    rows = (
        _reminded_memberships()
        .filter(adherent_id__in=adherent_ids)
        .order_by("adherent_id", "user__email")
        .values_list("adherent_id", "user__email")
        .distinct()
    )
    for adherent_id, email in rows:
        recipients.setdefault(adherent_id, []).append(email)
    return recipients


def prevention_assistant_emails(team_id: int) -> list[str]:
    """E-mails of the team's prevention assistants in post, told of each publication."""
    return (
        StaffAssignment.objects.in_post()
        .filter(team_id=team_id, role=StaffRole.PREVENTION_ASSISTANT)
        .emails()
    )
