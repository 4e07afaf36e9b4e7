"""Pages of the individual follow-up (DMST, visits, convocations) are never stored by a browser or
a proxy: a shared computer's back button or disk cache must not show health data."""

from django.utils.cache import add_never_cache_headers


class NoStoreHealthPagesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        view_module = getattr(match.func, "__module__", "") if match else ""
        if view_module.startswith("suivi_sante.") and "no-store" not in response.get(
            "Cache-Control", ""
        ):
            add_never_cache_headers(response)  # private, no-cache, no-store, must-revalidate
        return response
