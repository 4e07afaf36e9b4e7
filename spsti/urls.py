"""Public pages, the two shells, accounts, and the superusers' Django admin."""

from django.contrib import admin
from django.urls import include, path

from spsti.views import public

admin.site.site_header = "Administration technique du portail SPSTI"
admin.site.has_permission = lambda request: request.user.is_active and request.user.is_superuser

urlpatterns = [
    path("", public.home, name="home"),
    path("adhesion/", public.membership, name="membership"),
    path("apres-connexion/", public.after_login, name="after-login"),
    path("", include("adherents.urls.public")),
    path("comptes/", include("allauth.urls")),
    path("espace-adherent/", include("spsti.urls_portal")),
    path("back-office/", include("spsti.urls_backoffice")),
    path("admin/", admin.site.urls),
]

handler403 = "spsti.views.public.error_403"
handler404 = "spsti.views.public.error_404"
handler500 = "spsti.views.public.error_500"
