"""django-import-export resource of the referential's criteria (one file = one new version).

Columns: chapitre, code, libelle, niveau, and titre_chapitre for a chapter the skeleton lacks.
Each refusal is a French message reported on the file's line.
"""

from __future__ import annotations

from import_export import resources, widgets
from import_export.fields import Field

from certification.referential.models import Chapter, Criterion, Referential

REQUIRED = ("chapitre", "code", "libelle", "niveau")
OPTIONAL = ("titre_chapitre",)
LABELS = {
    "chapitre": "chapitre",
    "code": "code",
    "libelle": "libellé",
    "niveau": "niveau",
    "text": "libellé",
    "level": "niveau",
    "chapter": "chapitre",
}


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    # PostgreSQL refuses NUL in text; a spreadsheet never means one.
    return " ".join(str(value).replace("\x00", "").split())


class TextWidget(widgets.CharWidget):
    def clean(self, value, row=None, **kwargs):
        return _text(value)


class LevelWidget(widgets.Widget):
    """Niveau 1, 2 or 3 (« 1 », « N1 », « niveau 2 » are read as such)."""

    def clean(self, value, row=None, **kwargs):
        text = _text(value).lower().replace("niveau", "").replace("n", "").strip()
        if text not in ("1", "2", "3"):
            raise ValueError("le niveau doit valoir 1, 2 ou 3.")
        return int(text)


class ChapterWidget(widgets.Widget):
    """The chapter of the version being loaded, by its code; a chapter the version lacks is
    created from the `titre_chapitre` column."""

    def __init__(self, referential: Referential):
        super().__init__()
        self.referential = referential
        self.known: dict[str, Chapter] = {}

    def clean(self, value, row=None, **kwargs):
        code = _text(value)
        if not code:
            raise ValueError("le chapitre est obligatoire.")
        if code in self.known:
            return self.known[code]
        chapter = Chapter.objects.filter(referential=self.referential, code=code).first()
        if chapter is None:
            title = _text((row or {}).get("titre_chapitre"))
            if not title:
                raise ValueError(
                    f"le chapitre {code} n'existe pas dans le squelette : donnez son titre "
                    "dans la colonne titre_chapitre."
                )
            last = Chapter.objects.filter(referential=self.referential).count()
            chapter = Chapter.objects.create(
                referential=self.referential, code=code, title=title[:200], position=last + 1
            )
        self.known[code] = chapter
        return chapter


class CriterionResource(resources.ModelResource):
    """Criteria of one new referential version."""

    chapter = Field(attribute="chapter", column_name="chapitre")
    code = Field(attribute="code", column_name="code", widget=TextWidget())
    text = Field(attribute="text", column_name="libelle", widget=TextWidget())
    level = Field(attribute="level", column_name="niveau", widget=LevelWidget())

    class Meta:
        model = Criterion
        fields = ("chapter", "code", "text", "level")
        import_id_fields = ("code",)
        clean_model_instances = True
        skip_diff = True
        store_instance = True
        use_transactions = False  # the service holds the one transaction (and its rollback)

    def __init__(self, *, referential: Referential):
        super().__init__()
        self.referential = referential
        self.fields["chapter"].widget = ChapterWidget(referential)
        self.position = 0

    def get_queryset(self):
        return Criterion.objects.filter(referential=self.referential)

    def import_instance(self, instance, row, **kwargs):
        instance.referential = self.referential
        self.position += 1
        instance.position = self.position
        super().import_instance(instance, row, **kwargs)

    def after_import(self, dataset, result, **kwargs):
        pass  # no sequence reset (ids are never in the file)
