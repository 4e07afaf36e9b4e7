"""URLs of the plans area."""

from django.urls import path

from pdp.plans import views_backoffice, views_portal, views_public

backoffice_patterns = [
    path("dossiers/<int:pk>/mesures/", views_backoffice.measure_create, name="measure-create"),
    path("dossiers/<int:pk>/actions/", views_backoffice.action_create, name="action-create"),
    path("actions/<int:pk>/faite/", views_backoffice.action_done, name="action-done"),
    path(
        "dossiers/<int:pk>/partenaires/",
        views_backoffice.partner_request_create,
        name="partner-request-create",
    ),
    path("dossiers/<int:pk>/courrier/", views_backoffice.letter_issue, name="letter-issue"),
    path("courriers/<int:pk>/", views_backoffice.letter_download, name="letter-download"),
]
portal_patterns = [
    path("courriers/", views_portal.letter_list, name="letter-list"),
    path("courriers/<int:pk>/", views_portal.letter_download, name="letter-download"),
]
public_patterns = [
    path("reponse/<str:token>/", views_public.partner_answer, name="partner-answer"),
]
