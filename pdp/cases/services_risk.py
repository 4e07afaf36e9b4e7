"""Import of detection levels computed elsewhere (e.g. Présanse's IRDP, expected end 2026):
stored as given with their method and version, never computed here (domain note, section 1)."""

from __future__ import annotations

import pghistory
from django.db import transaction

from pdp.models import PdpCase
from pdp.rules import cases as rules

LEVELS = dict(rules.RISK_LEVELS)


def import_risk_levels(*, center_id: int, rows: list[dict]) -> tuple[int, list[str]]:
    """Set the level of each open case of the centre whose worker's NIR is given; returns how
    many were updated and one French error per rejected row. All or nothing."""
    errors: list[str] = []
    updates: list[tuple[PdpCase, dict]] = []
    for number, row in enumerate(rows, start=2):  # line 1 is the header
        nir = (row.get("nir") or "").strip()
        level = (row.get("level") or "").strip()
        method = (row.get("method") or "").strip()
        if level not in LEVELS:
            errors.append(f"Ligne {number} : niveau « {level} » inconnu (low, intermediate, high).")
            continue
        if not method:
            errors.append(f"Ligne {number} : la méthode est obligatoire.")
            continue
        case = (
            PdpCase.objects.open().filter(center_id=center_id, worker__nir=nir).first()
            if nir
            else None
        )
        if case is None:
            errors.append(f"Ligne {number} : aucun dossier PDP ouvert pour ce NIR dans le centre.")
            continue
        version = (row.get("version") or "").strip()[:20]
        updates.append((case, {"level": level, "method": method[:80], "version": version}))
    if errors:
        return 0, errors
    with transaction.atomic(), pghistory.context(source="pdp.risk_import"):
        for case, values in updates:
            case.risk_level = values["level"]
            case.risk_method = values["method"]
            case.risk_method_version = values["version"]
            case.save(
                update_fields=["risk_level", "risk_method", "risk_method_version", "updated_at"]
            )
    return len(updates), []
