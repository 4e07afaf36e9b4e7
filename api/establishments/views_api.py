"""Establishments of the token's member."""

from drf_spectacular.utils import extend_schema
from rest_framework import generics

from adherents.models import Establishment
from api.establishments.serializers import EstablishmentSerializer
from api.schema import BAD_CURSOR, ERRORS


@extend_schema(
    summary="Établissements de l'adhérent",
    description="Les établissements (SIRET) de l'adhérent du jeton.",
    responses={200: EstablishmentSerializer(many=True), **BAD_CURSOR, **ERRORS},
    tags=["Établissements"],
)
class EstablishmentList(generics.ListAPIView):
    serializer_class = EstablishmentSerializer
    required_codes = {"GET": ("adherents.establishment:view",)}

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # drf-spectacular reads the model
            return Establishment.objects.none()
        return Establishment.objects.visible_to(self.request.ctx)
