"""Template access to the current context."""


def access_context(request) -> dict:
    return {"ctx": getattr(request, "ctx", None)}
