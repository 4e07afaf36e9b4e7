"""The client's address: the one key of every per-address limit (allauth's login limits through
accounts.adapter, our own) and of the read log.

Behind SPSTI_TRUSTED_PROXY_COUNT reverse proxies of ours, each appends the address it saw to
X-Forwarded-For: the client is the N-th entry from the right; whatever stands further left was
written by the client and is ignored. With 0 (the default, no proxy) the header is ignored.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings


def _address(text: str) -> str | None:
    """A valid IP address in canonical form, without a port; None for anything else."""
    text = text.strip()
    if text.startswith("[") and "]" in text:  # [2001:db8::1]:443
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:  # 192.0.2.1:443
        text = text.partition(":")[0]
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        return None


def client_ip(request) -> str:
    """The address of the client who sent this request, as far as our proxies vouch for it."""
    remote = request.META.get("REMOTE_ADDR", "")
    count = settings.SPSTI_TRUSTED_PROXY_COUNT
    if count > 0:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if len(forwarded) >= count:
            address = _address(forwarded[-count])
            if address:
                return address
    return remote
