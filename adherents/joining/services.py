"""Writes of the online membership application, step by step, through its secret link.

Each write locks the application, refuses when it is no longer editable and raises
`JoiningError` (French) before writing anything when a rule refuses.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.http import urlencode

from adherents.joining import selectors
from adherents.models import ApplicationStatus, ApplicationStep, MembershipApplication
from adherents.rules import identifiers
from adherents.rules import joining as rules
from adherents.rules.identifiers import normalize
from spsti import outbox, secret_links
from spsti.errors import DomainError

HANDOFF_TTL = 24 * 3600  # a colleague gets the link once a day at most
HANDOFFS_PER_DAY = 10
LOST_LINK_TTL = 3600  # a lost link is renewed once an hour at most per address


class JoiningError(DomainError):
    """A refusal of the joining area (application, review, portal contacts)."""


def resume_url(token: str) -> str:
    return f"{settings.SPSTI_SITE_URL}{reverse('public:joining-resume', args=[token])}"


def email_key(token: str, email: str) -> str:
    """What the link e-mailed to the applicant adds to the token: opening it proves the visitor
    reads that address (the page shown right after "Commencer" knows the token, not this)."""
    return salted_hmac("joining.applicant-email", f"{token}:{email.lower()}").hexdigest()[:32]


def applicant_url(application: MembershipApplication, token: str) -> str:
    key = email_key(token, application.applicant_email)
    return f"{resume_url(token)}?{urlencode({'cle': key})}"


def verify_applicant_email(application: MembershipApplication, token: str, key: str) -> bool:
    """Record that the applicant opened the link sent to their address (issue 10, item 13)."""
    if not constant_time_compare(key, email_key(token, application.applicant_email)):
        return False
    if application.applicant_email_verified_at is None:
        MembershipApplication.objects.filter(
            pk=application.pk, applicant_email_verified_at__isnull=True
        ).update(applicant_email_verified_at=timezone.now())
        application.refresh_from_db(fields=["applicant_email_verified_at"])
    return True


# The mails carrying the applicant's secret link: their text is erased once sent.
LINK_TEMPLATES = {"resume", "lost_link", "changes", "handoff"}


def queue_application_mail(
    application: MembershipApplication, template: str, to: str, *, key: str | None = None, **context
) -> bool:
    """Queue one mail of the joining journey in the outbox (sent after the commit), about the
    application; False when `key` was queued before."""
    subject, _, body = render_to_string(
        f"adherents/joining/email/{template}.txt",
        {"application": application, "service_name": settings.SPSTI_SERVICE_NAME, **context},
    ).partition("\n")
    queued = outbox.queue_email(
        kind=f"adherents.joining.{template}",
        audience="public",
        to=[to],
        subject=subject,
        body=body.lstrip("\n"),
        related=application,
        key=key,
        erase_body_once_sent=template in LINK_TEMPLATES,
    )
    return queued is not None


def send_link(application: MembershipApplication, token: str, *, template: str = "resume"):
    """E-mail the application's link to its applicant once the transaction commits."""
    queue_application_mail(
        application, template, application.applicant_email, url=applicant_url(application, token)
    )


def new_token(application: MembershipApplication) -> str:
    """Give the application a fresh secret link (the previous one stops working)."""
    token, application.token_hash = secret_links.new_token()
    application.token_issued_at = timezone.now()
    return token


@transaction.atomic
def start_application(*, email: str) -> tuple[MembershipApplication, str]:
    """A new draft, and its link e-mailed to the applicant; returns the token for the redirect."""
    application = MembershipApplication(applicant_email=email.strip().lower())
    token = new_token(application)
    application.save()
    send_link(application, token)
    return application, token


def _locked(application: MembershipApplication) -> MembershipApplication:
    application = MembershipApplication.objects.select_for_update().get(pk=application.pk)
    if application.status not in selectors.EDITABLE:
        raise JoiningError(
            "Cette demande a été transmise au service : elle n'est plus modifiable en ligne."
        )
    return application


def _save(application: MembershipApplication, step: str | None, fields: list[str]) -> None:
    if step and step not in application.steps_done:
        application.steps_done = [*application.steps_done, step]
    application.save(update_fields=[*fields, "steps_done", "updated_at"])


