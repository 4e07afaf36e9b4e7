"""Worker import, set-based (issue 19): the file's cells checked column by column in Python,
without any database access, by the hire form's own fields and rules (forms.HireForm's fields,
``cleaned_nir``, ``rules.hire.hire_errors``), so the French messages are the form's.

Whatever needs the database (the SIRET among the centre's establishments, the workers already
known) is checked afterwards in SQL over a staging table (resources_setbased). A line's messages
come in the order the row-by-row import gave them: the import's own readings (SIRET, sex,
contract, yes/no, risks), then the form's fields in their order, then the form's ``clean``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import timezone

from adherents.rules import identifiers
from adherents.rules import imports as rules
from suivi_sante.enums import EndReason, SirRisk
from suivi_sante.models import Employment, Worker
from suivi_sante.rules.hire import hire_errors
from suivi_sante.workers.forms import HireForm, cleaned_nir

# Hire form field -> column of the file.
COLUMNS = {
    "establishment": "siret",
    "last_name": "nom",
    "first_name": "prenom",
    "birth_date": "date_naissance",
    "sex": "sexe",
    "nir": "nir",
    "job_title": "poste",
    "contract": "contrat",
    "start_on": "date_embauche",
    "end_on": "date_fin",
    "end_reason": "motif_fin",
    "pcs_ese_code": "code_pcs_ese",
    "is_night_work": "travail_nuit",
    "is_exposed_biological_agents_2": "agents_biologiques_2",
    "is_exposed_electromagnetic_fields": "champs_electromagnetiques",
    "sir_risks": "risques_sir",
}
POST_FIELDS = (
    "job_title",
    "contract",
    "end_on",
    "end_reason",
    "pcs_ese_code",
    "is_night_work",
    "is_exposed_biological_agents_2",
    "is_exposed_electromagnetic_fields",
    "sir_risks",
)
IDENTITY_FIELDS = ("last_name", "first_name", "birth_date", "sex", "nir")
# The optional columns of a post: a blank cell, or a column the file lacks, leaves a known
# post's value as it is (README: « une cellule vide d'une colonne facultative ne modifie pas la
# valeur existante »); a new post takes the default (CDI, no end, no end reason, « non », no
# risk). Before, a file without ``travail_nuit`` turned a known night worker's post into day
# work, and his category and dues with it. « aucun » empties the SIR risks on purpose.
KEPT_IF_BLANK = tuple(name for name in POST_FIELDS if name != "job_title")
# The form's fields a file fills, in the form's order (its errors come in this order).
FORM_FIELDS = [name for name in HireForm.base_fields if name in COLUMNS]
# Columns with few distinct values: each value is checked once per file.
REPEATED = {"date_naissance", "date_embauche", "date_fin", "sexe", "contrat", "poste"}
REPEATED |= {"code_pcs_ese", "travail_nuit", "risques_sir", "siret"}
REPEATED |= {"agents_biologiques_2", "champs_electromagnetiques", "motif_fin"}
# A post's end reason needs its end date (constraint employment_end_reason_has_end): checked
# once a blank ``date_fin`` has kept a known post's date, on both paths (resources_known and
# resources.WorkerResource.import_instance), on the line, under ``motif_fin``.
END_REASON_WITHOUT_END = "Un motif de fin suppose une date de fin."


NO_RISK = {"aucun", "aucune", "neant"}


def _sir_risks(value: str) -> list[str]:
    if rules.normalize_header(value) in NO_RISK:
        return []
    return [rules.match_choice(p, SirRisk.choices) for p in re.split(r"[|,;]", value) if p.strip()]


# The import's own readings of a cell (before the form): column -> (parse, value if empty).
READINGS = {
    "sexe": (lambda v: rules.match_choice(v, Worker.Sex.choices), ""),
    "contrat": (lambda v: rules.match_choice(v, Employment.Contract.choices), "CDI"),
    "motif_fin": (lambda v: rules.match_choice(v, EndReason.choices), EndReason.OTHER.value),
    "travail_nuit": (rules.parse_yes_no, False),
    "agents_biologiques_2": (rules.parse_yes_no, False),
    "champs_electromagnetiques": (rules.parse_yes_no, False),
    "risques_sir": (_sir_risks, []),
}


class _Checker:
    """One check of a cell, remembered per distinct value for the repeated columns."""

    def __init__(self, clean, *, repeated: bool):
        self.clean = clean
        self.cache: dict | None = {} if repeated else None

    def __call__(self, value) -> tuple[object, list[str] | None]:
        key = tuple(value) if isinstance(value, list) else value
        if self.cache is not None and key in self.cache:
            return self.cache[key]
        try:
            result = (self.clean(value), None)
        except ValidationError as error:
            result = (None, error.messages)
        except ValueError as error:
            result = (None, [str(error)])
        if self.cache is not None:
            self.cache[key] = result
        return result


@dataclass
class Checked:
    """The file read by columns: the cleaned values of each form field (None where a cell is
    wrong), the normalized SIRET of each line, and the French errors of each line by column
    ({index: {column: [message]}}, the SIRET's own error first)."""

    indices: list[int]
    lines: list[int]
    sirets: list[str]
    values: dict[str, list] = field(default_factory=dict)
    errors: dict[int, dict[str, list[str]]] = field(default_factory=dict)
    # KEPT_IF_BLANK field -> a byte per line, 1 where its cell is blank (100 kB per column for
    # 100,000 lines, issue 19, item 6).
    blank: dict[str, bytearray] = field(default_factory=dict)

    def add_siret_error(self, position: int, message: str) -> None:
        current = self.errors.get(position, {})
        current = {"siret": [message], **{k: v for k, v in current.items() if k != "siret"}}
        self.errors[position] = current

    def row(self, position: int) -> dict:
        """The cleaned values of a line, and under "kept" the fields its blank cells keep."""
        row = {name: values[position] for name, values in self.values.items()}
        row["kept"] = tuple(name for name, blank in self.blank.items() if blank[position])
        return row


def _column(table, name: str, indices: list[int]) -> list[str]:
    if name not in table.headers:
        return [""] * len(indices)
    at = table.headers.index(name)
    return [rules.cell_text(table.rows[i][at]) for i in indices]


def check(table, indices: list[int]) -> Checked:
    """Every column of the lines ``indices`` of ``table`` (services_files.Table) checked."""
    today = timezone.localdate()
    sirets = [identifiers.normalize(s) for s in _column(table, "siret", indices)]
    checked = Checked(indices, [table.lines[i] for i in indices], sirets)
    for name in KEPT_IF_BLANK:
        cells = _column(table, COLUMNS[name], indices)
        checked.blank[name] = bytearray(not cell for cell in cells)
    # Only the lines in error have an entry (100,000 empty dicts would weigh 13 MB).
    ours: dict[int, dict[str, list[str]]] = {}
    siret_format = _Checker(identifiers.siret_error, repeated=True)
    for position, siret in enumerate(sirets):
        if siret and (problem := siret_format(siret)[0]):
            ours.setdefault(position, {})["siret"] = [problem]
    inputs: dict[str, list] = {}
    for column, (parse, default) in READINGS.items():
        reader = _Checker(parse, repeated=True)
        values = []
        for position, cell in enumerate(_column(table, column, indices)):
            value, problems = reader(cell) if cell else (default, None)
            if problems:
                ours.setdefault(position, {}).setdefault(column, []).extend(problems)
                value = default
            values.append(value)
        inputs[column] = values
    form_errors: dict[int, dict[str, list[str]]] = {}
    for name in FORM_FIELDS:
        column = COLUMNS[name]
        form_field = HireForm.base_fields[name]
        cells = inputs.get(column) or _column(table, column, indices)
        clean = form_field.clean
        if name == "establishment":  # looked up in SQL later (resources_setbased); here "required"
            cells = sirets
            clean = lambda value, clean=clean: value if value else clean(value)  # noqa: E731
        if name == "nir":
            clean = lambda value, clean=clean: cleaned_nir(clean(value))  # noqa: E731
        checker = _Checker(clean, repeated=column in REPEATED)
        values = []
        for position, cell in enumerate(cells):
            value, problems = checker(cell)
            if problems:
                form_errors.setdefault(position, {}).setdefault(name, []).extend(problems)
            values.append(value)
        checked.values[name] = values
    for name, column in COLUMNS.items():  # read by the import only, not by the hire form
        if column in READINGS and name not in checked.values:
            checked.values[name] = inputs[column]
    values = checked.values
    for position in range(len(indices)):
        for name, message in hire_errors(
            today=today,
            birth_date=values["birth_date"][position],
            sex=values["sex"][position],
            nir=values["nir"][position],
            start_on=values["start_on"][position],
            end_on=values["end_on"][position],
            effective_work_days=None,
            is_pregnant=False,
        ):
            form_errors.setdefault(position, {}).setdefault(name, []).append(message)
        if position not in form_errors and position not in ours:
            continue
        errors = ours.get(position, {})
        own = set(errors)  # already said in the import's words (SIRET, sex, oui/non)
        for name, messages in form_errors.get(position, {}).items():
            column = COLUMNS.get(name, NON_FIELD_ERRORS)
            if column not in own:
                errors.setdefault(column, []).extend(messages)
        if errors:
            checked.errors[position] = errors
    return checked
