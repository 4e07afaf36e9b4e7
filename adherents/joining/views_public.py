"""Public views of the online membership application: no login, a secret link per application
(a wrong link is a 404). Each step saves; the applicant can leave and come back by the link."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from adherents.data.naf_codes import NAF_CODES
from adherents.joining import forms, selectors, services
from adherents.joining.services import JoiningError
from adherents.models import ApplicationStep, ContactRole, Establishment, MembershipApplication
from adherents.rules import joining as rules
from spsti import secret_links
from spsti.client_ip import client_ip
from spsti.params import parse_int

SLUGS = {
    ApplicationStep.COMPANY: "entreprise",
    ApplicationStep.ESTABLISHMENTS: "etablissements",
    ApplicationStep.CONTACTS: "contacts",
    ApplicationStep.ACTIVITY: "activite",
    ApplicationStep.PREFERENCES: "preferences",
    ApplicationStep.REVIEW: "verification",
}
STEP_OF_SLUG = {slug: step for step, slug in SLUGS.items()}
SIMPLE_FORMS = {
    ApplicationStep.COMPANY: forms.CompanyForm,
    ApplicationStep.ACTIVITY: forms.ActivityForm,
    ApplicationStep.PREFERENCES: forms.PreferencesForm,
}
TEMPLATES = "adherents/joining/public"


def _application(token: str) -> MembershipApplication:
    application = selectors.application_by_token(token)
    if application is None:
        raise Http404("Ce lien de demande d'adhésion n'existe pas ou a été remplacé.")
    days = settings.SPSTI_JOINING_LINK_DAYS
    issued_on = timezone.localdate(application.token_issued_at)
    if secret_links.is_expired(issued_on, days, timezone.localdate()):
        raise secret_links.LinkExpiredError(
            "Lien de demande d'adhésion expiré",
            f"Ce lien, envoyé le {issued_on:%d/%m/%Y}, n'est valable que {days} jours. Si votre "
            "demande est encore en cours, demandez un nouveau lien depuis la page « Reprendre "
            "une demande dont j'ai perdu le lien » : il sera envoyé à l'adresse du demandeur.",
        )
    return application


def _status(request: HttpRequest, application: MembershipApplication) -> HttpResponse:
    """A file no longer editable: its status and its summary, read only."""
    context = {"application": application, "summary": selectors.summary(application)}
    return render(request, f"{TEMPLATES}/status.html", context)


def _step_redirect(token: str, step: str) -> HttpResponse:
    return redirect("public:joining-step", token=token, slug=SLUGS[step])


def _too_many_starts(request: HttpRequest) -> bool:
    """A few new applications per address and hour (an open form that sends e-mails)."""
    limit = settings.SPSTI_JOINING_STARTS_PER_HOUR
    key = f"joining:starts:{client_ip(request)}"
    if cache.add(key, 1, 3600):
        return False
    try:
        return cache.incr(key) > limit
    except ValueError:  # expired between the two calls
        return False


@require_http_methods(["GET", "HEAD", "POST"])
def start(request: HttpRequest) -> HttpResponse:
    form = forms.StartForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        if _too_many_starts(request):
            form.add_error(None, "Trop de demandes depuis votre connexion : réessayez dans 1 h.")
        else:
            _application, token = services.start_application(email=form.cleaned_data["email"])
            messages.success(
                request,
                "Demande créée. Un lien personnel vient de vous être envoyé par e-mail : il "
                "permet de reprendre votre demande à tout moment.",
            )
            return _step_redirect(token, ApplicationStep.COMPANY)
    return render(request, f"{TEMPLATES}/start.html", {"form": form})


@require_http_methods(["GET", "HEAD", "POST"])
def lost_link(request: HttpRequest) -> HttpResponse:
    form = forms.StartForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        services.resend_lost_links(email=form.cleaned_data["email"])
        messages.success(  # the same answer whatever the address: no address is disclosed
            request,
            "Si une demande en cours correspond à cette adresse, un nouveau lien vient de lui "
            "être envoyé (l'ancien ne fonctionne plus).",
        )
        return redirect("public:joining-lost-link")
    return render(request, f"{TEMPLATES}/lost_link.html", {"form": form})


@secret_links.gone_when_expired
@require_safe
def resume(request: HttpRequest, token: str) -> HttpResponse:
    """The e-mailed link: the first step not done yet, or the review. The applicant's copy
    carries a key that proves they read the application's address."""
    application = _application(token)
    if key := request.GET.get("cle", "")[:64]:
        services.verify_applicant_email(application, token, key)
    if application.status not in selectors.EDITABLE:
        return _status(request, application)
    step = next((s for s in rules.STEPS if s not in application.steps_done), "review")
    return _step_redirect(token, step)


def _context(application, token: str, step: str, **extra) -> dict:
    steps = [
        {
            "label": ApplicationStep(s).label,
            "slug": SLUGS[s],
            "done": s in application.steps_done,
            "current": s == step,
        }
        for s in rules.STEPS
    ]
    return {
        "application": application,
        "token": token,
        "step": step,
        "step_label": ApplicationStep(step).label,
        "steps": steps,
        "handoff_form": forms.HandoffForm(),
        **extra,
    }


