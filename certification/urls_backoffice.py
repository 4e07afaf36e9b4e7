"""Back-office URLs of the quality certification: the areas' lists, joined here."""

from certification.assessments.urls import backoffice_patterns as assessments
from certification.audits.urls import backoffice_patterns as audits
from certification.documents.urls import backoffice_patterns as documents
from certification.nonconformities.urls import backoffice_patterns as nonconformities
from certification.processes.urls import backoffice_patterns as processes
from certification.referential.urls import backoffice_patterns as referential
from certification.reviews.urls import backoffice_patterns as reviews

app_name = "certification"
urlpatterns = [
    *referential,
    *assessments,
    *nonconformities,
    *audits,
    *documents,
    *processes,
    *reviews,
]
