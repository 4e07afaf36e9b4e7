"""Back-office views of imports (dry run, progress, confirmation) and of member exports."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_htmx.http import HttpResponseClientRefresh

from accounts.gates import backoffice_view
from adherents.imports import exports
from adherents.imports import selectors as selectors_imports
from adherents.imports import services as imports
from adherents.imports import views_common as common
from adherents.imports.forms import ImportUploadForm
from adherents.imports.resources import available_kinds, build_resource
from adherents.models import Adherent, ImportJob, ImportStatus
from adherents.rules.imports import ImportFileError, percent
from spsti.downloads import file_response
from spsti.pagination import paginate_request

RUNNING = (ImportStatus.PENDING, ImportStatus.RUNNING)


@require_safe
@backoffice_view("adherents.import:run")
def job_list(request: HttpRequest) -> HttpResponse:
    page = paginate_request(request, selectors_imports.job_list(request.ctx))
    return render(
        request, "adherents/imports/job_list.html", {"page": page, "kinds": available_kinds()}
    )


@require_http_methods(["GET", "HEAD", "POST"])
@backoffice_view("adherents.import:run")
def job_create(request: HttpRequest) -> HttpResponse:
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            job = imports.start_dry_run(
                request.ctx,
                kind=form.cleaned_data["kind"],
                filename=upload.name,
                content=upload.read(),
            )
        except ImportFileError as error:
            form.add_error("file", str(error))
        else:
            messages.success(request, "Fichier reçu : la simulation de l'import est lancée.")
            return redirect("backoffice:adherents:imports-job-detail", job.pk)
    return render(
        request,
        "adherents/imports/job_create.html",
        {"form": form, "kinds": available_kinds()},
        status=400 if form.errors else 200,
    )


@require_safe
@backoffice_view("adherents.import:run")
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        job = selectors_imports.job_detail(request.ctx, pk)
    except ImportJob.DoesNotExist:
        raise Http404 from None
    running = job.status in RUNNING
    context = {
        "job": job,
        "running": running,
        "percent": percent(job.processed_rows, job.total_rows),
        "result": job.result or {},
        "can_confirm": imports.can_confirm(job),
    }
    if request.GET.get("fragment") == "progress":
        if not running and request.htmx:
            return HttpResponseClientRefresh()  # finished: the whole page shows the result
        return render(request, "adherents/imports/_progress.html", context)
    return render(request, "adherents/imports/job_detail.html", context)


@require_POST
@backoffice_view("adherents.import:run")
def job_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    get_object_or_404(ImportJob.objects.visible_to(request.ctx).only("pk"), pk=pk)
    try:
        real = imports.confirm(request.ctx, pk)
    except imports.ImportRefusedError as refusal:
        messages.error(request, str(refusal))
        return redirect("backoffice:adherents:imports-job-detail", pk)
    messages.success(request, "Import confirmé : il s'exécute en une seule fois, tout ou rien.")
    return redirect("backoffice:adherents:imports-job-detail", real.pk)


@require_safe
@backoffice_view("adherents.import:run")
def template_download(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in dict(available_kinds()):
        raise Http404
    resource = build_resource(kind, team_ids=request.ctx.team_ids, user=request.user)
    content = exports.csv_bytes(resource.template_headers(), [resource.template_example()])
    return file_response(content, f"modele-import-{kind}.csv", "text/csv; charset=utf-8")


@require_safe
@backoffice_view("adherents.export:download")
def members_xlsx(request: HttpRequest) -> HttpResponse:
    filename = f"adherents-{timezone.localdate():%Y-%m-%d}.xlsx"
    return file_response(exports.members_xlsx(request.ctx), filename, exports.XLSX_CONTENT_TYPE)


@require_safe
@backoffice_view("adherents.export:download")
def member_export(request: HttpRequest, pk: int) -> HttpResponse:
    adherent = get_object_or_404(  # a member of another centre: 404
        Adherent.objects.visible_to(request.ctx).select_related("team"), pk=pk
    )
    return common.member_archive(request, adherent)
