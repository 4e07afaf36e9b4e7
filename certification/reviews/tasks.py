"""Celery tasks of the management review."""

from celery import shared_task


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def render_review_pdf(review_id: int) -> None:
    """Render and store the review's PDF; does nothing if already stored."""
    from certification.reviews import pdf, services
    from certification.reviews.models import ManagementReview

    review = ManagementReview.objects.select_related("held_by").get(pk=review_id)
    if review.pdf:
        return
    services.store_pdf(review=review, content=pdf.render_review(review))
