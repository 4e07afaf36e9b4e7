"""Backoffice views of work units (the pages are shared: prevention/workunits/views_common.py)."""

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_http_methods, require_POST

from accounts.gates import backoffice_view
from prevention.workunits import views_common as pages


@require_http_methods(["GET", "HEAD", "POST"])
@backoffice_view("prevention.workunit:view")
def workunit_list(request: HttpRequest, establishment_pk: int) -> HttpResponse:
    return pages.unit_list(request, establishment_pk, audience="backoffice")


@require_http_methods(["GET", "HEAD", "POST"])
@backoffice_view("prevention.workunit:edit")
def workunit_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return pages.unit_edit(request, pk, audience="backoffice")


@require_POST
@backoffice_view("prevention.workunit:edit")
def workunit_archive(request: HttpRequest, pk: int) -> HttpResponse:
    return pages.unit_archive(request, pk, audience="backoffice")
