"""The worker import of the back-office (membership area, adherents.hooks): identity and the
current post at an establishment of the centre, found by its SIRET.

Each line is checked by the employer's hire form (forms_workers.HireForm: NIR key, NIR against
sex and birth year, dates), never by a copy of its rules. Key: the NIR within the member, else
names and birth date (as ``services.workers.duplicates_of``). A known worker is updated, a
qualified identity (RNIV) is never changed by a file. After a real import, what is due is
recomputed for the imported workers (``services.schedule.refresh_due_visits``).

Issue 19: the import service runs ``process_set_based`` (resources_setbased: the whole file
checked by columns and in SQL, written in bulk) instead of django-import-export's row by row.
The row-by-row methods below stay as the reference the tests compare it with
(tests/adherents/imports/test_workers_setbased.py).
"""

from __future__ import annotations

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from import_export.fields import Field

from adherents.imports.resources import ImportResource
from adherents.imports.resources_widgets import ChoiceWidget, FrenchDateWidget, TextWidget
from adherents.models import Establishment
from adherents.rules import identifiers
from adherents.rules import imports as rules
from suivi_sante.enums import IdentityStatus
from suivi_sante.models import Employment, Worker
from suivi_sante.schedule import services as schedule
from suivi_sante.workers.forms import HireForm
from suivi_sante.workers.resources_columns import (
    COLUMNS,
    END_REASON_WITHOUT_END,
    IDENTITY_FIELDS,
    KEPT_IF_BLANK,
    POST_FIELDS,
    READINGS,
)
from suivi_sante.workers.resources_lookups import KnownWorkers, PreloadedEstablishmentField


