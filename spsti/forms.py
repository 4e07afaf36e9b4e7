"""Form base shared by every app: Bootstrap classes on widgets, so templates stay generic."""

from django import forms


class StyledForm(forms.Form):
    """A form whose inputs carry Bootstrap's classes (rendered by includes/form_fields.html)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput | forms.CheckboxSelectMultiple):
                continue
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()