def _initial(application: MembershipApplication, step: str) -> dict:
    if step == ApplicationStep.PREFERENCES:
        return {
            "weekdays": application.convocation_weekdays,
            "half_day": application.convocation_half_day,
            **{
                name: getattr(application, name)
                for name in ("has_accounting_firm", "firm_name", "firm_siren", "firm_email")
            },
        }
    return {name: getattr(application, name) for name in SIMPLE_FORMS[step].base_fields}


def _save_simple(application, step: str, form) -> None:
    if step == ApplicationStep.COMPANY:
        services.save_company(application=application, data=form.cleaned_data)
    elif step == ApplicationStep.PREFERENCES:
        services.save_fields(application=application, step=step, data=form.application_fields())
    else:
        services.save_fields(application=application, step=step, data=form.cleaned_data)


@secret_links.gone_when_expired
@require_http_methods(["GET", "HEAD", "POST"])
def step(request: HttpRequest, token: str, slug: str) -> HttpResponse:
    application = _application(token)
    current = STEP_OF_SLUG.get(slug)
    if current is None:
        raise Http404("Étape inconnue.")
    if application.status not in selectors.EDITABLE:
        return _status(request, application)
    if current in (ApplicationStep.ESTABLISHMENTS, ApplicationStep.CONTACTS):
        return _list_step(request, application, token, current)
    if current == ApplicationStep.REVIEW:
        problems = services.submission_problems(application)
        context = _context(
            application, token, current, problems=problems, summary=selectors.summary(application)
        )
        return render(request, f"{TEMPLATES}/review.html", context)
    form_class = SIMPLE_FORMS[current]
    data = request.POST if request.method == "POST" else None
    form = form_class(data, initial=_initial(application, current))
    if form.is_valid():
        try:
            _save_simple(application, current, form)
        except JoiningError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Étape « {ApplicationStep(current).label} » enregistrée.")
            return _step_redirect(token, rules.next_step(current))
    context = _context(application, token, current, form=form)
    if current == ApplicationStep.COMPANY:
        context["naf_codes"] = NAF_CODES
    return render(request, f"{TEMPLATES}/step.html", context)


def _list_step(request, application, token: str, current: str) -> HttpResponse:
    """Establishments and contacts: add one at a time, remove one, then continue."""
    is_establishments = current == ApplicationStep.ESTABLISHMENTS
    form_class = forms.EstablishmentForm if is_establishments else forms.ContactForm
    form = form_class()
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "add":
                form = form_class(request.POST)
                if form.is_valid():
                    add = services.add_establishment if is_establishments else services.add_contact
                    add(application=application, entry=form.cleaned_data)
                    messages.success(request, "Ligne ajoutée à votre demande.")
                    return _step_redirect(token, current)
            elif action == "remove":
                index = parse_int(request.POST.get("index"), -1)
                services.remove_item(application=application, field=current, index=index)
                messages.success(request, "Ligne retirée de votre demande.")
                return _step_redirect(token, current)
            elif action == "continue":
                finish = (
                    services.finish_establishments
                    if is_establishments
                    else services.finish_contacts
                )
                finish(application=application)
                return _step_redirect(token, rules.next_step(current))
        except (JoiningError, ValueError) as error:
            message = str(error) if isinstance(error, JoiningError) else "Ligne inconnue."
            if action == "add":
                form.add_error(None, message)
            else:
                messages.error(request, message)
        application.refresh_from_db()
    labels = dict(Establishment.Kind.choices if is_establishments else ContactRole.choices)
    items = [
        {**item, "index": i, "label": labels.get(item.get("kind") or item.get("role"), "")}
        for i, item in enumerate(getattr(application, current))
    ]
    context = _context(application, token, current, form=form, items=items)
    if not is_establishments:
        context["missing"] = rules.missing_contacts(application.contacts)
    return render(request, f"{TEMPLATES}/{current}.html", context)


@secret_links.gone_when_expired
@require_POST
def submit(request: HttpRequest, token: str) -> HttpResponse:
    application = _application(token)
    try:
        services.submit(application=application)
    except JoiningError as error:
        messages.error(request, str(error))
        return _step_redirect(token, ApplicationStep.REVIEW)
    messages.success(request, "Demande transmise au service adhérents. Merci !")
    return redirect("public:joining-resume", token=token)


@secret_links.gone_when_expired
@require_POST
def handoff(request: HttpRequest, token: str) -> HttpResponse:
    application = _application(token)
    form = forms.HandoffForm(request.POST)
    back = STEP_OF_SLUG.get(request.POST.get("back", ""), ApplicationStep.COMPANY)
    if not form.is_valid():
        messages.error(request, "Adresse e-mail invalide : le lien n'a pas été transmis.")
    else:
        try:
            sent = services.handoff(
                application=application, token=token, email=form.cleaned_data["email"]
            )
        except JoiningError as error:
            messages.error(request, str(error))
            return redirect("public:joining-resume", token=token)
        if sent:
            messages.success(request, f"Lien transmis à {form.cleaned_data['email']}.")
        else:
            messages.info(request, "Ce lien a déjà été transmis à cette adresse aujourd'hui.")
    return _step_redirect(token, back)
