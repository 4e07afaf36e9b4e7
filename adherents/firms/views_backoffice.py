"""Back-office views of accounting firms: the directory, a firm's users and mandates."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST, require_safe

from accounts.gates import backoffice_view
from adherents.firms import selectors, services
from adherents.firms.forms import FirmForm, FirmUserForm
from adherents.models import AccountingFirm
from spsti.pagination import paginate_request
from spsti.params import search_param

MANAGE = "adherents.adherent:manage"


def _directory(request: HttpRequest, form: FirmForm) -> HttpResponse:
    search = search_param(request)
    page = paginate_request(request, selectors.firm_directory(search))
    return render(
        request,
        "adherents/firms/firm_list.html",
        {"page": page, "search": search, "form": form},
    )


@require_safe
@backoffice_view(MANAGE)
def firm_list(request: HttpRequest) -> HttpResponse:
    return _directory(request, FirmForm())


@require_POST
@backoffice_view(MANAGE)
def firm_create(request: HttpRequest) -> HttpResponse:
    form = FirmForm(request.POST)
    if form.is_valid():
        try:
            firm = services.create_firm(
                request.ctx, name=form.cleaned_data["name"], siren=form.cleaned_data["siren"]
            )
        except services.FirmError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Cabinet {firm.name} enregistré.")
            return redirect("backoffice:adherents:firms-firm-detail", pk=firm.pk)
    return _directory(request, form)


def _detail(request: HttpRequest, firm: AccountingFirm, form: FirmUserForm) -> HttpResponse:
    page = paginate_request(request, selectors.centre_mandates_of(request.ctx, firm))
    return render(
        request,
        "adherents/firms/firm_detail.html",
        {
            "firm": firm,
            "members": selectors.firm_members(firm),
            "page": page,
            "form": form,
        },
    )


@require_safe
@backoffice_view(MANAGE)
def firm_detail(request: HttpRequest, pk: int) -> HttpResponse:
    firm = get_object_or_404(AccountingFirm.objects.visible_to(request.ctx), pk=pk)
    return _detail(request, firm, FirmUserForm())


@require_POST
@backoffice_view(MANAGE)
def firm_user_add(request: HttpRequest, pk: int) -> HttpResponse:
    firm = get_object_or_404(AccountingFirm.objects.visible_to(request.ctx), pk=pk)
    form = FirmUserForm(request.POST)
    if form.is_valid():
        try:
            member = services.add_firm_user(request.ctx, firm, **form.cleaned_data)
        except services.FirmError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                f"{member.user.email} a maintenant accès pour {firm.name}. S'il n'a pas encore "
                "de mot de passe, il reçoit un lien d'activation par e-mail.",
            )
            return redirect("backoffice:adherents:firms-firm-detail", pk=firm.pk)
    return _detail(request, firm, form)
