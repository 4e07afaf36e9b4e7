"""Staff back-office views of the service's internal notes on a member (services_notes says who
reads and who writes). No portal view, no API: the member never reads them."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from accounts.gates import backoffice_view
from adherents.members import selectors, selectors_notes, services_notes
from adherents.members.forms import MemberNoteForm
from adherents.members.views_backoffice import member_page
from adherents.models import Adherent, MemberNote
from spsti.pagination import paginate_request


def _notes_anchor(adherent_id: int) -> str:
    return reverse("backoffice:adherents:adherent-detail", args=[adherent_id]) + "#notes"


@require_POST
@backoffice_view(*services_notes.WRITE)
def note_add(request: HttpRequest, pk: int) -> HttpResponse:
    """« Ajouter une note » on the member page; with an error, the page again, the text kept."""
    adherent = get_object_or_404(Adherent.objects.visible_to(request.ctx), pk=pk)
    establishments = adherent.establishments.only("pk", "name", "adherent_id")
    form = MemberNoteForm(request.POST, establishments=establishments)
    if form.is_valid():
        try:
            services_notes.add_note(
                actor=request.ctx,
                adherent=adherent,
                text=form.cleaned_data["text"],
                establishment_id=form.cleaned_data["establishment"],
            )
        except services_notes.MemberNoteError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Note ajoutée aux notes internes du service.")
            return redirect(_notes_anchor(adherent.pk))
    return member_page(request, adherent.pk, note_form=form)


@require_POST
@backoffice_view(*services_notes.WRITE)
def note_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """The author withdraws their own note (kept, dated, under « notes retirées »)."""
    note = get_object_or_404(MemberNote.objects.visible_to(request.ctx), pk=pk)
    try:
        services_notes.withdraw_note(actor=request.ctx, note=note)
    except services_notes.MemberNoteError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Note retirée : elle reste consultable dans les notes retirées.")
    if request.POST.get("retour") == "liste":
        return redirect("backoffice:adherents:adherent-notes", pk=note.adherent_id)
    return redirect(_notes_anchor(note.adherent_id))


@require_safe
@backoffice_view(services_notes.READ)
def note_list(request: HttpRequest, pk: int) -> HttpResponse:
    """Every note of the member in force, newest first, or, with `?retirees=1`, the withdrawn
    ones (paged)."""
    adherent = selectors.adherent_list(request.ctx).filter(pk=pk).first()
    if adherent is None:  # a member of another centre: 404
        raise Http404("Adhérent introuvable.")
    withdrawn = request.GET.get("retirees") == "1"
    page = paginate_request(
        request, selectors_notes.note_list(request.ctx, adherent.pk, withdrawn=withdrawn)
    )
    return render(
        request,
        "adherents/members/backoffice/adherent_notes.html",
        {
            "adherent": adherent,
            "page": page,
            "withdrawn": withdrawn,
            "can_write_notes": services_notes.can_write(request.ctx),
        },
    )
