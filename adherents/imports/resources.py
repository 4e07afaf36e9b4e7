"""django-import-export resources of the membership area: members, establishments, contacts.

Each resource is built for one centre (``team_ids``): members end up in its teams only, and
rows of another centre are never found, so never updated. Keys: SIREN (members), SIRET
(establishments), e-mail + SIREN (contacts); a row whose key exists is an update ("modifié").
Workers come from suivi_sante through adherents.hooks (``register_import_resource``).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from import_export import resources
from import_export.fields import Field

from accounts.models import Team
from adherents import hooks
from adherents.imports.resources_widgets import (
    ChoiceWidget,
    FrenchDateWidget,
    IdentifierWidget,
    NafWidget,
    ScopedForeignKeyWidget,
    TextWidget,
    YesNoWidget,
    team_lookup,
)
from adherents.models import Adherent, Contact, ContactRole, Establishment, ImportKind
from adherents.rules import identifiers
from adherents.rules.imports import ImportFileError, cell_text
from spsti.spreadsheet import safe_cell


class ImportResource(resources.ModelResource):
    """What every import of the portal shares: scope, required columns, French labels."""

    required_columns: tuple[str, ...] = ()
    key_columns: tuple[str, ...] = ()  # a line's key in the file: repeated keys are refused
    # The model file's example line, by column (fictitious values); its first cell starts with
    # EXAMPLE_MARK, and the import skips such a line (services_files.read_table).
    example: dict[str, str] = {}
    labels: dict[str, str] = {}  # column -> label in error messages

    class Meta:
        clean_model_instances = True  # model validators (SIREN, SIRET keys) and constraints
        skip_unchanged = True
        report_skipped = True
        skip_html_diff = True
        store_instance = True
        use_transactions = True

    def __init__(self, *, team_ids=frozenset(), user=None):
        super().__init__()
        self.team_ids = frozenset(team_ids)
        self.user = user
        for field in self.fields.values():
            if isinstance(field.widget, ScopedForeignKeyWidget):
                field.widget.team_ids = self.team_ids

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        """An empty cell of an optional column keeps a known row's value (a file that lacks
        the phone numbers does not erase them)."""
        optional = field.column_name not in self.required_columns
        if optional and not instance._state.adding and not cell_text(row.get(field.column_name)):
            return
        super().import_field(field, instance, row, is_m2m, **kwargs)

    def export_field(self, field, instance, **kwargs):
        value = super().export_field(field, instance, **kwargs)
        return safe_cell(value)  # no formula cells

    def after_import(self, dataset, result, **kwargs):
        # Not ModelResource's: it resets the id sequence to max(id), which could hand out an
        # id a concurrent transaction already took. Our files never carry ids.
        pass

    # -- what the import service reads ------------------------------------------------------
    def template_headers(self) -> list[str]:
        return [f.column_name for f in self.get_import_fields() if not f.readonly]

    def template_example(self) -> list[str]:
        """The example line of the model file, marked so that the import skips it."""
        from adherents.rules.imports import EXAMPLE_MARK

        cells = [self.example.get(h, "") for h in self.template_headers()]
        if cells:
            cells[0] = f"{EXAMPLE_MARK} {cells[0]}".strip()
        return cells

    def label(self, key: str) -> str | None:
        """The French label of an error key (a column, a model attribute), None for the row."""
        if key == NON_FIELD_ERRORS:
            return None
        column = next(
            (f.column_name for f in self.fields.values() if key in (f.attribute, f.column_name)),
            key,
        )
        return self.labels.get(column, column)

    def file_key(self, row: dict) -> tuple | None:
        values = tuple("".join(str(row.get(c, "")).split()).lower() for c in self.key_columns)
        return values if all(values) else None

    def file_errors(self, rows: Iterable[dict], lines: list[int]) -> dict[int, list[tuple]]:
        """Cross-line conflicts in the file itself: {line: [(label, message)]}. ``rows`` may be
        read more than once (services_files.Table.dicts), one row at a time."""
        from adherents.rules.imports import duplicate_keys

        repeated = duplicate_keys((self.file_key(row) for row in rows), lines)
        label = " + ".join(self.labels.get(c, c) for c in self.key_columns)
        return {
            line: [(label, f"déjà présent à la ligne {first} du fichier.")]
            for line, first in repeated.items()
        }

    def row_label(self, instance) -> str:
        return str(instance)

    def changed_columns(self, original, instance) -> list[str]:
        return [
            self.labels.get(f.column_name, f.column_name)
            for f in self.get_import_fields()
            if not f.readonly and f.export(original) != f.export(instance)
        ]


def _centre_adherents(queryset, team_ids):
    return queryset.filter(team_id__in=team_ids)


def adherent_by_siren() -> ScopedForeignKeyWidget:
    return ScopedForeignKeyWidget(
        Adherent,
        "siren",
        scope=_centre_adherents,
        lookup=lambda siren: {"siren": siren},
        not_found="Aucun adhérent suivi par votre centre n'a le SIREN {value}.",
        normalize=identifiers.normalize,
    )


class AdherentResource(ImportResource):
    raison_sociale = Field("name", "raison_sociale", TextWidget())
    siren = Field("siren", "siren", IdentifierWidget())
    code_naf = Field("naf_code", "code_naf", NafWidget())
    forme_juridique = Field("legal_form", "forme_juridique", TextWidget())
    equipe = Field(
        "team",
        "equipe",
        ScopedForeignKeyWidget(
            Team,
            "name",
            scope=lambda qs, team_ids: qs.filter(pk__in=team_ids),
            lookup=team_lookup,
            not_found="L'équipe « {value} » n'est pas une équipe de votre centre.",
        ),
    )
    date_adhesion = Field("joined_on", "date_adhesion", FrenchDateWidget())
    statut = Field("status", "statut", ChoiceWidget(Adherent.Status.choices), readonly=True)

    required_columns = ("raison_sociale", "siren", "code_naf", "equipe", "date_adhesion")
    example = {
        "raison_sociale": "Boulangerie Martin",
        "siren": "123456782",
        "code_naf": "10.71C",
        "forme_juridique": "SARL",
        "equipe": "Équipe Nord",
        "date_adhesion": "15/01/2026",
    }
    key_columns = ("siren",)
    labels = {
        "raison_sociale": "raison sociale",
        "siren": "SIREN",
        "code_naf": "code NAF",
        "forme_juridique": "forme juridique",
        "equipe": "équipe",
        "date_adhesion": "date d'adhésion",
    }

    class Meta:
        model = Adherent
        fields = (
            "raison_sociale",
            "siren",
            "code_naf",
            "forme_juridique",
            "equipe",
            "date_adhesion",
            "statut",
        )
        import_id_fields = ("siren",)

    def get_queryset(self):
        return Adherent.objects.filter(team_id__in=self.team_ids).select_related("team")

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        if instance._state.adding and Adherent.objects.filter(siren=instance.siren).exists():
            raise ValidationError(
                {"siren": "Ce SIREN est déjà adhérent, suivi par un autre centre."}
            )

    def row_label(self, instance) -> str:
        return f"{instance.name} (SIREN {instance.siren})"

    def process_set_based(self, table, indices, *, dry_run, summary, progress=None) -> None:
        """What adherents.imports.services.process runs instead of the chunks (issue 19): the
        whole file at once, checked by columns and in SQL (resources_members). The row-by-row
        methods above stay the rules it follows (the same messages, in the same order)."""
        from adherents.imports import resources_members

        resources_members.run(
            self, table, indices, dry_run=dry_run, summary=summary, progress=progress
        )


class EstablishmentResource(ImportResource):
    siret = Field("siret", "siret", IdentifierWidget())
    siren = Field("adherent", "siren", adherent_by_siren())
    nom = Field("name", "nom", TextWidget())
    type = Field("kind", "type", ChoiceWidget(Establishment.Kind.choices, Establishment.Kind.SITE))
    adresse = Field("address", "adresse", TextWidget())
    code_postal = Field("postal_code", "code_postal", TextWidget())
    commune = Field("city", "commune", TextWidget())
    siege = Field("is_head_office", "siege", YesNoWidget())

    required_columns = ("siret", "siren", "nom", "adresse", "code_postal", "commune")
    example = {
        "siret": "12345678200010",
        "siren": "123456782",
        "nom": "Boulangerie Martin — atelier",
        "type": "Siège social",
        "adresse": "12 rue des Tanneurs",
        "code_postal": "69007",
        "commune": "Lyon",
        "siege": "oui",
    }
    key_columns = ("siret",)
    labels = {
        "siret": "SIRET",
        "siren": "SIREN",
        "code_postal": "code postal",
        "siege": "siège social",
    }

    class Meta:
        model = Establishment
        fields = ("siret", "siren", "nom", "type", "adresse", "code_postal", "commune", "siege")
        import_id_fields = ("siret",)

    def get_queryset(self):
        return Establishment.objects.filter(adherent__team_id__in=self.team_ids)

    def import_instance(self, instance, row, **kwargs):
        original_adherent = None if instance._state.adding else instance.adherent_id
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict({})
        else:
            errors = {}
        adherent = instance.adherent if instance.adherent_id else None
        if siret_problem := identifiers.siret_error(instance.siret):
            errors["siret"] = [siret_problem]
        elif instance._state.adding and Establishment.objects.filter(siret=instance.siret).exists():
            errors["siret"] = ["Ce SIRET est déjà enregistré pour un adhérent d'un autre centre."]
        elif original_adherent and adherent and adherent.pk != original_adherent:
            errors["adherent"] = ["Cet établissement appartient à un autre adhérent du centre."]
        elif adherent and not instance.siret.startswith(adherent.siren):
            errors["siret"] = [f"Le SIRET ne commence pas par le SIREN {adherent.siren}."]
        code = instance.postal_code
        if len(code) != 5 or not (code.isascii() and code.isdigit()):  # not "²"
            errors["postal_code"] = ["Le code postal doit comporter 5 chiffres."]
        if adherent and instance.is_head_office and "adherent" not in errors:
            other = (
                Establishment.objects.filter(adherent=adherent, is_head_office=True)
                .exclude(pk=instance.pk)
                .values_list("siret", flat=True)
                .first()
            )
            if other:
                errors["is_head_office"] = [f"L'adhérent a déjà un siège social (SIRET {other})."]
        if errors:
            raise ValidationError(errors)

    def file_errors(self, rows, lines):
        errors = super().file_errors(rows, lines)
        head_offices: dict[str, int] = {}
        for row, line in zip(rows, lines, strict=True):
            try:
                is_head_office = YesNoWidget().clean(row.get("siege", ""))
            except ValueError:
                continue  # reported on its line by the import itself
            siren = identifiers.normalize(str(row.get("siren", "")))
            if not is_head_office or not siren:
                continue
            if siren in head_offices:
                message = f"un seul siège par SIREN : déjà indiqué ligne {head_offices[siren]}."
                errors.setdefault(line, []).append(("siège social", message))
            else:
                head_offices[siren] = line
        return errors

    def row_label(self, instance) -> str:
        return f"{instance.name} (SIRET {instance.siret})"


class ContactResource(ImportResource):
    siren = Field("adherent", "siren", adherent_by_siren())
    role = Field("role", "role", ChoiceWidget(ContactRole.choices))
    prenom = Field("first_name", "prenom", TextWidget())
    nom = Field("last_name", "nom", TextWidget())
    email = Field("email", "email", TextWidget())
    telephone = Field("phone", "telephone", TextWidget())

    required_columns = ("siren", "role", "prenom", "nom", "email")
    example = {
        "siren": "123456782",
        "role": "Facturation",
        "prenom": "Claire",
        "nom": "Exemple",
        "email": "claire.exemple@exemple.fr",
        "telephone": "04 00 00 00 00",
    }
    key_columns = ("email", "siren")
    labels = {"siren": "SIREN", "role": "rôle", "prenom": "prénom", "email": "e-mail"}

    class Meta:
        model = Contact
        fields = ("siren", "role", "prenom", "nom", "email", "telephone")
        import_id_fields = ("email", "siren")

    def get_instance(self, instance_loader, row):
        """The member's active contact with this e-mail (case ignored); the same role first
        when the person holds several roles."""
        try:
            adherent = self.fields["siren"].clean(row)
        except ValueError:
            return None  # reported by import_instance on the same line
        email = self.fields["email"].clean(row)
        if adherent is None or not email:
            return None
        matches = list(
            Contact.objects.filter(adherent=adherent, email__iexact=email, is_active=True)
        )
        role = str(row.get("role", "")).strip().lower()
        same_role = [c for c in matches if role in (c.role, c.get_role_display().lower())]
        return (same_role or matches or [None])[0]

    def row_label(self, instance) -> str:
        return f"{instance.first_name} {instance.last_name} ({instance.email})"


RESOURCES: dict[str, type[ImportResource]] = {
    ImportKind.ADHERENTS: AdherentResource,
    ImportKind.ESTABLISHMENTS: EstablishmentResource,
    ImportKind.CONTACTS: ContactResource,
}


def available_kinds() -> list[tuple[str, str]]:
    """Kinds this installation imports (workers only when the follow-up app registered them)."""
    return [
        (value, label)
        for value, label in ImportKind.choices
        if value in RESOURCES or hooks.import_resource(value) is not None
    ]


def build_resource(kind: str, *, team_ids, user=None) -> ImportResource:
    """The resource of an import kind, scoped to a centre's teams."""
    if kind in RESOURCES:
        return RESOURCES[kind](team_ids=team_ids, user=user)
    factory = hooks.import_resource(kind)
    if factory is None:
        raise ImportFileError("Ce type d'import n'est pas disponible.")
    return factory(team_ids=team_ids, user=user)
