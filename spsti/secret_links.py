"""Links sent by e-mail that open a page without an account (resume a membership application,
a partner's answer, a satisfaction survey): a random token in the link, only its SHA-256 kept."""

from __future__ import annotations

import hashlib
import secrets


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
