"""The DGT survey's lines: seeded from the catalogue, loaded from the official list (CSV)."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max

from accounts.enums import StaffRole
from dashboards.catalogue.selectors import Indicator, catalogue
from dashboards.dgt.models import DgtField

_PERFORMERS = set(StaffRole.values)
STEP = 10  # room between two seeded lines, to insert one by hand


def default_lines(indicator: Indicator) -> list[tuple[str, str]]:
    """(breakdown, label) of an indicator's lines: the whole figure, then one per declared label
    of its breakdowns (performer labels are the staff roles' values, kind labels the others).
    A histogram's kind holds its values (days), not a breakdown: no line per kind."""
    lines = [("", indicator.name)]
    for by in indicator.breakdowns:
        if by == "kind" and indicator.aggregation == "histogram":
            continue
        for value, label in indicator.labels.items():
            is_performer = value in _PERFORMERS
            if (by == "performer") == is_performer:
                lines.append((f"{by}:{value}", f"{indicator.name} : {label}"))
    return lines


def ensure_default_fields() -> int:
    """Create the lines of the catalogue's indicators that have none yet, after the existing
    ones; never changes a line already there (its wording may have been edited). Returns how
    many were created. Two queries when nothing is missing."""
    existing = set(DgtField.objects.values_list("indicator", "breakdown"))
    missing = [
        (indicator.id, breakdown, label)
        for indicator in catalogue().values()
        for breakdown, label in default_lines(indicator)
        if (indicator.id, breakdown) not in existing
    ]
    if not missing:
        return 0
    with transaction.atomic():
        start = DgtField.objects.aggregate(m=Max("order"))["m"] or 0
        DgtField.objects.bulk_create(
            [
                DgtField(order=start + STEP * (i + 1), indicator=i_id, breakdown=b, label=label)
                for i, (i_id, b, label) in enumerate(missing)
            ],
            ignore_conflicts=True,  # two pages opened at once
        )
    return len(missing)


class FieldListError(ValueError):
    """The CSV is refused as a whole: its lines' errors, in French."""

    def __init__(self, errors: list[str]):
        super().__init__("; ".join(errors))
        self.errors = errors


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    deactivated: int


HEADER = ["ordre", "indicateur", "ventilation", "libellé"]


def _rows(content: bytes) -> list[list[str]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = content.decode("cp1252")  # a spreadsheet saved as "CSV (Windows)"
    rows = [
        row for row in csv.reader(io.StringIO(text), delimiter=";") if any(c.strip() for c in row)
    ]
    if rows and rows[0] and rows[0][0].strip().lower() == "ordre":
        rows = rows[1:]
    return rows


def _parse(content: bytes) -> list[tuple[int, str, str, str]]:
    known = catalogue()
    parsed, errors, seen = [], [], set()
    for number, row in enumerate(_rows(content), start=1):
        cells = [cell.strip() for cell in row] + [""] * (4 - len(row))
        order, indicator_id, breakdown, label = cells[:4]
        where = f"ligne {number}"
        if not re.fullmatch(r"[0-9]{1,9}", order):
            errors.append(f"{where} : l'ordre doit être un nombre entier ({order!r})")
            continue
        indicator = known.get(indicator_id)
        if indicator is None:
            errors.append(f"{where} : indicateur inconnu du catalogue ({indicator_id!r})")
            continue
        by, _, value = breakdown.partition(":")
        if breakdown and (by not in indicator.breakdowns or not value):
            allowed = ", ".join(f"{b}:<valeur>" for b in indicator.breakdowns) or "aucune"
            errors.append(f"{where} : ventilation {breakdown!r} impossible (possibles : {allowed})")
            continue
        if not label:
            errors.append(f"{where} : le libellé est vide")
            continue
        if (indicator_id, breakdown) in seen:
            named = f"{indicator_id} ({breakdown})" if breakdown else indicator_id
            errors.append(f"{where} : la rubrique {named} figure deux fois")
            continue
        seen.add((indicator_id, breakdown))
        parsed.append((int(order), indicator_id, breakdown, label[:255]))
    if errors:
        raise FieldListError(errors)
    if not parsed:
        raise FieldListError(["le fichier ne contient aucune rubrique"])
    return parsed


def import_fields(content: bytes, *, deactivate_others: bool = True) -> ImportResult:
    """Load the official list, "ordre;indicateur;ventilation;libellé" (a header line is
    skipped): each line creates or updates its rubric (order, label, exported); with
    `deactivate_others`, the rubrics not in the file are no longer exported (kept, not deleted).
    All or nothing: one wrong line refuses the file (FieldListError with every line's error)."""
    parsed = _parse(content)
    with transaction.atomic():
        existing = {(f.indicator, f.breakdown): f for f in DgtField.objects.select_for_update()}
        created, updated = [], []
        for order, indicator_id, breakdown, label in parsed:
            field = existing.pop((indicator_id, breakdown), None)
            if field is None:
                created.append(
                    DgtField(order=order, indicator=indicator_id, breakdown=breakdown, label=label)
                )
            else:
                field.order, field.label, field.active = order, label, True
                updated.append(field)
        DgtField.objects.bulk_create(created)
        DgtField.objects.bulk_update(updated, ["order", "label", "active"])
        deactivated = 0
        if deactivate_others:
            others = [f.pk for f in existing.values() if f.active]
            deactivated = DgtField.objects.filter(pk__in=others).update(active=False)
    return ImportResult(len(created), len(updated), deactivated)
