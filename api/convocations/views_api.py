"""Convocations of the token's member: list, confirm, ask for another slot."""

from __future__ import annotations

import django_filters
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.response import Response
from rest_framework.views import APIView

from api.convocations.serializers import ConvocationSerializer, RescheduleSerializer
from api.errors import problem
from api.schema import BAD_CURSOR, ERRORS, INVALID, NOT_FOUND, REFUSED
from api.workers.views_api import MAX_ID, token_audit
from suivi_sante.agenda.services_convocations import respond_to_convocation
from suivi_sante.enums import ConvocationStatus
from suivi_sante.errors import FollowUpError
from suivi_sante.models import Convocation

VIEW = "suivi_sante.convocation:view"
RESPOND = "suivi_sante.convocation:respond"
PERIODS = [("a_venir", "À venir"), ("passees", "Passées")]


class ConvocationFilterSet(django_filters.FilterSet):
    establishment = django_filters.NumberFilter(
        field_name="establishment_id",
        min_value=1,
        max_value=MAX_ID,
        help_text="Identifiant d'établissement.",
    )
    status = django_filters.ChoiceFilter(
        choices=ConvocationStatus.choices, help_text="Statut de la convocation."
    )
    period = django_filters.ChoiceFilter(
        choices=PERIODS, method="filter_period", help_text="a_venir ou passees."
    )

    class Meta:
        model = Convocation
        fields: list[str] = []

    def filter_period(self, queryset, name, value):
        now = timezone.now()
        if value == "a_venir":
            return queryset.filter(visit__scheduled_at__gte=now)
        return queryset.filter(visit__scheduled_at__lt=now)


def _convocations(ctx):
    return Convocation.objects.visible_to(ctx).select_related("visit__worker")


class ConvocationList(generics.ListAPIView):
    serializer_class = ConvocationSerializer
    filterset_class = ConvocationFilterSet
    required_codes = {"GET": (VIEW,)}

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # drf-spectacular reads the model
            return Convocation.objects.none()
        return _convocations(self.request.ctx)

    @extend_schema(
        summary="Convocations de l'adhérent",
        description=(
            "Les convocations envoyées pour les salariés de l'adhérent (jamais celles d'une "
            "visite confidentielle : pré-reprise, visite à la demande du salarié)."
        ),
        responses={200: ConvocationSerializer(many=True), **INVALID, **BAD_CURSOR, **ERRORS},
        tags=["Convocations"],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class _Answer(APIView):
    required_codes = {"POST": (RESPOND,)}
    answer = ""

    def _respond(self, request, pk: int, note: str = "") -> Response:
        convocation = get_object_or_404(_convocations(request.ctx), pk=pk)
        try:
            with token_audit(request):
                convocation = respond_to_convocation(
                    actor=request.ctx, convocation=convocation, answer=self.answer, note=note
                )
        except FollowUpError as error:
            return problem(422, str(error))
        return Response(ConvocationSerializer(_convocations(request.ctx).get(pk=pk)).data)


class ConvocationConfirm(_Answer):
    answer = ConvocationStatus.CONFIRMED

    @extend_schema(
        summary="Confirmer une convocation",
        description="Le salarié se présentera au créneau proposé.",
        request=None,
        responses={200: ConvocationSerializer, **NOT_FOUND, **ERRORS, **REFUSED},
        tags=["Convocations"],
    )
    def post(self, request, pk: int):
        return self._respond(request, pk)


class ConvocationReschedule(_Answer):
    answer = ConvocationStatus.RESCHEDULE_REQUESTED

    @extend_schema(
        summary="Demander un autre créneau",
        description="Le service proposera un autre créneau selon les disponibilités indiquées.",
        request=RescheduleSerializer,
        responses={200: ConvocationSerializer, **INVALID, **NOT_FOUND, **ERRORS, **REFUSED},
        tags=["Convocations"],
    )
    def post(self, request, pk: int):
        serializer = RescheduleSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return self._respond(request, pk, serializer.validated_data["note"])
