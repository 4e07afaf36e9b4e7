"""The REST API's settings (api/, issue 18), imported by spsti/settings.py: DRF and
drf-spectacular. The API is token-only: a personal access token per organisation, never the
session (no CSRF surface). Errors are application/problem+json in French (api/errors.py)."""

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["api.authentication.BearerTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["api.perms.TokenHasCodes"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.PerTokenThrottle"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.IdCursorPagination",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "EXCEPTION_HANDLER": "api.errors.problem_exception_handler",
    "UNAUTHENTICATED_USER": None,
    "PAGE_SIZE": 50,
}

SPECTACULAR_SETTINGS = {
    "TITLE": "API du portail SPSTI",
    "DESCRIPTION": (
        "API REST v1 des adhérents et de leurs cabinets comptables : établissements, salariés, "
        "visites à prévoir ; et indicateurs de pilotage pour les équipes du service. "
        "Authentification par jeton d'accès personnel (`Authorization: Bearer <jeton>`), créé "
        "dans l'espace adhérent, ou dans le back-office pour les indicateurs. Les erreurs "
        "suivent la RFC 9457 (`application/problem+json`), en français."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SWAGGER_UI_SETTINGS": {"validatorUrl": None, "deepLinking": True},
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {"VisitKindEnum": "suivi_sante.enums.VisitKind"},
}
