"""E-mails of the requests inbox: the partner's secret link, the notices of an answer, the
assignees' daily digest. Notices never carry the answer itself: the member reads it after
logging in (an e-mail may be forwarded; the portal checks who reads)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts.enums import AdherentRole, MandateScope, UserKind
from accounts.models import User
from adherents.members.selectors import member_emails
from adherents.models import (
    AccountingFirmMandate,
    AdherentMembership,
    MemberRequest,
    PartnerReferral,
    RequestMessage,
)
from adherents.requests import selectors
from spsti import outbox

TEMPLATES = "adherents/requests/email"


def absolute(url_name: str, *args) -> str:
    return f"{settings.SPSTI_SITE_URL}{reverse(url_name, args=args)}"


def _render(name: str, context: dict) -> str:
    return render_to_string(
        f"{TEMPLATES}/{name}", {"service_name": settings.SPSTI_SERVICE_NAME, **context}
    )


def _still_reads_it(creator: User, request: MemberRequest) -> bool:
    """The portal user who wrote can still read the request: a person of the member, or a
    person of the firm it filed for, while the firm's mandate keeps the requests scope."""
    if request.filed_via_firm_id is None:
        return AdherentMembership.objects.filter(
            user=creator, adherent_id=request.adherent_id, is_active=True
        ).exists()
    return (
        AccountingFirmMandate.objects.active()
        .filter(
            firm_id=request.filed_via_firm_id,
            adherent_id=request.adherent_id,
            scopes__contains=[MandateScope.REQUESTS],
            firm__members__user=creator,
            firm__members__is_active=True,
        )
        .exists()
    )


def member_recipients(request: MemberRequest) -> list[str]:
    """The portal user who wrote (a person of the member, or of its mandated firm), while still
    able to read it; else the member's admins."""
    creator = request.created_by
    if creator.kind == UserKind.PORTAL and creator.is_active and _still_reads_it(creator, request):
        return [creator.email]
    roles = [AdherentRole.ADMIN, AdherentRole.SELF_EMPLOYED]  # the self-employed: no admin (tns)
    return member_emails([request.adherent_id], roles).get(request.adherent_id, [])


def queue_referral(referral: PartnerReferral, token: str) -> None:
    """The partner's e-mail: subject, the secret link, the due date (the body is on the page)."""
    context = {
        "referral": referral,
        "member_name": referral.request.adherent.name,
        "link": absolute("public:requests-partner-answer", token),
    }
    outbox.queue_email(
        kind="adherents.requests.partner_referral",
        audience="public",
        to=[referral.partner.email],
        subject=f"Demande d'un adhérent à traiter avant le {referral.due_on:%d/%m/%Y}",
        body=_render("partner_referral.txt", context),
        related=referral,
        key=f"adherents:referral:{referral.pk}",
        erase_body_once_sent=True,  # the secret link answers the request
    )


def send_member_answer_notice(message_id: int) -> int:
    """Tell the member's people that the service (or a partner) answered; once per message."""
    message = (
        RequestMessage.objects.select_related("request__created_by", "request__adherent")
        .filter(pk=message_id, is_internal=False)
        .first()
    )
    if message is None:
        return 0
    request = message.request
    recipients = member_recipients(request)
    if not recipients:
        return 0
    queued = outbox.queue_email(
        kind="adherents.requests.member_answer",
        subject=f"Réponse à votre demande « {request.subject} »",
        body=_render(
            "member_answer.txt",
            {
                "request": request,
                "by_partner": bool(message.author_label),
                "link": absolute("portal:adherents:requests-detail", request.pk),
            },
        ),
        to=recipients,
        related=request,
        key=f"adherents:request-answer:{message_id}",
    )
    return int(queued is not None)


def send_partner_answer_notices(referral_id: int, message_id: int) -> int:
    """The assignee (or the agent who routed) learns the partner answered; the member too."""
    referral = (
        PartnerReferral.objects.select_related(
            "partner", "sent_by", "request__assigned_to", "request__adherent"
        )
        .filter(pk=referral_id, answered_at__isnull=False)
        .first()
    )
    if referral is None:
        return 0
    staff = referral.request.assigned_to or referral.sent_by
    queued = outbox.queue_email(
        kind="adherents.requests.partner_answered",
        audience="staff",
        subject=f"{referral.partner.name} a répondu à la demande « {referral.request.subject} »",
        body=_render(
            "partner_answered.txt",
            {
                "referral": referral,
                "link": absolute("backoffice:adherents:requests-detail", referral.request_id),
            },
        ),
        to=[staff.email],
        related=referral.request,
        key=f"adherents:referral-answered:{referral_id}",
    )
    sent = int(queued is not None)
    return sent + send_member_answer_notice(message_id)


def send_digests(now: datetime.datetime | None = None) -> int:
    """Daily: each assignee gets its late requests and overdue referrals; once per day.

    Referrals of unassigned requests go to the agent who routed them. Two queries in all.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    late: dict[int, list] = {}
    users: dict[int, User] = {}
    for request in selectors.late_assigned_requests(now, selectors.answer_days()):
        users[request.assigned_to_id] = request.assigned_to
        late.setdefault(request.assigned_to_id, []).append(request)
    overdue: dict[int, list] = {}
    for referral in selectors.all_overdue_referrals(today):
        owner = referral.request.assigned_to or referral.sent_by
        users[owner.pk] = owner
        overdue.setdefault(owner.pk, []).append(referral)
    sent = 0
    for user_id, user in users.items():
        if not user.is_active:
            continue
        queued = outbox.queue_email(
            kind="adherents.requests.digest",
            audience="staff",
            subject=f"Demandes d'adhérents en retard — {today:%d/%m/%Y}",
            body=_render(
                "digest.txt",
                {
                    "late": late.get(user_id, []),
                    "overdue": overdue.get(user_id, []),
                    "today": today,
                    "days": selectors.answer_days(),
                    "inbox": absolute("backoffice:adherents:requests-inbox"),
                },
            ),
            to=[user.email],
            key=f"adherents:requests-digest:{user_id}:{today.isoformat()}",
        )
        sent += queued is not None
    return sent
