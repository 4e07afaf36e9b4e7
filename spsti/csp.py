"""Django's own debug pages (technical 404/500, shown only when DEBUG is true) are built with
inline styles and scripts: they go without the Content-Security-Policy so that a developer can
read them. Every page of ours keeps it, in development too, so that tests see violations."""

from django.conf import settings

DJANGO_DEBUG_PAGE = b'<meta name="robots" content="NONE,NOARCHIVE">'


class DebugPagesWithoutCSPMiddleware:
    """Listed right after csp.middleware.CSPMiddleware, which honours `_csp_exempt`."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            settings.DEBUG
            and response.status_code >= 400
            and not getattr(response, "streaming", False)
            and DJANGO_DEBUG_PAGE in response.content[:2000]
        ):
            response._csp_exempt = True  # what django-csp's @csp_exempt() sets
        return response
