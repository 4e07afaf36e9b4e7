"""Work stoppages of the token's member's workers: declare one, declare the return (the
schedule engine then says whether a return-to-work visit is due, R4624-31)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from api.errors import problem
from api.schema import ERRORS, INVALID, NOT_FOUND, REFUSED
from api.workers.serializers import AbsenceDeclareSerializer, AbsenceSerializer, ReturnSerializer
from api.workers.views_api import DECLARE, token_audit
from suivi_sante.errors import FollowUpError
from suivi_sante.models import Absence
from suivi_sante.workers import selectors, services


class AbsenceDeclare(APIView):
    required_codes = {"POST": (DECLARE,)}

    @extend_schema(
        summary="Déclarer une absence (arrêt de travail)",
        description=(
            "Le premier jour et, s'il est connu, le dernier ; les visites dues sont recalculées "
            "(visite de reprise après certains arrêts, art. R4624-31)."
        ),
        request=AbsenceDeclareSerializer,
        responses={201: AbsenceSerializer, **INVALID, **NOT_FOUND, **ERRORS, **REFUSED},
        tags=["Salariés"],
    )
    def post(self, request, pk: int):
        worker = get_object_or_404(selectors.worker_list(request.ctx), pk=pk)
        serializer = AbsenceDeclareSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            with token_audit(request):
                absence = services.declare_absence(
                    actor=request.ctx, worker=worker, **serializer.validated_data
                )
        except FollowUpError as error:
            return problem(422, str(error))
        return Response(AbsenceSerializer(absence).data, status=status.HTTP_201_CREATED)


class AbsenceReturn(APIView):
    required_codes = {"POST": (DECLARE,)}

    @extend_schema(
        summary="Déclarer la reprise du travail",
        description="Le jour du retour : l'absence se termine la veille.",
        request=ReturnSerializer,
        responses={200: AbsenceSerializer, **INVALID, **NOT_FOUND, **ERRORS, **REFUSED},
        tags=["Salariés"],
    )
    def post(self, request, pk: int):
        absence = get_object_or_404(
            Absence.objects.visible_to(request.ctx).select_related("worker"), pk=pk
        )
        serializer = ReturnSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            with token_audit(request):
                absence = services.declare_return(
                    actor=request.ctx,
                    absence=absence,
                    return_on=serializer.validated_data["return_on"],
                )
        except FollowUpError as error:
            return problem(422, str(error))
        return Response(AbsenceSerializer(absence).data)
