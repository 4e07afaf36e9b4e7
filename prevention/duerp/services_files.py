"""The files of a published DUERP version, for other apps (the REST API): read from its frozen
snapshot, like the screens' downloads."""

from __future__ import annotations

from prevention.duerp import exports, selectors


def version_pdf(ctx, pk: int) -> tuple[bytes, str]:
    """The PDF of a version in scope (404 otherwise) and its file name."""
    version = selectors.version_detail(ctx, pk)
    return exports.render_version_pdf(version), exports.filename(version, "pdf")