def establishment_problem(
    *, siren: str, entry: dict[str, Any], others: list[dict[str, Any]], disclose: bool = True
) -> str | None:
    """Why this establishment cannot be added to a company that already has `others`: the SIRET
    rules, then a SIRET already known to the service (shared by the application and portal;
    not told to an applicant whose address is not verified yet: `disclose`)."""
    siret = normalize(entry["siret"])
    error = rules.establishment_error(
        siret=siret,
        siren=siren,
        kind=entry["kind"],
        other_sirets=[o["siret"] for o in others],
        has_head_office=any(o["kind"] == rules.HEAD_OFFICE for o in others),
    )
    if error is None and disclose and selectors.taken_sirets([siret], siren=siren):
        error = (
            f"Le SIRET {siret} est déjà enregistré au service : cet établissement est déjà "
            "adhérent. Contactez le service adhérents."
        )
    return error


UNVERIFIED_EMAIL = (
    "Confirmez d'abord votre adresse e-mail : ouvrez le lien personnel que nous vous avons "
    "envoyé par e-mail (ou demandez-en un nouveau depuis « Reprendre une demande dont j'ai perdu "
    "le lien »), puis transmettez la demande."
)


def may_disclose_members(application: MembershipApplication) -> bool:
    """Whether the service may say that a SIREN or SIRET is already a member: only to an
    applicant who proved they read the address of the application (issue 10, item 13)."""
    return application.applicant_email_verified_at is not None


def member_siren_error(siren: str) -> str | None:
    if selectors.siren_is_member(siren):
        return (
            f"L'entreprise de SIREN {siren} est déjà adhérente du service : inutile de déposer "
            "une demande. Contactez le service adhérents pour ajouter un établissement ou "
            "recevoir un lien d'accès à votre espace."
        )
    return None


@transaction.atomic
def save_company(*, application: MembershipApplication, data: dict[str, Any]) -> None:
    application = _locked(application)
    siren = normalize(data["siren"])
    if may_disclose_members(application) and (error := member_siren_error(siren)):
        raise JoiningError(error)
    if any(not e["siret"].startswith(siren) for e in application.establishments):
        raise JoiningError(
            "Les établissements déjà déclarés portent un autre SIREN : retirez-les avant de "
            "changer le SIREN de l'entreprise."
        )
    application.company_name = data["company_name"].strip()
    application.siren = siren
    application.naf_code = identifiers.normalize_naf(data["naf_code"])
    application.legal_form = data["legal_form"].strip()
    _save(application, ApplicationStep.COMPANY, ["company_name", "siren", "naf_code", "legal_form"])


@transaction.atomic
def add_establishment(*, application: MembershipApplication, entry: dict[str, Any]) -> None:
    application = _locked(application)
    entry = {**entry, "siret": normalize(entry["siret"])}
    if error := establishment_problem(
        siren=application.siren,
        entry=entry,
        others=application.establishments,
        disclose=may_disclose_members(application),
    ):
        raise JoiningError(error)
    application.establishments = [*application.establishments, entry]
    _save(application, None, ["establishments"])


@transaction.atomic
def remove_item(*, application: MembershipApplication, field: str, index: int) -> None:
    """Remove one establishment or contact of the draft (by its position)."""
    application = _locked(application)
    items = list(getattr(application, field))
    if not 0 <= index < len(items):
        raise JoiningError("Cette ligne n'existe plus : rechargez la page.")
    del items[index]
    setattr(application, field, items)
    application.steps_done = [s for s in application.steps_done if s != field]
    _save(application, None, [field])


@transaction.atomic
def finish_establishments(*, application: MembershipApplication) -> None:
    application = _locked(application)
    if problems := rules.establishments_problems(application.establishments, application.siren):
        raise JoiningError(" ".join(problems))
    _save(application, ApplicationStep.ESTABLISHMENTS, [])


@transaction.atomic
def add_contact(*, application: MembershipApplication, entry: dict[str, Any]) -> None:
    application = _locked(application)
    application.contacts = [*application.contacts, entry]
    _save(application, None, ["contacts"])


@transaction.atomic
def finish_contacts(*, application: MembershipApplication) -> None:
    application = _locked(application)
    if missing := rules.missing_contacts(application.contacts):
        raise JoiningError("Il manque encore " + " ; ".join(missing) + ".")
    _save(application, ApplicationStep.CONTACTS, [])


