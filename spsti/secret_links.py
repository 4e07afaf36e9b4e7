"""Links sent by e-mail that open a page without an account (resume a membership application,
a partner's answer, a satisfaction survey): a random token in the link, only its SHA-256 kept.

Each kind of link has a lifetime in days (settings SPSTI_JOINING_LINK_DAYS,
SPSTI_PARTNER_LINK_DAYS, SPSTI_SURVEY_LINK_DAYS): a link issued on day D works until D + N
inclusive, then its page answers 410 with a French explanation (issue 10, item 11)."""

from __future__ import annotations

import datetime
import hashlib
import secrets
from functools import wraps


def token_hash(token: str) -> str:
    """What the database keeps of a link's token."""
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> tuple[str, str]:
    """A fresh token for a link (43 characters, 256 bits) and its hash to store."""
    token = secrets.token_urlsafe(32)
    return token, token_hash(token)


def expired_page(request, *, title: str, explanation: str):
    """The French page of a link that has expired (HTTP 410 Gone): what it was, what to do."""
    from django.shortcuts import render

    context = {"title": title, "explanation": explanation}
    return render(request, "public/link_expired.html", context, status=410)


def is_expired(issued_on: datetime.date, lifetime_days: int, today: datetime.date) -> bool:
    """A link issued on `issued_on` is expired `lifetime_days` days later, the day after."""
    return today > issued_on + datetime.timedelta(days=lifetime_days)


class LinkExpiredError(Exception):
    """Raised while serving an expired link; `gone_when_expired` turns it into the 410 page."""

    def __init__(self, title: str, explanation: str):
        super().__init__(explanation)
        self.title, self.explanation = title, explanation


def gone_when_expired(view):
    """Views of a secret link: an expired link gets the explanatory page (HTTP 410)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except LinkExpiredError as error:
            return expired_page(request, title=error.title, explanation=error.explanation)

    return wrapper