class WorkerResource(ImportResource):
    siret = Field(None, "siret")
    nom = Field("last_name", "nom", TextWidget())
    prenom = Field("first_name", "prenom", TextWidget())
    date_naissance = Field("birth_date", "date_naissance", FrenchDateWidget())
    sexe = Field("sex", "sexe", ChoiceWidget(Worker.Sex.choices))
    nir = Field("nir", "nir", TextWidget())
    poste = Field(None, "poste")
    contrat = Field(None, "contrat")
    date_embauche = Field(None, "date_embauche")
    date_fin = Field(None, "date_fin")
    motif_fin = Field(None, "motif_fin")
    code_pcs_ese = Field(None, "code_pcs_ese")
    travail_nuit = Field(None, "travail_nuit")
    agents_biologiques_2 = Field(None, "agents_biologiques_2")
    champs_electromagnetiques = Field(None, "champs_electromagnetiques")
    risques_sir = Field(None, "risques_sir")

    required_columns = (
        "siret",
        "nom",
        "prenom",
        "date_naissance",
        "sexe",
        "poste",
        "date_embauche",
    )
    example = {
        "siret": "12345678200010",
        "nom": "Exemple",
        "prenom": "Camille",
        "date_naissance": "14/05/1990",
        "sexe": "F",
        "poste": "Boulangère",
        "contrat": "CDI",
        "date_embauche": "02/03/2026",
        "travail_nuit": "oui",
    }
    labels = {
        "siret": "SIRET",
        "prenom": "prénom",
        "date_naissance": "date de naissance",
        "nir": "NIR",
        "date_embauche": "date d'embauche",
        "date_fin": "date de fin",
        "motif_fin": "motif de fin",
        "code_pcs_ese": "code PCS-ESE",
        "travail_nuit": "travail de nuit",
        "agents_biologiques_2": "agents biologiques du groupe 2",
        "champs_electromagnetiques": "champs électromagnétiques au-delà des valeurs limites",
        "risques_sir": "risques particuliers",
    }

    class Meta:
        model = Worker
        fields = tuple(COLUMNS.values())

    def __init__(self, *, team_ids=frozenset(), user=None):
        super().__init__(team_ids=team_ids, user=user)
        self._establishments: dict[str, Establishment | None] = {}
        self._known = KnownWorkers()
        self._touched: set[int] = set()
        self._row: dict = {}
        self._kept: list[str] = []

    # -- set-based preloading: a few queries per chunk, a dict look-up per line ---------------
    def before_import(self, dataset, **kwargs):
        """What the lines of this chunk need, in a few queries: the establishments of their
        SIRETs, then the members' workers they may designate (by NIR, by names and birth
        date) and these workers' posts. Reloaded per chunk: a dry run rolls each chunk back."""
        rows = [dict(zip(dataset.headers, values, strict=False)) for values in dataset]
        sirets = {identifiers.normalize(rules.cell_text(r.get("siret"))) for r in rows} - {""}
        missing = sirets - self._establishments.keys()
        found = {
            e.siret: e
            for e in Establishment.objects.filter(
                siret__in=missing, adherent__team_id__in=self.team_ids
            ).order_by("pk")
        }
        for siret in missing:
            self._establishments[siret] = found.get(siret)
        adherent_ids = {e.adherent_id for e in self._establishments.values() if e}
        nirs = {rules.cell_text(r.get("nir")).strip().replace(" ", "").upper() for r in rows}
        births = set()
        birth_field = HireForm.base_fields["birth_date"]
        for r in rows:
            try:
                births.add(birth_field.clean(rules.cell_text(r.get("date_naissance"))))
            except ValidationError:
                continue  # reported on its line by the hire form
        nirs.discard("")
        births.discard(None)
        self._known = KnownWorkers.load(adherent_ids, nirs, births)

    def _establishment(self, siret: str) -> Establishment | None:
        if siret not in self._establishments:  # a chunk that before_import did not see
            self._establishments[siret] = Establishment.objects.filter(
                siret=siret, adherent__team_id__in=self.team_ids
            ).first()
        return self._establishments[siret]

    def _form_data(self, row: dict, errors: dict) -> dict:
        def cell(column: str) -> str:
            return rules.cell_text(row.get(column))

        def parsed(column: str, parse, default=""):
            try:
                return parse(cell(column)) if cell(column) else default
            except ValueError as error:
                errors.setdefault(column, []).append(str(error))
                return default

        siret = identifiers.normalize(cell("siret"))
        establishment = self._establishment(siret) if siret else None
        if siret and establishment is None:
            problem = identifiers.siret_error(siret) or (
                "Aucun établissement d'un adhérent de votre centre n'a ce SIRET."
            )
            errors.setdefault("siret", []).append(problem)
        readings = {  # the set-based path's readings (resources_columns.READINGS)
            field: parsed(column, *READINGS[column])
            for field, column in COLUMNS.items()
            if column in READINGS
        }
        return {
            "establishment": establishment.pk if establishment else "",
            "last_name": cell("nom"),
            "first_name": cell("prenom"),
            "birth_date": cell("date_naissance"),
            "nir": cell("nir"),
            "job_title": cell("poste"),
            "start_on": cell("date_embauche"),
            "end_on": cell("date_fin"),
            "pcs_ese_code": cell("code_pcs_ese"),
            **readings,
        }

    def before_import_row(self, row, **kwargs):
        errors: dict[str, list[str]] = {}
        data = self._form_data(row, errors)
        form = HireForm(
            data=data,
            establishments=Establishment.objects.filter(adherent__team_id__in=self.team_ids),
        )
        # The establishment was found in the centre's scope above: the form's choice is checked
        # against that look-up instead of one query per line (same field, same messages).
        field = form.fields["establishment"]
        field.__class__ = PreloadedEstablishmentField
        field.known = {e.pk: e for e in self._establishments.values() if e}
        if not form.is_valid():
            for name, messages in form.errors.items():
                column = COLUMNS.get(name, NON_FIELD_ERRORS)
                if column in errors:  # already said in our words (SIRET, sex, oui/non)
                    continue
                errors.setdefault(column, []).extend(messages)
        if errors:
            raise ValidationError(errors)
        # The end reason is the import's own reading (the hire form has no such field).
        self._row = {**form.cleaned_data, "end_reason": data["end_reason"]}
        self._kept = [n for n in KEPT_IF_BLANK if not rules.cell_text(row.get(COLUMNS[n]))]

    # -- the worker and its post ---------------------------------------------------------------
    def get_instance(self, instance_loader, row):
        data = self._row
        return self._known.find(
            data["establishment"].adherent_id,
            nir=data["nir"],
            last_name=data["last_name"].strip(),
            first_name=data["first_name"].strip(),
            birth_date=data["birth_date"],
        )

    def import_instance(self, instance, row, **kwargs):
        data = self._row
        identity = {
            "last_name": data["last_name"].strip(),
            "first_name": data["first_name"].strip(),
            "birth_date": data["birth_date"],
            "sex": data["sex"],
            "nir": data["nir"] or instance.nir,  # a blank cell never erases a known NIR
        }
        qualified = instance.pk and instance.identity_status == IdentityStatus.QUALIFIED
        if qualified and any(getattr(instance, k) != v for k, v in identity.items()):
            raise ValidationError(
                "Identité qualifiée (INS) : elle ne se modifie pas par un import."
            )
        for name, value in identity.items():
            setattr(instance, name, value)
        if instance._state.adding:
            instance.adherent_id = data["establishment"].adherent_id
        post = None
        if instance.pk:
            post = self._known.post(instance.pk, data["establishment"].pk, data["start_on"])
        for name in self._kept if post is not None else ():
            data[name] = getattr(post, name)  # a blank cell keeps the known post's value
        # After the worker's fields are set: django-import-export still validates the worker
        # (validate_instance), and an empty new one would add its own messages to the line.
        if data["end_reason"] and data["end_on"] is None:
            raise ValidationError({"motif_fin": [END_REASON_WITHOUT_END]})
        instance._import_post = post
        instance._import_post_changes = [
            self.labels.get(COLUMNS[name], COLUMNS[name])
            for name in POST_FIELDS
            if post is None or _post_value(post, name) != _post_value(data, name)
        ]

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if import_validation_errors or instance.pk is None:
            return False
        return not self.changed_columns(original, instance)

    def changed_columns(self, original, instance) -> list[str]:
        identity = [
            self.labels.get(COLUMNS[name], COLUMNS[name])
            for name in IDENTITY_FIELDS
            if getattr(original, name) != getattr(instance, name)
        ]
        return identity + getattr(instance, "_import_post_changes", [])

    def after_save_instance(self, instance, row, **kwargs):
        data = self._row
        post = instance._import_post or Employment(
            worker=instance,
            establishment=data["establishment"],
            start_on=data["start_on"],
            declared_by=self.user,
        )
        for name in POST_FIELDS:
            setattr(post, name, list(data[name]) if name == "sir_risks" else data[name])
        post.save()
        self._known.add(instance, post)  # seen by the next lines, as the database would
        self._touched.add(instance.pk)

    def process_set_based(self, table, indices, *, dry_run, summary, progress=None) -> None:
        """What adherents.imports.services.process runs instead of the chunks: the whole file
        at once, checked by columns and in SQL (resources_setbased)."""
        from suivi_sante.workers import resources_setbased

        resources_setbased.run(
            self, table, indices, dry_run=dry_run, summary=summary, progress=progress
        )

    def after_import(self, dataset, result, **kwargs):
        if not self._is_dry_run(kwargs) and self._touched:
            schedule.refresh_due_visits(sorted(self._touched))
        self._touched.clear()

    # -- what the import page shows ------------------------------------------------------------
    def file_key(self, row: dict) -> tuple | None:
        def cell(column: str) -> str:
            return "".join(rules.cell_text(row.get(column)).split()).lower()

        if not cell("siret"):
            return None
        if cell("nir"):
            return (cell("siret"), cell("nir"))
        return (cell("siret"), cell("nom"), cell("prenom"), cell("date_naissance"))

    def file_errors(self, rows, lines):
        repeated = rules.duplicate_keys((self.file_key(row) for row in rows), lines)
        return {
            line: [("salarié", f"même salarié et même établissement qu'à la ligne {first}.")]
            for line, first in repeated.items()
        }

    def row_label(self, instance) -> str:
        return str(instance)


def _post_value(source, name: str):
    value = source[name] if isinstance(source, dict) else getattr(source, name)
    return sorted(value) if name == "sir_risks" else value
