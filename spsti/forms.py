"""Form base shared by every app: Bootstrap classes on widgets, so templates stay generic, and
bounds on numbers and dates so that no typed value can overflow the database or date arithmetic."""

import datetime

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator

from spsti.params import DATE_MAX, DATE_MIN, INT32_MAX

# A headcount no SPSTI member reaches (the largest French employers have a few hundred thousand
# employees), well within PostgreSQL's integer.
HEADCOUNT_MAX = 1_000_000
# Dates typed into our forms: within [DATE_MIN, DATE_MAX] (spsti/params.py).
DATE_RANGE_MESSAGE = "Saisissez une date entre le 01/01/1900 et le 31/12/2199."
INT_RANGE_MESSAGE = "Saisissez un nombre entre -2 147 483 648 et 2 147 483 647."


def headcount_field(label: str, **kwargs) -> forms.IntegerField:
    """A number of employees: 0 to HEADCOUNT_MAX, with French messages."""
    return forms.IntegerField(
        label=label,
        min_value=0,
        max_value=HEADCOUNT_MAX,
        error_messages={
            "min_value": "Un effectif ne peut pas être négatif.",
            "max_value": "Un effectif ne peut pas dépasser 1 000 000 salariés.",
        },
        **kwargs,
    )


class SirenField(forms.RegexField):
    """A SIREN as people type it (9 digits, a space allowed between groups of three), cleaned to
    its 9 digits; whether it is a member's is the form's or the service's question."""

    def __init__(self, **kwargs):
        kwargs.setdefault("error_messages", {"invalid": "Le SIREN compte 9 chiffres."})
        super().__init__(r"^\s*\d{3}\s?\d{3}\s?\d{3}\s*$", **kwargs)

    def clean(self, value) -> str:
        return "".join(super().clean(value).split())


def bound_fields(form: forms.BaseForm) -> None:
    """Integers without bounds get PostgreSQL's integer range; dates get [DATE_MIN, DATE_MAX].

    Called by every form base of the project (StyledForm and the few plain forms), so a new field
    is bounded without anyone thinking of it.
    """
    for field in form.fields.values():
        if isinstance(field, forms.DateField | forms.DateTimeField):
            field.validators.append(_date_in_range)
        elif isinstance(field, forms.IntegerField) and not isinstance(
            field, forms.DecimalField | forms.FloatField
        ):
            if field.max_value is None:
                field.validators.append(MaxValueValidator(INT32_MAX, INT_RANGE_MESSAGE))
            if field.min_value is None:
                field.validators.append(MinValueValidator(-INT32_MAX - 1, INT_RANGE_MESSAGE))


def _date_in_range(value) -> None:
    day = value.date() if isinstance(value, datetime.datetime) else value
    if not DATE_MIN <= day <= DATE_MAX:
        raise forms.ValidationError(DATE_RANGE_MESSAGE, code="date_range")


class StyledForm(forms.Form):
    """A form whose inputs carry Bootstrap's classes (rendered by includes/form_fields.html)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bound_fields(self)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput | forms.CheckboxSelectMultiple):
                continue
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


def unchanged(request, form: forms.BaseForm) -> bool:
    """True, after saying "Aucune modification : rien n'a été enregistré.", when an edit form
    comes back valid exactly as it was shown (issue 17): the view then redirects without calling
    its service, so nothing is written, no history row, no audit entry. The form must be built
    with the same `initial` (or instance) on POST as on GET, or every field looks changed."""
    from django.contrib import messages

    from spsti.french import NOTHING_CHANGED

    if request.method == "POST" and form.is_valid() and not form.has_changed():
        messages.info(request, NOTHING_CHANGED)
        return True
    return False
