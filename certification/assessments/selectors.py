"""Reads of self-assessment: campaigns, their lines, readiness per chapter and per level
compared with the previous campaign, and the chart's geometry."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet

from certification.assessments.models import Assessment, Campaign, Evidence
from certification.rules import readiness as rules
from spsti.french import plural


def campaigns_for(ctx) -> QuerySet[Campaign]:
    """The centre's campaigns, the latest first, with their counts (one query)."""
    return (
        Campaign.objects.visible_to(ctx)
        .select_related("referential")
        .annotate(
            line_count=Count("assessments"),
            met_count=Count("assessments", filter=Q(assessments__status=rules.MET)),
        )
    )


def lines_of(campaign: Campaign) -> QuerySet[Assessment]:
    """Every criterion's line, by chapter, with assessor and evidence (three queries)."""
    return (
        campaign.assessments.select_related("criterion__chapter", "assessor")
        .prefetch_related(
            Prefetch(
                "evidence",
                queryset=Evidence.objects.select_related("document", "document_version"),
            )
        )
        .order_by("criterion__chapter__position", "criterion__position", "criterion__code")
    )


def live_figures(center_id: int, today: datetime.date) -> dict[str, str]:
    """Current values of the portal figures evidence may point to (three counts)."""
    from accounts.models import AccessLog
    from adherents.models import Complaint
    from certification.nonconformities.models import NonConformity

    year_ago = today - datetime.timedelta(days=365)
    open_ncs = NonConformity.objects.filter(center_id=center_id, closed_on__isnull=True).count()
    complaints = Complaint.objects.filter(center_id=center_id, received_on__year=today.year).count()
    reads = AccessLog.objects.filter(center_id=center_id, at__date__gte=year_ago).count()
    return {
        Evidence.LiveFigure.OPEN_NONCONFORMITIES: plural(open_ncs, "non-conformité ouverte"),
        Evidence.LiveFigure.COMPLAINTS_YEAR: plural(complaints, "réclamation")
        + f" en {today.year}",
        Evidence.LiveFigure.ACCESS_LOG: plural(reads, "lecture sensible journalisée"),
    }


def previous_campaign(campaign: Campaign) -> Campaign | None:
    """The centre's campaign started just before this one (any referential version)."""
    return (
        Campaign.objects.filter(center_id=campaign.center_id)
        .filter(
            Q(started_on__lt=campaign.started_on)
            | Q(started_on=campaign.started_on, pk__lt=campaign.pk)
        )
        .order_by("-started_on", "-pk")
        .first()
    )


def _figures(campaign: Campaign | None) -> tuple[dict, dict, dict]:
    if campaign is None:
        return {}, {}, {}
    rows = list(
        campaign.assessments.values_list(
            "criterion__chapter__code", "criterion__chapter__title", "criterion__level", "status"
        ).order_by("criterion__chapter__position", "criterion__position")
    )
    titles = {code: title for code, title, _level, _status in rows}
    by_chapter = rules.readiness((code, status) for code, _t, _l, status in rows)
    by_level = rules.readiness(
        (str(level), status) for _c, _t, level, status in sorted(rows, key=lambda r: r[2])
    )
    return by_chapter, by_level, titles


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    current: rules.Readiness
    previous: rules.Readiness | None

    @property
    def delta(self) -> int | None:
        return rules.delta(self.current, self.previous)


@dataclass(frozen=True)
class Comparison:
    campaign: Campaign
    previous: Campaign | None
    chapters: list[Row]
    levels: list[Row]

    @property
    def summary(self) -> str:
        """One line for readers of the chart (and of screen readers)."""
        parts = []
        for row in self.levels:
            pct = "—" if row.current.percent is None else f"{row.current.percent} %"
            change = "" if row.delta is None else f" ({row.delta:+d} pts)"
            parts.append(f"niveau {row.key} : {pct}{change}")
        versus = f" par rapport à « {self.previous.title} »" if self.previous else ""
        return "Critères satisfaits — " + ", ".join(parts) + versus + "."


def comparison(campaign: Campaign) -> Comparison:
    """Readiness per chapter and per level, against the previous campaign."""
    previous = previous_campaign(campaign)
    chapters, levels, titles = _figures(campaign)
    old_chapters, old_levels, _ = _figures(previous)
    return Comparison(
        campaign,
        previous,
        [
            Row(key, f"{key} {titles.get(key, '')}", value, old_chapters.get(key))
            for key, value in chapters.items()
        ],
        [Row(key, f"Niveau {key}", value, old_levels.get(key)) for key, value in levels.items()],
    )


@dataclass(frozen=True)
class Bar:
    label: str
    y: int
    current_width: int
    previous_width: int | None
    current_text: str
    previous_text: str


CHART_WIDTH, LABEL_WIDTH, ROW_HEIGHT = 640, 200, 44


def chart_bars(rows: list[Row]) -> tuple[list[Bar], int]:
    """Geometry of a horizontal bar chart (current and previous campaign) and its height."""
    span = CHART_WIDTH - LABEL_WIDTH - 60
    bars = []
    for index, row in enumerate(rows):
        current = row.current.percent or 0
        previous = row.previous.percent if row.previous else None
        bars.append(
            Bar(
                row.label[:32],
                20 + index * ROW_HEIGHT,
                round(span * current / 100),
                None if previous is None else round(span * (previous or 0) / 100),
                "—" if row.current.percent is None else f"{current} %",
                "" if previous is None else f"{previous} %",
            )
        )
    return bars, 30 + len(rows) * ROW_HEIGHT
