"""The forms of importing into a plan: the file to upload (checked for size and type, and
read into a table as it is cleaned) and which of its columns holds each field."""

from crispy_forms_gds.layout import Button, Field
from django import forms
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.forms import form_helper
from core.uploads import CSV, XLSX, sniff_content_type

from . import importing


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Upload a file"),
        error_messages={
            "required": gettext_lazy("Select a file"),
            "empty": gettext_lazy("The selected file is empty"),
        },
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        limit_mb = settings.APPLICATION_UPLOAD_MAX_BYTES // 2**20
        self.fields["file"].help_text = _(
            "A CSV or Excel (XLSX) file with a header row, smaller than %(size)s MB."
        ) % {"size": limit_mb}
        self.helper = form_helper(Field("file"), Button.primary("upload", _("Continue")))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.APPLICATION_UPLOAD_MAX_BYTES:
            raise forms.ValidationError(
                _("The selected file must be smaller than %(size)s MB")
                % {"size": settings.APPLICATION_UPLOAD_MAX_BYTES // 2**20}
            )
        kind = sniff_content_type(upload)
        if kind not in (CSV, XLSX):
            raise forms.ValidationError(_("The selected file must be a CSV or Excel file"))
        try:
            if kind == CSV:
                self.table = importing.read_csv(upload.read())
            else:
                self.table = importing.read_xlsx(upload)
        except importing.ImportFileError as error:
            raise forms.ValidationError(str(error)) from error
        return upload


class MappingForm(forms.Form):
    """For each field, which of the file's columns holds it."""

    def __init__(self, *args, header: list[str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", _("Not in the file"))] + [
            (str(index), name or _("Column %(number)s") % {"number": index + 1})
            for index, name in enumerate(header)
        ]
        for item in importing.FIELDS:
            self.fields[item.key] = forms.ChoiceField(
                label=item.label,
                choices=choices,
                required=item.required,
                error_messages={
                    "required": _("Select the column that holds the %(field)s")
                    % {"field": str(item.label).lower()}
                },
            )
        self.helper = form_helper(
            *(Field.select(item.key) for item in importing.FIELDS),
            Button.secondary("preview", _("Preview the import")),
        )
