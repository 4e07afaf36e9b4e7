"""The one visibility rule of the centre's quality system, shared by its querysets."""

from __future__ import annotations

from django.db import models


class CenterQuerySet(models.QuerySet):
    def visible_to(self, ctx):
        """Quality manager and direction of the current centre; another centre is a 404."""
        from certification import perms

        if not perms.reads_quality(ctx):
            return self.none()
        return self.filter(center_id=ctx.center_id)
