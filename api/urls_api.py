"""The REST API v1, under /api/v1/ (namespace "api"): token-only, French problem+json errors."""

from django.urls import path, re_path

from api.convocations import views_api as convocations
from api.docs import views_public as docs
from api.documents import views_api as documents
from api.duerp import views_api as duerp
from api.establishments import views_api as establishments
from api.indicators import views_api as indicators
from api.invoices import views_api as invoices
from api.workers import views_api as workers
from api.workers import views_api_absences as absences
from api.workforce import views_api as workforce

app_name = "api"
urlpatterns = [
    path("", docs.ApiRoot.as_view(), name="root"),
    path("schema/", docs.Schema.as_view(), name="schema"),
    path("documentation/", docs.Docs.as_view(), name="docs"),
    path("etablissements/", establishments.EstablishmentList.as_view(), name="establishment-list"),
    path("salaries/", workers.WorkerList.as_view(), name="worker-list"),
    path("salaries/<int:pk>/", workers.WorkerDetail.as_view(), name="worker-detail"),
    path(
        "salaries/<int:pk>/visites-a-prevoir/",
        workers.WorkerDueVisits.as_view(),
        name="worker-due-visits",
    ),
    path("emplois/<int:pk>/sortie/", workers.EmploymentEnd.as_view(), name="employment-end"),
    path("salaries/<int:pk>/absences/", absences.AbsenceDeclare.as_view(), name="absence-declare"),
    path("absences/<int:pk>/reprise/", absences.AbsenceReturn.as_view(), name="absence-return"),
    path("convocations/", convocations.ConvocationList.as_view(), name="convocation-list"),
    path(
        "convocations/<int:pk>/confirmation/",
        convocations.ConvocationConfirm.as_view(),
        name="convocation-confirm",
    ),
    path(
        "convocations/<int:pk>/autre-creneau/",
        convocations.ConvocationReschedule.as_view(),
        name="convocation-reschedule",
    ),
    path("factures/", invoices.InvoiceList.as_view(), name="invoice-list"),
    path("factures/<int:pk>/pdf/", invoices.InvoicePdf.as_view(), name="invoice-pdf"),
    path("documents/", documents.DocumentList.as_view(), name="document-list"),
    path("documents/<int:pk>/pdf/", documents.DocumentPdf.as_view(), name="document-pdf"),
    path(
        "etablissements/<int:pk>/effectifs/",
        workforce.WorkforceDeclare.as_view(),
        name="workforce-declare",
    ),
    path("duerp/versions/", duerp.DuerpVersionList.as_view(), name="duerp-version-list"),
    path(
        "duerp/versions/<int:pk>/pdf/",
        duerp.DuerpVersionPdf.as_view(),
        name="duerp-version-pdf",
    ),
    path("indicateurs/", indicators.IndicatorList.as_view(), name="indicator-list"),
    path(
        "indicateurs/<str:indicator_id>/",
        indicators.IndicatorDetail.as_view(),
        name="indicator-detail",
    ),
    re_path(r"", docs.NotFound.as_view(), name="not-found"),  # last: any other path
]
