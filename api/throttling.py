"""Calls per token (settings.SPSTI_API_RATE, e.g. "600/min"), counted in Redis.

A fixed window per token: the calls of the current minute (or second, hour, day) are one Redis
counter, incremented and given its expiry on its first call in a single round trip (a script run
on the server: INCR, then EXPIRE when the count is 1). DRF's SimpleRateThrottle keeps instead the
list of every call's time in the cache, read and written back at each call: two round trips, and
a list of up to 600 times unpickled and pickled on every call of a busy token. The price of the
fixed window: a client may make up to twice the rate across the turn of a window (the end of
one, the start of the next), which is what a rate limit of this size is for (a runaway script,
not a precise quota). Retry-After gives the seconds left in the window."""

from __future__ import annotations

import functools
import math
import time

from django.conf import settings
from django.core.cache import cache
from rest_framework.throttling import SimpleRateThrottle

from api.models import ApiToken
from spsti.health import redis_client

# The window's counter, incremented and given its expiry on its first call, atomically on the
# server: one EVALSHA (redis-py sends the script once per server, then its digest).
COUNT_CALL = """
local calls = redis.call('INCR', KEYS[1])
if calls == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return calls
"""


@functools.cache
def _count_call(client):
    return client.register_script(COUNT_CALL)


class PerTokenThrottle(SimpleRateThrottle):
    scope = "api_token"

    def get_rate(self) -> str:
        # Read at each call (not at import) so that the setting may change in tests.
        return settings.SPSTI_API_RATE

    def allow_request(self, request, view) -> bool:
        token = request.auth
        if not isinstance(token, ApiToken):
            return True  # the public schema and documentation
        allowed, seconds = self.parse_rate(self.get_rate())
        now = time.time()
        window = int(now // seconds)
        key = cache.make_and_validate_key(f"api-rate:{token.pk}:{seconds}:{window}")
        calls = _count_call(redis_client())(keys=[key], args=[seconds])
        self.retry_after = max(1, math.ceil((window + 1) * seconds - now))
        return calls <= allowed

    def wait(self) -> float:
        return self.retry_after
