"""The outbox in the superusers' console: what left, what failed, and a way to try again.

Read-only, and never the text of a mail: it may carry a personal link or what only its
recipient may read."""

from functools import partial

from django.contrib import admin, messages
from django.db import transaction
from django.utils import timezone

from spsti import outbox
from spsti.models import OutgoingEmail


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(admin.ModelAdmin):
    list_display = ["created_at", "kind", "recipients", "subject", "status", "attempts", "sent_at"]
    list_filter = ["status", "audience"]
    search_fields = ["subject", "idempotency_key", "kind"]
    fields = [
        "kind",
        "audience",
        "to",
        "subject",
        "content_type",
        "object_id",
        "idempotency_key",
        "status",
        "attempts",
        "last_error",
        "next_attempt_at",
        "created_at",
        "sent_at",
    ]
    readonly_fields = fields
    actions = ["send_again"]
    show_full_result_count = False

    @admin.display(description="destinataires")
    def recipients(self, row: OutgoingEmail) -> str:
        return ", ".join(row.to)

    @admin.action(description="Réessayer l'envoi des courriels en échec sélectionnés")
    def send_again(self, request, queryset) -> None:
        pks = list(queryset.filter(status=OutgoingEmail.Status.FAILED).values_list("pk", flat=True))
        OutgoingEmail.objects.filter(pk__in=pks, status=OutgoingEmail.Status.FAILED).update(
            status=OutgoingEmail.Status.PENDING, attempts=0, next_attempt_at=timezone.now()
        )
        for pk in pks:
            transaction.on_commit(partial(outbox.enqueue, pk))
        messages.success(request, f"{len(pks)} courriel(s) remis en file d'envoi.")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
