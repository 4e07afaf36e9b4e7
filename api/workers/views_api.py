"""Workers of the token's member: list, hire, end of employment, what is due."""

from __future__ import annotations

import django_filters
import pghistory
from django.conf import settings
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.response import Response
from rest_framework.views import APIView

from adherents.models import Establishment
from api.errors import problem
from api.pagination import IdRowCursorPagination
from api.schema import BAD_CURSOR, CONFLICT, ERRORS, INVALID, NOT_FOUND, REFUSED
from api.services_idempotency import HEADER, idempotent
from api.workers.selectors import (
    WORKER_FIELDS,
    employment_rows,
    with_employment_rows,
    worker_rows,
)
from api.workers.selectors_page import MemberWorkerRows
from api.workers.serializers import (
    DeclarationSerializer,
    DeclaredWorkerSerializer,
    DepartureSerializer,
    DueVisitSerializer,
    EmploymentSerializer,
    HiredWorkerSerializer,
    HireSerializer,
    WorkerSerializer,
)
from suivi_sante.enums import FollowUpCategory
from suivi_sante.errors import FollowUpError
from suivi_sante.models import Employment, Worker
from suivi_sante.workers import selectors, services, services_declaration
from suivi_sante.workers.selectors import DUE_CHOICES, EMPLOYMENT_CHOICES, WorkerFilters

VIEW = "suivi_sante.worker:view"
DECLARE = "suivi_sante.worker:declare"
MAX_ID = 2**31 - 1


def api_workers(queryset):
    """The columns the API shows, without the list's member join."""
    return queryset.select_related(None).only(*WORKER_FIELDS)


def with_employments(workers: list[Worker]) -> list[Worker]:
    """Each worker's employments, latest first, in one query for them all (the list's own
    read: api.workers.selectors.employment_rows)."""
    rows = employment_rows([worker.pk for worker in workers])
    for worker in workers:
        worker.employment_rows = rows.get(worker.pk, [])
    return workers


def token_audit(request):
    """Every write through the API is attributed to the token as well as to its creator."""
    token = request.auth
    return pghistory.context(api_token=token.pk, api_token_name=token.name, via="api")


class WorkerFilterSet(django_filters.FilterSet):
    search = django_filters.CharFilter(
        max_length=100, help_text="Début du nom ou du prénom (« dup », « dupont mar »)."
    )
    establishment = django_filters.NumberFilter(
        min_value=1, max_value=MAX_ID, help_text="Identifiant d'établissement."
    )
    siret = django_filters.CharFilter(max_length=14, help_text="SIRET de l'établissement.")
    category = django_filters.ChoiceFilter(
        choices=FollowUpCategory.choices, help_text="Catégorie de suivi : SI, SIA, SIR."
    )
    due = django_filters.ChoiceFilter(
        choices=DUE_CHOICES, help_text="a_prevoir, en_retard ou aucune visite à prévoir."
    )
    employment = django_filters.ChoiceFilter(
        choices=EMPLOYMENT_CHOICES, help_text="en_cours ou termine."
    )

    def filter_queryset(self, queryset):
        """The screens' own filters (suivi_sante.workers.selectors), on the token's workers;
        none given: the view's queryset as it is (not built a second time)."""
        data = self.form.cleaned_data
        filters = WorkerFilters(
            search=data.get("search") or "",
            establishment_id=int(data["establishment"]) if data.get("establishment") else None,
            siret=data.get("siret") or "",
            category=data.get("category") or "",
            due=data.get("due") or "",
            employment=data.get("employment") or "",
        )
        if not filters.active:
            return queryset
        return worker_rows(selectors.worker_list(self.request.ctx, filters=filters))


class WorkerList(generics.ListCreateAPIView):
    filterset_class = WorkerFilterSet
    pagination_class = IdRowCursorPagination
    required_codes = {"GET": (VIEW,), "POST": (DECLARE,)}

    def get_serializer_class(self):
        return HireSerializer if self.request.method == "POST" else WorkerSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # drf-spectacular reads the model
            return Worker.objects.none()
        ctx = self.request.ctx
        if ctx.is_portal and ctx.adherent_id and ctx.has_perm(VIEW):
            # A member's own list, unfiltered: one statement a page (api.workers.selectors_page).
            return MemberWorkerRows(ctx.adherent_id)
        return worker_rows(selectors.worker_list(ctx))

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        return page if isinstance(queryset, MemberWorkerRows) else with_employment_rows(page)

    def filter_queryset(self, queryset):
        params = self.request.query_params
        if not any(name in params for name in WorkerFilterSet.base_filters):
            return queryset  # no filter asked: no filter form to build and validate
        return super().filter_queryset(worker_rows(selectors.worker_list(self.request.ctx)))

    @extend_schema(
        summary="Salariés de l'adhérent",
        description="Pagination par curseur (ordre des identifiants) ; filtres des écrans.",
        responses={200: WorkerSerializer(many=True), **INVALID, **BAD_CURSOR, **ERRORS},
        tags=["Salariés"],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        summary="Déclarer une embauche",
        description=(
            "Mêmes contrôles que le formulaire de l'espace adhérent (clé du NIR, cohérence du "
            "NIR avec le sexe et l'année de naissance, dates). Un doublon possible n'est jamais "
            "refusé ni fusionné : `possible_duplicate` le signale. Avec l'en-tête "
            f"`{HEADER}`, une même requête rejouée renvoie la première réponse sans rien créer."
        ),
        parameters=[
            OpenApiParameter(
                HEADER,
                str,
                OpenApiParameter.HEADER,
                required=False,
                description=(
                    "Clé unique de la création (1 à 255 caractères), rejouable pendant "
                    f"{settings.SPSTI_API_IDEMPOTENCY_HOURS} h ; passé ce délai, elle est oubliée."
                ),
            )
        ],
        request=HireSerializer,
        responses={201: HiredWorkerSerializer, **INVALID, **ERRORS, **REFUSED, **CONFLICT},
        tags=["Salariés"],
    )
    def post(self, request, *args, **kwargs):
        return idempotent(request, lambda: self._hire(request))

    def _hire(self, request) -> Response:
        establishments = Establishment.objects.visible_to(request.ctx)
        serializer = HireSerializer(data=request.data, establishments=establishments)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            with token_audit(request):
                worker, duplicates = services.declare_hire(
                    actor=request.ctx, **services.hire_parts(data)
                )
        except FollowUpError as error:
            return problem(422, str(error))
        worker.possible_duplicate = bool(duplicates)
        worker = api_workers(selectors.worker_list(request.ctx)).get(pk=worker.pk)
        with_employments([worker])
        worker.possible_duplicate = bool(duplicates)
        return Response(HiredWorkerSerializer(worker).data, status=status.HTTP_201_CREATED)


