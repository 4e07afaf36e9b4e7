"""Calls per token (settings.SPSTI_API_RATE), counted in the cache (Redis)."""

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from api.models import ApiToken


class PerTokenThrottle(SimpleRateThrottle):
    scope = "api_token"

    def get_rate(self) -> str:
        return settings.SPSTI_API_RATE

    def allow_request(self, request, view):
        # Read at each call (not at import) so that the setting may change in tests.
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_cache_key(self, request, view):
        if not isinstance(request.auth, ApiToken):
            return None  # the public schema and documentation
        return self.cache_format % {"scope": self.scope, "ident": request.auth.pk}
