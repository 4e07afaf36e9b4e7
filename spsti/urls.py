"""Public pages, the two shells, accounts, and the superusers' Django admin."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from accounts import admin_gate
from accounts import views as accounts_views
from spsti.views import public

admin.site.site_header = "Administration technique du portail SPSTI"
admin_gate.install(admin.site)  # allauth login, TOTP, superusers only

urlpatterns = [
    path("", public.home, name="home"),
    path("adhesion/", public.membership, name="membership"),
    path("apres-connexion/", public.after_login, name="after-login"),
    path("", include("adherents.urls_public")),
    path("offre-independants/", include("tns.urls_public")),
    path("pdp/", include("pdp.urls_public")),  # partners' secret links (namespace pdp_public)
    path("comptes/email/", accounts_views.email, name="account_email"),  # verified primary only
    path("comptes/2fa/totp/activate/", accounts_views.totp_activate, name="mfa_activate_totp"),
    path(
        "comptes/activation-equipe/<str:token>/",
        accounts_views.staff_activation,
        name="staff-activation",
    ),
    path("comptes/", include("allauth.urls")),
    path("espace-adherent/", include("spsti.urls_portal")),
    path("back-office/", include("spsti.urls_backoffice")),
    path("api/v1/", include("api.urls_api")),  # token-only REST API (issue 18)
]
if settings.SPSTI_ADMIN_ENABLED:  # off in production unless turned on (issue 10, item 1)
    urlpatterns.append(path("admin/", admin.site.urls))

handler403 = "spsti.views.public.error_403"
handler404 = "spsti.views.public.error_404"
handler500 = "spsti.views.public.error_500"