class WorkerDetail(generics.RetrieveAPIView):
    serializer_class = WorkerSerializer
    required_codes = {"GET": (VIEW,), "PATCH": (DECLARE,)}

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # drf-spectacular reads the model
            return Worker.objects.none()
        return api_workers(selectors.worker_list(self.request.ctx))

    def get_object(self):
        return with_employments([super().get_object()])[0]

    @extend_schema(
        summary="Un salarié",
        responses={200: WorkerSerializer, **NOT_FOUND, **ERRORS},
        tags=["Salariés"],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        summary="Corriger la déclaration d'un salarié",
        description=(
            "Corrige ce que l'employeur déclare du poste en cours (le plus récent non terminé) : "
            "intitulé du poste, code PCS-ESE, travail de nuit, risques particuliers (suivi "
            "renforcé, art. R4624-23) et postes à vérification médicale particulière. Seuls les "
            "champs envoyés changent ; mêmes contrôles que la déclaration d'embauche. La "
            "catégorie de suivi et les visites à prévoir sont recalculées ; une catégorie fixée "
            "par le médecin du travail est conservée. L'identité (nom, prénom, date de "
            "naissance, sexe, NIR), les coordonnées personnelles du salarié et la catégorie ne "
            "se modifient pas ici : un tel champ est refusé (400). Une requête qui ne change "
            "rien n'enregistre rien. Sans emploi en cours : 422."
        ),
        request=DeclarationSerializer,
        responses={200: DeclaredWorkerSerializer, **INVALID, **NOT_FOUND, **ERRORS, **REFUSED},
        tags=["Salariés"],
    )
    def patch(self, request, pk: int):
        worker = get_object_or_404(selectors.worker_list(request.ctx), pk=pk)
        serializer = DeclarationSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        try:
            with token_audit(request):
                update = services_declaration.update_declaration(
                    actor=request.ctx, worker=worker, changes=serializer.validated_data
                )
        except FollowUpError as error:
            return problem(422, str(error))
        worker = api_workers(selectors.worker_list(request.ctx)).get(pk=worker.pk)
        with_employments([worker])
        worker.declaration = update.employment
        return Response(DeclaredWorkerSerializer(worker).data)


class WorkerDueVisits(APIView):
    required_codes = {"GET": (VIEW,)}

    @extend_schema(
        summary="Visites à prévoir d'un salarié",
        description=(
            "Calcul réglementaire : type de visite, date limite, motif en termes neutres et "
            "article qui la fonde. Jamais de contenu médical."
        ),
        responses={200: DueVisitSerializer(many=True), **NOT_FOUND, **ERRORS},
        tags=["Salariés"],
    )
    def get(self, request, pk: int):
        worker = get_object_or_404(selectors.worker_list(request.ctx), pk=pk)
        dues = selectors.due_visits_of(request.ctx, worker)
        return Response(DueVisitSerializer(dues, many=True).data)


class EmploymentEnd(APIView):
    required_codes = {"POST": (DECLARE,)}

    @extend_schema(
        summary="Déclarer une fin d'emploi",
        description=(
            "Le dernier jour du salarié dans ce poste et, s'il part à la retraite, le motif "
            "« retraite » ; les visites dues sont recalculées."
        ),
        request=DepartureSerializer,
        responses={200: EmploymentSerializer, **INVALID, **NOT_FOUND, **ERRORS, **REFUSED},
        tags=["Salariés"],
    )
    def post(self, request, pk: int):
        employment = get_object_or_404(
            Employment.objects.filter(worker__in=selectors.worker_list(request.ctx)), pk=pk
        )
        serializer = DepartureSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            with token_audit(request):
                employment = services.declare_departure(
                    actor=request.ctx,
                    employment=employment,
                    end_on=serializer.validated_data["end_on"],
                    end_reason=serializer.validated_data["end_reason"],
                )
        except FollowUpError as error:
            return problem(422, str(error))
        return Response(EmploymentSerializer(employment).data)
