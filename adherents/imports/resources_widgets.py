"""django-import-export widgets for French files: dates JJ/MM/AAAA, oui/non, labels, scoped keys.

Every refusal is a ValueError with a French message: django-import-export turns it into a
validation error of the field, reported on the file's line.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable

from django.db.models import Model, QuerySet
from import_export import widgets

from adherents.rules import identifiers
from adherents.rules import imports as rules
from spsti.params import parse_int


class TextWidget(widgets.CharWidget):
    """Trimmed text; an empty cell is an empty string."""

    def clean(self, value, row=None, **kwargs):
        return rules.cell_text(value)


class IdentifierWidget(TextWidget):
    """SIREN/SIRET as people type them ('552 100 554'): spaces and dots dropped."""

    def clean(self, value, row=None, **kwargs):
        return identifiers.normalize(rules.cell_text(value))


class NafWidget(TextWidget):
    """A NAF rév. 2 code, written as INSEE prints it (43.21A)."""

    def clean(self, value, row=None, **kwargs):
        text = rules.cell_text(value)
        if text and (error := identifiers.naf_error(text)):
            raise ValueError(error)
        return identifiers.normalize_naf(text)


class FrenchDateWidget(widgets.Widget):
    """JJ/MM/AAAA or AAAA-MM-JJ in, JJ/MM/AAAA out."""

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, datetime.date):
            return value
        return rules.parse_date(rules.cell_text(value))

    def render(self, value, obj=None, **kwargs):
        return value.strftime("%d/%m/%Y") if value else ""


class YesNoWidget(widgets.Widget):
    """oui/non in and out."""

    def clean(self, value, row=None, **kwargs):
        return rules.parse_yes_no(rules.cell_text(value))

    def render(self, value, obj=None, **kwargs):
        return "oui" if value else "non"


class ChoiceWidget(widgets.Widget):
    """A choice given by its code or its French label; an empty cell takes ``default``."""

    def __init__(self, choices: Iterable[tuple[str, str]], default: str | None = None):
        super().__init__()
        self.choices = list(choices)
        self.default = default

    def clean(self, value, row=None, **kwargs):
        text = rules.cell_text(value)
        if not text:
            return self.default if self.default is not None else ""
        return rules.match_choice(text, self.choices)

    def render(self, value, obj=None, **kwargs):
        return dict(self.choices).get(value, value or "")


class ScopedForeignKeyWidget(widgets.ForeignKeyWidget):
    """A related row looked up among the current centre's rows only (``team_ids``, set by the
    resource): another centre's row is refused like an unknown one."""

    def __init__(
        self,
        model: type[Model],
        field: str,
        *,
        scope: Callable[[QuerySet, frozenset[int]], QuerySet],
        lookup: Callable[[str], dict],
        not_found: str,
        normalize: Callable[[str], str] = rules.cell_text,
    ):
        super().__init__(model, field)
        self.scope = scope
        self.lookup = lookup
        self.not_found = not_found
        self.normalize = normalize
        self.team_ids: frozenset[int] = frozenset()
        self._cache: dict[str, Model] = {}

    def clean(self, value, row=None, **kwargs):
        text = self.normalize(rules.cell_text(value))
        if not text:
            return None
        if text not in self._cache:
            queryset = self.scope(self.model.objects.all(), self.team_ids)
            found = list(queryset.filter(**self.lookup(text))[:2])
            if len(found) != 1:
                raise ValueError(self.not_found.format(value=text))
            self._cache[text] = found[0]
        return self._cache[text]


def team_lookup(text: str) -> dict:
    """A team by its number or its name (case and accents as typed, case ignored)."""
    pk = parse_int(text)
    return {"pk": pk} if pk is not None else {"name__iexact": text}
