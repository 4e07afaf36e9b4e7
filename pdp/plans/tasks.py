"""Celery tasks of the plans area: render a measures letter."""

from __future__ import annotations

from celery import shared_task


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def render_measures_letter(letter_id: int) -> None:
    """Render and store one measures letter's PDF; does nothing if already stored."""
    from pdp.models import MeasuresLetter
    from pdp.plans import pdf, services

    letter = MeasuresLetter.objects.select_related("case__worker", "adherent").get(pk=letter_id)
    if letter.pdf:
        return
    services.store_letter_pdf(letter=letter, content=pdf.render_measures_letter(letter))
