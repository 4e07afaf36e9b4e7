"""Staff back-office views of the membership area."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from accounts.gates import backoffice_view
from adherents.members import selectors, selectors_notes, services_lifecycle, services_notes
from adherents.members.forms import (
    CancelEndForm,
    CorrectEndForm,
    EndMembershipForm,
    MemberNoteForm,
)
from adherents.models import Adherent
from spsti.pagination import paginate_keyset_request
from spsti.params import search_param


@require_safe
@backoffice_view("adherents.adherent:view")
def adherent_list(request: HttpRequest) -> HttpResponse:
    search = search_param(request)
    page = paginate_keyset_request(
        request, selectors.adherent_list(request.ctx, search=search), selectors.LIST_ORDER
    )
    return render(
        request, "adherents/members/backoffice/adherent_list.html", {"page": page, "search": search}
    )


@require_safe
@backoffice_view("adherents.adherent:view")
def adherent_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return member_page(request, pk)


def member_page(request: HttpRequest, pk: int, note_form: MemberNoteForm | None = None):
    """The member page; `note_form`: the note form sent back with its errors (views_backoffice_
    notes.note_add), the text typed kept in it."""
    member = selectors.member_file(request.ctx, pk)
    if member is None:  # a member of another centre: 404
        raise Http404("Adhérent introuvable.")
    can_write_notes = services_notes.can_write(request.ctx)
    if note_form is None and can_write_notes:
        note_form = MemberNoteForm(establishments=member.establishments)
    return render(
        request,
        "adherents/members/backoffice/adherent_detail.html",
        {
            "adherent": member.adherent,
            "establishments": member.establishments,
            "contacts": member.contacts,
            "mandates": member.mandates,
            "application": member.application,
            "isolated_count": member.isolated_count,
            "joining_answers": member.joining_answers,
            # The service's internal notes (staff only, never medical): one query.
            "latest_notes": selectors_notes.latest_notes(request.ctx, member.adherent.pk),
            "note_form": note_form if can_write_notes else None,
            "can_write_notes": can_write_notes,
        },
        status=400 if note_form is not None and note_form.errors else 200,
    )


@require_http_methods(["GET", "HEAD", "POST"])
@backoffice_view(services_lifecycle.MANAGE)
def adherent_end(request: HttpRequest, pk: int) -> HttpResponse:
    """« Fin d'adhésion »: resignation, striking off or ceased activity of a member; once ended,
    its date or reason corrected, or the end cancelled when it was recorded by mistake."""
    adherent = get_object_or_404(
        Adherent.objects.visible_to(request.ctx).select_related("team"), pk=pk
    )
    if adherent.status == Adherent.Status.ENDED:
        return _ended(request, adherent)
    form = EndMembershipForm(request.POST or None, initial={"ended_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services_lifecycle.end_membership(
                actor=request.ctx, adherent=adherent, **form.cleaned_data
            )
        except services_lifecycle.MembershipError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Fin d'adhésion de {adherent.name} enregistrée.")
            return redirect("backoffice:adherents:adherent-detail", pk=adherent.pk)
    return render(
        request,
        "adherents/members/backoffice/adherent_end.html",
        {"adherent": adherent, "form": form},
    )


# The two corrections of an ended membership: (form, service, success message).
CORRECTIONS = {
    "corriger": (
        CorrectEndForm,
        services_lifecycle.correct_membership_end,
        "Fin d'adhésion de {name} corrigée.",
    ),
    "annuler": (
        CancelEndForm,
        services_lifecycle.cancel_membership_end,
        "Fin d'adhésion de {name} annulée : l'adhésion continue.",
    ),
}


def _ended(request: HttpRequest, adherent: Adherent) -> HttpResponse:
    """The page of an ended membership: its two correction forms (one posted at a time, named
    by its `action` field, each form's fields prefixed so that their ids stay unique)."""
    action = request.POST.get("action") if request.method == "POST" else None
    forms = {
        "corriger": CorrectEndForm(
            request.POST if action == "corriger" else None,
            prefix="corriger",
            initial={"ended_on": adherent.ended_on, "reason": adherent.end_reason},
        ),
        "annuler": CancelEndForm(request.POST if action == "annuler" else None, prefix="annuler"),
    }
    if action in CORRECTIONS and forms[action].is_valid():
        _, service, message = CORRECTIONS[action]
        try:
            service(actor=request.ctx, adherent=adherent, **forms[action].cleaned_data)
        except services_lifecycle.MembershipError as error:
            forms[action].add_error(None, str(error))
        else:
            messages.success(request, message.format(name=adherent.name))
            return redirect("backoffice:adherents:adherent-detail", pk=adherent.pk)
    return render(
        request,
        "adherents/members/backoffice/adherent_end.html",
        {"adherent": adherent, "correct_form": forms["corriger"], "cancel_form": forms["annuler"]},
    )
