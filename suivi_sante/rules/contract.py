"""JSON contract of ``python -m suivi_sante.rules``: read and check the request, write the answer.

Every problem of the input is collected, each as "<field> : <French message>", so that the
caller fixes them all at once. Unknown keys are refused: a misspelt exposure silently ignored
would lower the category.
"""

import enum
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from suivi_sante.rules.dates import french, parse_iso
from suivi_sante.rules.delegation import nurse_may_hold
from suivi_sante.rules.facts import Absence, EmploymentFacts, PastVisit, Schedule, WorkerFacts
from suivi_sante.rules.kinds import (
    AbsenceCause,
    AptitudeJob,
    Contract,
    Performer,
    SirRisk,
    VisitKind,
)

FIRST_YEAR, LAST_YEAR = 1900, 2199  # keeps every computed date within the calendar
_MISSING = object()


@dataclass(frozen=True)
class Request:
    """A checked request: the keyword arguments of ``compute_schedule``."""

    today: date
    worker: WorkerFacts
    employment: EmploymentFacts
    history: tuple[PastVisit, ...]
    absences: tuple[Absence, ...]


def parse_request(raw: bytes | str) -> tuple[Request | None, list[str]]:
    """The checked request, or None and the list of every error found."""
    reader = _Reader()
    data = reader.load(raw)
    if data is _MISSING:
        return None, reader.errors
    request = reader.request(data)
    return (request if not reader.errors else None), reader.errors


def schedule_payload(schedule: Schedule) -> dict[str, Any]:
    """The success answer: category, visits due, no error."""
    due = [
        {
            "kind": item.kind.value,
            "due_date": item.due_date.isoformat(),
            "performers": [performer.value for performer in item.performers],
            "legal_reference": item.legal_reference,
            "reason": item.reason,
        }
        for item in schedule.due
    ]
    return {
        "category": schedule.category.value,
        "due": due,
        "notices": list(schedule.notices),
        "errors": [],
    }


def error_payload(errors: list[str]) -> dict[str, Any]:
    """The answer to an invalid request: no category, nothing due, the errors."""
    return {"category": None, "due": [], "notices": [], "errors": list(errors)}


