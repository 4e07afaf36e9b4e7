"""The employer's only view of the PDP: its measures letters (no case, no health data)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from accounts.gates import portal_view
from pdp.plans import selectors
from spsti.downloads import stored_file_response
from spsti.pagination import paginate_request


@require_safe
@portal_view("pdp.letter:view")
def letter_list(request: HttpRequest) -> HttpResponse:
    page = paginate_request(request, selectors.letters_for_member(request.ctx))
    return render(request, "pdp/plans/portal_letter_list.html", {"page": page})


@require_safe
@portal_view("pdp.letter:view")
def letter_download(request: HttpRequest, pk: int) -> HttpResponse:
    letter = get_object_or_404(selectors.letters_for_member(request.ctx), pk=pk)
    return stored_file_response(
        letter.pdf, letter.pdf_sha256, f"courrier-mesures-{letter.case_id}-v{letter.number}.pdf"
    )
