"""What the portal's and the back office's worker lists share: the filter form, the total."""

from __future__ import annotations

from django import forms
from django.http import HttpRequest

from adherents.models import Establishment
from spsti.pagination import Page, paginate_keyset_request
from spsti.params import search_param
from suivi_sante.enums import FollowUpCategory
from suivi_sante.workers import selectors


class WorkerFilterForm(forms.Form):
    """The list's filters, read from the query string (an unknown value filters nothing)."""

    q = forms.CharField(label="Nom ou prénom commençant par", required=False, max_length=100)
    etablissement = forms.ModelChoiceField(
        queryset=Establishment.objects.none(), label="Établissement", required=False
    )
    siret = forms.CharField(label="SIRET de l'établissement", required=False, max_length=17)
    categorie = forms.ChoiceField(
        label="Catégorie de suivi",
        required=False,
        choices=[("", "Toutes"), *[(c, c) for c in FollowUpCategory.values]],
    )
    echeance = forms.ChoiceField(
        label="Visite", required=False, choices=[("", "Toutes"), *selectors.DUE_CHOICES]
    )
    contrat = forms.ChoiceField(
        label="Contrat", required=False, choices=[("", "Tous"), *selectors.EMPLOYMENT_CHOICES]
    )

    def __init__(self, data, *, establishments=None):
        super().__init__(data)
        if establishments is None:
            del self.fields["etablissement"]  # staff: a centre's sites are too many to list
        else:
            del self.fields["siret"]  # a member picks among its own establishments
            self.fields["etablissement"].queryset = establishments
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs["class"] = css


def worker_filters(
    request: HttpRequest, *, establishments=None
) -> tuple[WorkerFilterForm, selectors.WorkerFilters]:
    """The form to show back and the filters it carries; invalid fields are dropped."""
    data = request.GET.copy()
    data["q"] = search_param(request)
    form = WorkerFilterForm(data, establishments=establishments)
    form.is_valid()
    clean = form.cleaned_data
    establishment = clean.get("etablissement")
    return form, selectors.WorkerFilters(
        search=clean.get("q", ""),
        establishment_id=establishment.pk if establishment else None,
        siret=clean.get("siret", "").replace(" ", ""),
        category=clean.get("categorie", ""),
        due=clean.get("echeance", ""),
        employment=clean.get("contrat", ""),
    )


def worker_page(request: HttpRequest, workers, filters: selectors.WorkerFilters) -> Page:
    """The page of a worker list the request asks for, with only the columns the lists show; a
    name search reads its ids from the name index first (spsti.pagination, ids_first)."""
    return paginate_keyset_request(
        request,
        workers.only(*selectors.LIST_COLUMNS),
        selectors.LIST_ORDER,
        ids_first=bool(filters.search),  # the name index holds what a search tests
    )


def total_label(total: int, cap: int = selectors.TOTAL_CAP) -> str:
    """ "123 salariés", with the count's agreement; beyond the cap, an order of magnitude."""
    if total > cap:
        return f"Plus de {cap:,} salariés".replace(",", "\u202f")
    if total == 0:
        return "Aucun salarié"
    if total == 1:
        return "1 salarié"
    return f"{total:,} salariés".replace(",", "\u202f")
