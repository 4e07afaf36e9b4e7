"""The workforce declaration of an establishment (the year's campaign), through the service."""

from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from adherents.models import Establishment
from adherents.workforce import selectors, services
from api.errors import problem
from api.schema import ERRORS, INVALID, NOT_FOUND, REFUSED
from api.workers.views_api import token_audit
from api.workforce.serializers import DeclarationSerializer, HeadcountSerializer

DECLARE = "adherents.workforce:declare"
NO_CAMPAIGN = "Aucune campagne de déclaration des effectifs n'est ouverte pour le moment."


class WorkforceDeclare(APIView):
    required_codes = {"POST": (DECLARE,)}

    @extend_schema(
        summary="Déclarer les effectifs d'un établissement",
        description=(
            "La déclaration de la campagne en cours (version 1), verrouillée une fois écrite ; "
            "après la clôture, elle est acceptée et marquée « hors délai »."
        ),
        request=HeadcountSerializer,
        responses={
            201: DeclarationSerializer,
            **INVALID,
            **NOT_FOUND,
            **ERRORS,
            **REFUSED,
        },
        tags=["Effectifs"],
    )
    def post(self, request, pk: int):
        establishment = get_object_or_404(Establishment.objects.visible_to(request.ctx), pk=pk)
        serializer = HeadcountSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        campaign = selectors.current_campaign(timezone.localdate())
        if campaign is None:
            return problem(422, NO_CAMPAIGN)
        try:
            with token_audit(request):
                declaration = services.declare(
                    request.ctx,
                    establishment=establishment,
                    campaign=campaign,
                    headcount=services.Headcount(**serializer.validated_data),
                    prefilled=False,
                )
        except services.WorkforceError as error:
            return problem(422, str(error))
        declaration.late = selectors.declaration_is_late(declaration, campaign)
        return Response(DeclarationSerializer(declaration).data, status=status.HTTP_201_CREATED)
