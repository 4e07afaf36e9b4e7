"""PDF of the management review (WeasyPrint through spsti.pdf)."""

from certification.reviews.models import ManagementReview
from spsti.pdf import html_to_pdf


def render_review(review: ManagementReview) -> bytes:
    return html_to_pdf("certification/reviews/pdf/management_review.html", {"review": review})
