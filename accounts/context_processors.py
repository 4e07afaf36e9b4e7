"""Template access to the current context and the menu of its shell."""


def access_context(request) -> dict:
    ctx = getattr(request, "ctx", None)
    return {"ctx": ctx, "menu": _lazy_menu(ctx, request.path)}


def _lazy_menu(ctx, path):
    """Built only when a shell template reads it (public pages and PDFs never do)."""
    from django.utils.functional import SimpleLazyObject

    from spsti.menu_links import visible_menu
    from spsti.navigation import BACKOFFICE_NAV, PORTAL_NAV

    def build():
        if ctx is None or not (ctx.is_portal or ctx.is_staff):
            return []
        return visible_menu(ctx, PORTAL_NAV if ctx.is_portal else BACKOFFICE_NAV, path)

    return SimpleLazyObject(build)
