"""The member portal's home, its context switcher, and the page for users without a member."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from accounts.context import PORTAL_SESSION_KEY
from accounts.gates import portal_user_view, portal_view
from adherents.joining.selectors_checklist import checklist_for
from adherents.members import selectors as adherent_selectors
from dashboards.home import selectors as home


@require_safe
@portal_view()
def dashboard(request: HttpRequest) -> HttpResponse:
    """The member's home: its establishments, who acts for it, what comes next."""
    ctx = request.ctx
    if ctx.role == "self_employed":  # a portal for one person: the offer's space (tns)
        return redirect("portal:tns:space")
    summary = adherent_selectors.portal_summary(ctx)
    return render(
        request,
        "dashboards/home/portal/home.html",
        {
            "summary": summary,
            "work": home.portal_items(ctx),
            # A new member's first steps, until hidden.
            "checklist": checklist_for(ctx, loaded=summary.adherent),
        },
    )


@require_POST
@portal_user_view
def switch(request: HttpRequest) -> HttpResponse:
    """Choose the member to act for; only a choice the user really holds is accepted."""
    key = request.POST.get("choice", "")
    if key not in {c.key for c in request.ctx.choices}:
        messages.error(request, "Cette entreprise ne fait pas partie de vos accès.")
    else:
        request.session[PORTAL_SESSION_KEY] = key
        messages.success(request, "Entreprise courante changée.")
    # Another member's page would be a 404 now: go back to the shell's home.
    return redirect("portal:dashboard")


@require_safe
@portal_user_view
def no_member(request: HttpRequest) -> HttpResponse:
    """A portal user with no active membership or mandate: say so, and who to contact."""
    if request.ctx.adherent_id is not None:
        return redirect("portal:dashboard")
    return render(request, "dashboards/home/portal/no_member.html")
