"""Checks of a declared hire that cross several fields (the portal's form and the API's).

Pure: plain dates and strings, each error as (field, French message). The NIR's own key is
checked by rules.nir; here, what it must agree with (its first digit is the sex: 1 man, 2 woman;
digits 2-3 the birth year).
"""

from __future__ import annotations

import datetime

MALE = "M"


def hire_errors(
    *,
    today: datetime.date,
    birth_date: datetime.date | None,
    sex: str | None,
    nir: str | None,
    start_on: datetime.date | None,
    end_on: datetime.date | None,
    effective_work_days: int | None,
    is_pregnant: bool,
) -> list[tuple[str, str]]:
    errors: list[tuple[str, str]] = []
    birth, start, end = birth_date, start_on, end_on
    if birth and birth > today:
        errors.append(("birth_date", "La date de naissance est dans le futur."))
    if birth and start and start < birth:
        errors.append(("start_on", "La date d'embauche précède la date de naissance."))
    if start and end and end < start:
        errors.append(("end_on", "La date de fin précède la date d'embauche."))
    days = effective_work_days
    if days and start and end and end >= start and days > (end - start).days + 1:
        errors.append(
            (
                "effective_work_days",
                f"{days} jours de travail effectif dépassent la durée du contrat "
                f"({(end - start).days + 1} jours).",
            )
        )
    if is_pregnant and sex == MALE:
        errors.append(("is_pregnant", "Cette situation ne concerne que les femmes."))
    # The NIR carries the sex, birth year and month: a mismatch is usually a typing error.
    if nir and sex and nir[0] in "12" and nir[0] != ("1" if sex == MALE else "2"):
        errors.append(("nir", "Le premier chiffre du NIR ne correspond pas au sexe indiqué."))
    if nir and birth and nir[1:3] != f"{birth.year % 100:02d}":
        errors.append(("nir", "L'année de naissance du NIR ne correspond pas à celle saisie."))
    return errors
