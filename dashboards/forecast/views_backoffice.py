"""The forecast of medical time in the back office (issue 16, item 7)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from accounts.gates import backoffice_view
from dashboards import perms
from dashboards.drill.exports import FORMATS, table_response
from dashboards.forecast import selectors
from dashboards.forecast.forms import ScenarioForm
from dashboards.rules.forecast import Forecast
from dashboards.scope import scope_for
from spsti.params import int_param
from suivi_sante.enums import VisitKind


def _hours(value) -> str:
    return f"{value:.1f}".replace(".", ",").replace("-", "−")


def summary(team_name: str, values: dict, result: Forecast) -> str:
    """One French sentence for the whole horizon (also read by screen readers)."""
    total = result.total
    gaps = []
    for profession, label in (("physician", "de médecin"), ("nurse", "d'infirmier(e)")):
        gap = total.gap[profession]
        what = "manque" if gap < 0 else "marge"
        gaps.append(
            f"{_hours(total.needed[profession])} h {label} nécessaires pour "
            f"{_hours(total.offered[profession])} h de créneaux ouverts ({what} de "
            f"{_hours(abs(gap))} h)"
        )
    return (
        f"Sur les 12 prochains mois, l'équipe {team_name} a {total.visits} visites dues "
        f"(dont {total.overdue} en retard) : {total.physician_only} réservées au médecin, "
        f"{total.nurse_eligible} que l'infirmier(e) peut assurer sous protocole signé, et "
        f"{total.fiches} fiches d'entreprise à établir ou renouveler. Avec "
        f"{values['delegation']} % de délégation, {values['teleconsultation']} % de "
        f"téléconsultation et une FE tous les {values['fe_cadence']} ans : {gaps[0]} ; "
        f"{gaps[1]}."
    )


EXPORT_COLUMNS = [
    "Mois",
    "Visites dues",
    "dont en retard",
    "Réservées au médecin",
    "Possibles par l'infirmier(e) sous protocole",
    "Confiées à l'infirmier(e) (scénario)",
    "FE à établir ou renouveler",
    "Médecin : heures nécessaires",
    "Médecin : heures offertes",
    "Médecin : écart",
    "Infirmier(e) : heures nécessaires",
    "Infirmier(e) : heures offertes",
    "Infirmier(e) : écart",
]


def _rows(result: Forecast):
    """The page's monthly table and its total, for the CSV/XLSX export."""
    for line in [*result.months, result.total]:
        yield (
            line.month.strftime("%m/%Y") if line.month else "Total sur 12 mois",
            line.visits,
            line.overdue,
            line.physician_only,
            line.nurse_eligible,
            round(line.to_nurse),
            line.fiches,
            *(
                round(value, 1)
                for profession in ("physician", "nurse")
                for value in (
                    line.needed[profession],
                    line.offered[profession],
                    line.gap[profession],
                )
            ),
        )


@require_safe
@backoffice_view(perms.FORECAST_VIEW)
def forecast(request: HttpRequest) -> HttpResponse:
    scope = scope_for(request.ctx)
    if scope is None or not scope.teams:
        raise PermissionDenied("Aucune équipe dans votre périmètre.")
    centres = dict(scope.centers)
    teams = [
        (pk, f"{name} ({centres[center_id]})" if scope.all_centres else name)
        for pk, name, center_id in scope.teams
    ]
    names = dict(teams)
    team_id = int_param(request, "equipe")
    if team_id not in names:
        team_id = teams[0][0]
    today = timezone.localdate()
    defaults = selectors.default_scenario(team_id, today=today)
    data = {
        "equipe": team_id,
        "delegation": defaults["delegation"],
        "teleconsultation": defaults["teleconsultation"],
        "fe_cadence": defaults["fe_cadence"],
        **request.GET.dict(),
    }
    form = ScenarioForm(data, teams=teams)
    form.is_valid()
    values = {**data, **form.cleaned_data, "equipe": team_id}
    for name in ("delegation", "teleconsultation", "fe_cadence"):
        if name in form.errors:
            values[name] = defaults[name]
    chosen = selectors.scenario(
        delegation=values["delegation"],
        teleconsultation=values["teleconsultation"],
        fe_cadence=values["fe_cadence"],
    )
    result = selectors.team_forecast(team_id, chosen, today=today)
    fmt = request.GET.get("format")
    if fmt in FORMATS:
        if not request.ctx.has_perm(perms.KPI_EXPORT):
            raise Http404
        return table_response(
            f"Prévision du temps médical {names[team_id]}", EXPORT_COLUMNS, _rows(result), fmt
        )
    return render(
        request,
        "dashboards/forecast/backoffice/forecast.html",
        {
            "form": form,
            "team_name": names[team_id],
            "values": values,
            "observed": defaults["observed"],
            "result": result,
            "kinds": [(VisitKind(line.kind).label, line) for line in result.total.kinds],
            "summary": summary(names[team_id], values, result),
        },
    )