@transaction.atomic
def save_fields(*, application: MembershipApplication, step: str, data: dict[str, Any]) -> None:
    """The activity step and the preferences step: plain fields of the application."""
    application = _locked(application)
    if step == ApplicationStep.PREFERENCES and not data.get("has_accounting_firm"):
        data = {**data, "firm_name": "", "firm_siren": "", "firm_email": ""}
    for name, value in data.items():
        setattr(application, name, value.strip() if isinstance(value, str) else value)
    _save(application, step, list(data))


def submission_problems(application: MembershipApplication, *, applicant: bool = True) -> list[str]:
    """What stops the submission: missing data, an applicant's address not verified yet, then a
    SIREN or SIRET already in the service (told to the applicant once the address is verified;
    always to the member service: `applicant=False`)."""
    problems = rules.application_problems(application)
    if applicant and not may_disclose_members(application):
        return [*problems, UNVERIFIED_EMAIL]
    if error := member_siren_error(application.siren):
        problems.append(error)
    taken = selectors.taken_sirets(
        (e["siret"] for e in application.establishments), siren=application.siren
    )
    problems += [
        f"Le SIRET {siret} est déjà enregistré au service : contactez le service adhérents."
        for siret in sorted(taken)
    ]
    return problems


@transaction.atomic
def submit(*, application: MembershipApplication) -> None:
    application = _locked(application)
    if problems := submission_problems(application):
        raise JoiningError("Demande incomplète : " + " ".join(problems))
    application.status = ApplicationStatus.SUBMITTED
    application.submitted_at = timezone.now()
    _save(application, ApplicationStep.REVIEW, ["status", "submitted_at"])
    queue_application_mail(application, "submitted", application.applicant_email)


def handoff(*, application: MembershipApplication, token: str, email: str) -> bool:
    """Send the same link to a colleague (an accountant, the HR manager); once a day each.

    The form is anonymous: the e-mail is the service's fixed text and the link, nothing the
    visitor typed (not the company name, not the applicant's address), and one address receives
    at most SPSTI_HANDOFFS_PER_RECIPIENT_PER_DAY of them whatever the application (issue 10,
    item 6: no relay)."""
    if application.status not in selectors.EDITABLE:
        raise JoiningError("Cette demande n'est plus modifiable : inutile de la transmettre.")
    email = email.strip().lower()
    count_key = f"joining:handoffs:{application.pk}"
    cache.add(count_key, 0, HANDOFF_TTL)
    if cache.incr(count_key) > HANDOFFS_PER_DAY:  # an anonymous form that sends e-mails
        raise JoiningError(
            "Trop de transmissions aujourd'hui pour cette demande : réessayez demain."
        )
    # Once a day per application and address: the outbox key (durable, unlike a cache key).
    once_key = (
        f"joining:handoff:{application.pk}:{secret_links.token_hash(email)}:"
        f"{timezone.localdate().isoformat()}"
    )
    if outbox.already_queued(once_key):
        return False
    recipient_key = f"joining:handoffs-to:{secret_links.token_hash(email)}"
    cache.add(recipient_key, 0, HANDOFF_TTL)
    if cache.incr(recipient_key) > settings.SPSTI_HANDOFFS_PER_RECIPIENT_PER_DAY:
        raise JoiningError(
            "Cette adresse a déjà reçu plusieurs demandes d'adhésion aujourd'hui : réessayez "
            "demain ou transmettez le lien vous-même."
        )
    return queue_application_mail(
        application, "handoff", email, key=once_key, url=resume_url(token)
    )


@transaction.atomic
def resend_lost_links(*, email: str) -> int:
    """A new link for each editable application of this address (the old one stops working);
    once an hour per address, so nobody can keep invalidating someone else's link."""
    email = email.strip().lower()
    if not cache.add(f"joining:lost-link:{email}", 1, LOST_LINK_TTL):
        return 0
    count = 0
    for application in MembershipApplication.objects.select_for_update().filter(
        applicant_email=email, status__in=selectors.EDITABLE
    ):
        token = new_token(application)
        application.save(update_fields=["token_hash", "token_issued_at", "updated_at"])
        send_link(application, token, template="lost_link")
        count += 1
    return count
