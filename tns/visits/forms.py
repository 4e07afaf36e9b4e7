"""The booking form of a VIP TNS: one of the centre's free slots."""

from django import forms
from django.utils import timezone


class BookForm(forms.Form):
    slot = forms.ModelChoiceField(label="Créneau de la VIP TNS", queryset=None, empty_label="—")

    def __init__(self, *args, slots=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"].queryset = slots
        self.fields["slot"].label_from_instance = lambda s: (
            f"{timezone.localtime(s.starts_at):%d/%m/%Y %H:%M} — {s.professional.get_full_name()} "
            f"({s.get_performer_display()})"
        )
