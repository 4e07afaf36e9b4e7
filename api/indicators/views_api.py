"""The management indicators for a staff token (issue 18): the catalogue and the nightly monthly
facts over the token owner's scope, the same as the dashboards show him or her today."""

from __future__ import annotations

from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, generics
from rest_framework.response import Response

from api.indicators.serializers import (
    IndicatorDetailSerializer,
    IndicatorFiguresSerializer,
    IndicatorFilterSerializer,
    IndicatorListFilterSerializer,
)
from api.pagination import KeyCursorPagination
from api.schema import BAD_CURSOR, ERRORS, INVALID, NOT_FOUND
from dashboards.catalogue.selectors import catalogue, indicator
from dashboards.cockpit import selectors as cards
from dashboards.cockpit.selectors_filters import filter_errors, reader_scope, scoped_selection
from dashboards.facts.selectors import last_run
from dashboards.perms import KPI_VIEW

NO_SCOPE = "Aucun centre ni aucune équipe à piloter pour votre rôle."
TAGS = ["Indicateurs de pilotage"]


def _selection(request, filters_class):
    """The token owner's scope (as the screens build it) and the query's filters within it."""
    scope = reader_scope(request.ctx)
    if scope is None:
        raise exceptions.PermissionDenied(NO_SCOPE)
    filters = filters_class(data=request.query_params)
    filters.is_valid(raise_exception=True)
    data = filters.validated_data
    given = {
        "center": data.get("centre"),
        "team": data.get("equipe"),
        "start": data.get("du"),
        "end": data.get("au"),
    }
    if errors := filter_errors(scope, **given):
        raise exceptions.ValidationError({name: [text] for name, text in errors.items()})
    selection = scoped_selection(
        scope, today=timezone.localdate(), performer=data.get("realise_par", ""), **given
    )
    return scope, selection, data


def _figures(card, selection, run) -> dict:
    return {
        "indicator": card.indicator,
        "first_month": selection.start,
        "last_month": selection.end,
        "figure": card.figure,
        "months": [
            {
                "month": month,
                "numerator": f.numerator,
                "denominator": f.denominator,
                "value": f.value,
            }
            for month, f in card.months
        ],
        "computed_at": run.finished_at if run else None,
    }


class IndicatorList(generics.ListAPIView):
    serializer_class = IndicatorFiguresSerializer
    pagination_class = KeyCursorPagination
    required_codes = {"GET": (KPI_VIEW,)}
    filter_backends: list = []

    @staticmethod
    def item_key(item) -> str:
        return item.id

    def get_queryset(self):
        return list(catalogue().values())

    @extend_schema(
        summary="Indicateurs de pilotage et leurs chiffres",
        description=(
            "Le catalogue des indicateurs, chacun avec sa valeur sur la période et mois par "
            "mois, calculés chaque nuit, sur le périmètre du titulaire du jeton (direction : "
            "tous les centres ; directeur de centre et CMT : son centre ; médecin : ses "
            "équipes). Jeton du service (droit indicators:read) uniquement."
        ),
        parameters=[IndicatorListFilterSerializer],
        responses={200: IndicatorFiguresSerializer(many=True), **INVALID, **BAD_CURSOR, **ERRORS},
        tags=TAGS,
    )
    def get(self, request, *args, **kwargs):
        _, selection, data = _selection(request, IndicatorListFilterSerializer)
        items = self.get_queryset()
        if domain := data.get("domaine"):
            items = [i for i in items if i.domain == domain]
        page = self.paginate_queryset(items)
        run = last_run()
        found = cards.cards(page, selection, run) if page else []
        rows = [_figures(card, selection, run) for card in found]
        return self.get_paginated_response(self.get_serializer(rows, many=True).data)


class IndicatorDetail(generics.GenericAPIView):
    serializer_class = IndicatorDetailSerializer
    required_codes = {"GET": (KPI_VIEW,)}
    filter_backends: list = []
    pagination_class = None

    @extend_schema(
        summary="Un indicateur de pilotage, avec ses ventilations",
        description=(
            "La définition de l'indicateur, sa valeur sur la période, mois par mois, et ses "
            "ventilations (nature, professionnel, centre, équipe), sur le périmètre du "
            "titulaire du jeton. Chiffres agrégés seulement : jamais de salarié nommé."
        ),
        parameters=[
            OpenApiParameter(
                "indicator_id", str, OpenApiParameter.PATH, description="Identifiant."
            ),
            IndicatorFilterSerializer,
        ],
        responses={200: IndicatorDetailSerializer, **INVALID, **NOT_FOUND, **ERRORS},
        tags=TAGS,
    )
    def get(self, request, indicator_id: str):
        scope, selection, _ = _selection(request, IndicatorFilterSerializer)
        found = indicator(indicator_id)
        if found is None:
            raise Http404
        run = last_run()
        card = cards.detailed_cards(
            [found],
            selection,
            {pk: name for pk, name, _ in scope.teams},
            dict(scope.centers),
            run,
        )[0]
        body = _figures(card, selection, run)
        body["breakdowns"] = {
            by: [
                {
                    "key": row.key,
                    "label": row.label,
                    "numerator": row.figure.numerator,
                    "denominator": row.figure.denominator,
                    "value": row.figure.value,
                }
                for row in rows
            ]
            for by, rows in card.breakdowns.items()
        }
        return Response(self.get_serializer(body).data)
