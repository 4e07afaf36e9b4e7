"""One way to turn a template into a PDF: WeasyPrint over Django templates (style.md §12)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string


def html_to_pdf(template_name: str, context: dict[str, Any]) -> bytes:
    """Render `template_name` (extending pdf/base.html) and return the PDF bytes."""
    from weasyprint import CSS, HTML  # heavy import: only where a PDF is made

    html = render_to_string(template_name, context)
    stylesheet = CSS(filename=finders.find("pdf/print.css"))
    return HTML(string=html, base_url=str(settings.BASE_DIR / "static")).write_pdf(
        stylesheets=[stylesheet]
    )