def dump(payload: dict[str, Any]) -> bytes:
    """The answer as UTF-8 JSON, accents kept as they are."""
    return (json.dumps(payload, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _show(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "…"


def _refuse_constant(name: str) -> None:
    raise ValueError(name)


# The employment's yes/no facts (EmploymentFacts' booleans), false when not given.
EMPLOYMENT_FLAGS = (
    "night_work",
    "disabled",
    "invalidity_pension",
    "pregnant",
    "biological_agents_2",
    "electromagnetic_fields",
    "retirement",
)


class _Reader:
    """Walks the request, keeps what is valid and writes down every error."""

    def __init__(self) -> None:
        self.errors: list[str] = []

    def fail(self, path: str, message: str) -> None:
        self.errors.append(f"{path} : {message}")

    def load(self, raw: bytes | str) -> Any:
        try:
            text = raw.decode("utf-8-sig") if isinstance(raw, bytes) else raw
        except UnicodeDecodeError:
            self.fail("entrée", "texte UTF-8 invalide")
            return _MISSING
        try:
            return json.loads(text, parse_constant=_refuse_constant)
        except json.JSONDecodeError as error:
            self.fail("entrée", f"JSON invalide (ligne {error.lineno}, colonne {error.colno})")
        except (ValueError, RecursionError):
            self.fail("entrée", "JSON invalide")
        return _MISSING

    def request(self, data: Any) -> Request | None:
        top = self.object(data, "entrée", {"today", "worker", "employment", "history", "absences"})
        if top is None:
            return None
        today = self.date(self.get(top, "today"), "today")
        worker_data = self.object(self.get(top, "worker"), "worker", {"birth_date"})
        birth = None
        if worker_data is not None:
            birth = self.date(self.get(worker_data, "birth_date", "worker"), "worker.birth_date")
        employment = self.employment(self.get(top, "employment"))
        history = self.items(top.get("history", []), "history", self.visit)
        absences = self.items(top.get("absences", []), "absences", self.absence)
        if today is not None and birth is not None and birth > today:
            self.fail(
                "worker.birth_date",
                f"date de naissance ({french(birth)}) postérieure à la date du jour "
                f"({french(today)})",
            )
        if birth is not None:
            self.check_after_birth(birth, employment, history, absences)
        if self.errors or today is None or birth is None or employment is None:
            return None
        return Request(
            today=today,
            worker=WorkerFacts(birth_date=birth),
            employment=employment,
            history=tuple(visit for visit, _ in history),
            absences=tuple(absence for absence, _ in absences),
        )

    def check_after_birth(
        self,
        birth: date,
        employment: EmploymentFacts | None,
        history: list[tuple[PastVisit, str]],
        absences: list[tuple[Absence, str]],
    ) -> None:
        born = french(birth)
        if employment is not None and employment.start_date < birth:
            self.fail(
                "employment.start_date",
                f"début d'emploi ({french(employment.start_date)}) antérieur à la date de "
                f"naissance ({born})",
            )
        for visit, path in history:
            if visit.date < birth:
                self.fail(
                    f"{path}.date",
                    f"visite datée du {french(visit.date)}, avant la date de naissance ({born})",
                )
        for absence, path in absences:
            if absence.start < birth:
                self.fail(
                    f"{path}.start",
                    f"absence commençant le {french(absence.start)}, avant la date de naissance "
                    f"({born})",
                )

    def employment(self, value: Any) -> EmploymentFacts | None:
        keys = {
            "start_date",
            "end_date",
            "contract",
            *EMPLOYMENT_FLAGS,
            "sir_risks",
            "aptitude_jobs",
            "physician_periodicity_months",
            "effective_work_days",
        }
        data = self.object(value, "employment", keys)
        if data is None:
            return None
        start = self.date(self.get(data, "start_date", "employment"), "employment.start_date")
        end_value = data.get("end_date")
        end = None if end_value is None else self.date(end_value, "employment.end_date")
        contract = self.choice(
            data.get("contract", Contract.CDI.value),
            "employment.contract",
            Contract,
            "type de contrat inconnu",
        )
        flags = {
            key: self.boolean(data.get(key, False), f"employment.{key}") for key in EMPLOYMENT_FLAGS
        }
        risks = self.choices(
            data.get("sir_risks", []), "employment.sir_risks", SirRisk, "risque SIR inconnu"
        )
        jobs = self.choices(
            data.get("aptitude_jobs", []),
            "employment.aptitude_jobs",
            AptitudeJob,
            "poste à aptitude inconnu",
        )
        months = self.months(data.get("physician_periodicity_months"))
        days = self.work_days(data.get("effective_work_days"))
        if flags["retirement"] is True and end is None:
            self.fail("employment.retirement", "départ à la retraite sans date de fin d'emploi")
            return None
        if start is not None and end is not None and end < start:
            self.fail(
                "employment.end_date",
                f"fin d'emploi ({french(end)}) antérieure au début ({french(start)})",
            )
            return None
        if (
            start is not None
            and end is not None
            and isinstance(days, int)
            and days > (end - start).days + 1
        ):
            self.fail(
                "employment.effective_work_days",
                f"{days} jours de travail effectif pour un contrat de {(end - start).days + 1} "
                f"jours (du {french(start)} au {french(end)})",
            )
            return None
        values = [start, contract, risks, jobs, months, days, *flags.values()]
        if any(v is _MISSING for v in values) or start is None or contract is None:
            return None
        return EmploymentFacts(
            start_date=start,
            end_date=end,
            contract=contract,
            sir_risks=risks,
            aptitude_jobs=jobs,
            physician_periodicity_months=months,
            effective_work_days=days,
            **flags,
        )

    def visit(self, value: Any, path: str) -> PastVisit | None:
        data = self.object(value, path, {"kind", "date", "performer"})
        if data is None:
            return None
        kind = self.choice(
            self.get(data, "kind", path), f"{path}.kind", VisitKind, "type de visite inconnu"
        )
        day = self.date(self.get(data, "date", path), f"{path}.date")
        performer = self.choice(
            self.get(data, "performer", path), f"{path}.performer", Performer, "intervenant inconnu"
        )
        if kind is None or day is None or performer is None:
            return None
        if performer is Performer.NURSE and not nurse_may_hold(kind):
            self.fail(
                f"{path}.performer",
                f"« nurse » impossible : {kind.value} réservé au médecin du travail "
                "(art. R4623-14)",
            )
            return None
        return PastVisit(kind=kind, date=day, performer=performer)

    def absence(self, value: Any, path: str) -> Absence | None:
        data = self.object(value, path, {"start", "end", "cause"})
        if data is None:
            return None
        start = self.date(self.get(data, "start", path), f"{path}.start")
        end_value = self.get(data, "end", path)
        end = None if end_value in (None, _MISSING) else self.date(end_value, f"{path}.end")
        cause = self.choice(
            self.get(data, "cause", path), f"{path}.cause", AbsenceCause, "motif d'absence inconnu"
        )
        if start is not None and end is not None and end < start:
            self.fail(
                f"{path}.end",
                f"fin d'absence ({french(end)}) antérieure au début ({french(start)})",
            )
            return None
        if start is None or cause is None or end_value is _MISSING:
            return None
        if end_value is not None and end is None:
            return None
        return Absence(start=start, end=end, cause=cause)

    # --- shapes --------------------------------------------------------------------------------

    def object(self, value: Any, path: str, allowed: set[str]) -> dict[str, Any] | None:
        if value is _MISSING:
            return None
        if not isinstance(value, dict):
            self.fail(path, "objet JSON attendu")
            return None
        for key in value:
            if key not in allowed:
                self.fail(key if path == "entrée" else f"{path}.{key}", "champ inconnu")
        return value

    def get(self, data: dict[str, Any], key: str, path: str = "") -> Any:
        if key not in data:
            self.fail(f"{path}.{key}" if path else key, "champ obligatoire manquant")
            return _MISSING
        return data[key]

    def items(
        self, value: Any, path: str, read: Callable[[Any, str], Any]
    ) -> list[tuple[Any, str]]:
        if not isinstance(value, list):
            self.fail(path, "liste attendue")
            return []
        read_items = ((read(item, f"{path}[{i}]"), f"{path}[{i}]") for i, item in enumerate(value))
        return [(item, item_path) for item, item_path in read_items if item is not None]

    def date(self, value: Any, path: str) -> date | None:
        if value is _MISSING:
            return None
        day = parse_iso(value) if isinstance(value, str) else None
        if day is None:
            self.fail(path, f"date invalide « {_show(value)} » (format AAAA-MM-JJ attendu)")
            return None
        if not FIRST_YEAR <= day.year <= LAST_YEAR:
            self.fail(path, f"date hors de la plage prise en charge ({FIRST_YEAR} à {LAST_YEAR})")
            return None
        return day

    def boolean(self, value: Any, path: str) -> Any:
        if not isinstance(value, bool):
            self.fail(path, f"booléen attendu (true ou false), reçu « {_show(value)} »")
            return _MISSING
        return value

    def choice(self, value: Any, path: str, kind: type[enum.StrEnum], message: str) -> Any:
        if value is _MISSING:
            return None
        if not isinstance(value, str) or value not in {member.value for member in kind}:
            self.fail(path, f"{message} « {_show(value)} »")
            return None
        return kind(value)

    def choices(self, value: Any, path: str, kind: type[enum.StrEnum], message: str) -> Any:
        if not isinstance(value, list):
            self.fail(path, "liste attendue")
            return _MISSING
        members = [self.choice(item, f"{path}[{i}]", kind, message) for i, item in enumerate(value)]
        return _MISSING if None in members else frozenset(members)

    def work_days(self, value: Any) -> Any:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            self.fail(
                "employment.effective_work_days",
                f"nombre entier de jours strictement positif attendu, reçu « {_show(value)} »",
            )
            return _MISSING
        return value

    def months(self, value: Any) -> Any:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            self.fail(
                "employment.physician_periodicity_months",
                f"nombre entier de mois strictement positif attendu, reçu « {_show(value)} »",
            )
            return _MISSING
        return value
