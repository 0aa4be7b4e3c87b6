"""The forms of importing performance figures: the file with what it is (official or local,
its source and release date), then which of its columns holds each field, with the file's one
indicator when no column names it."""

from crispy_forms_gds.layout import Button, Field, Size
from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import tabular
from core.forms import DateField, form_helper
from core.uploads import CSV, XLSX, sniff_content_type

from . import importing
from .enums import Provenance
from .models import Indicator, ReleaseImport

OFFICIAL_SOURCE = "Ministry of Justice youth justice statistics"
LOCAL_SOURCE = "Local figures"


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Upload a file"),
        error_messages={
            "required": gettext_lazy("Select a file"),
            "empty": gettext_lazy("The selected file is empty"),
        },
    )
    provenance = forms.ChoiceField(
        label=gettext_lazy("Are these the official figures?"),
        choices=[
            (Provenance.OFFICIAL, gettext_lazy("Yes, an official release")),
            (Provenance.LOCAL, gettext_lazy("No, local figures, such as a live tracker")),
        ],
        widget=forms.RadioSelect,
        error_messages={
            "required": gettext_lazy("Select whether these are the official figures"),
            "invalid_choice": gettext_lazy("Select whether these are the official figures"),
        },
    )
    source = forms.CharField(
        label=gettext_lazy("Source (optional)"),
        help_text=gettext_lazy(
            "Where the figures come from. If you leave it blank, official figures are from "
            "the Ministry of Justice youth justice statistics."
        ),
        required=False,
        max_length=ReleaseImport._meta.get_field("source").max_length,
        error_messages={
            "max_length": gettext_lazy("The source must be %(limit_value)d characters or fewer")
        },
    )
    released_on = DateField(
        what=gettext_lazy("the date the figures were released"),
        label=gettext_lazy("Date the figures were released"),
        help_text=gettext_lazy("For example, 25 1 2026"),
        required=False,
        require_all_fields=False,
    )

    def __init__(self, *args, official: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.official = official
        limit_mb = settings.APPLICATION_UPLOAD_MAX_BYTES // 2**20
        self.fields["file"].help_text = _(
            "A CSV or Excel (XLSX) file with a header row and a row for each figure, smaller "
            "than %(size)s MB."
        ) % {"size": limit_mb}
        if not official:
            # A service lead imports its own local figures only.
            del self.fields["provenance"]
        self.helper = form_helper(
            Field("file"),
            *([Field.radios("provenance", legend_size=Size.SMALL)] if official else []),
            Field("source"),
            Field("released_on"),
            Button.primary("upload", _("Continue")),
        )

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
                self.table = tabular.read_csv(upload.read(), max_rows=importing.MAX_ROWS)
            else:
                self.table = tabular.read_xlsx(upload, max_rows=importing.MAX_ROWS)
        except tabular.ImportFileError as error:
            raise forms.ValidationError(str(error)) from error
        return upload

    def clean_released_on(self):
        released_on = self.cleaned_data["released_on"]
        if released_on and released_on > timezone.localdate():
            raise forms.ValidationError(
                _("The date the figures were released must be today or in the past")
            )
        return released_on

    def clean(self):
        cleaned = super().clean()
        if (
            self.chosen_provenance() == Provenance.OFFICIAL
            and not cleaned.get("released_on")
            and "released_on" not in self.errors
        ):
            self.add_error("released_on", _("Enter the date the figures were released"))
        return cleaned

    def chosen_provenance(self) -> str:
        if not self.official:
            return Provenance.LOCAL
        return self.cleaned_data.get("provenance", "")

    def details(self) -> dict:
        """What the file is, JSON-friendly, for the session."""
        provenance = self.chosen_provenance()
        released_on = self.cleaned_data.get("released_on")
        return {
            "provenance": provenance,
            "source": self.cleaned_data.get("source")
            or (OFFICIAL_SOURCE if provenance == Provenance.OFFICIAL else LOCAL_SOURCE),
            "released_on": released_on.isoformat() if released_on else "",
        }


class MappingForm(forms.Form):
    """For each field, which of the file's columns holds it; and the file's one indicator when
    no column names it."""

    file_indicator = forms.ModelChoiceField(
        label=gettext_lazy("Indicator of every row (if no column holds it)"),
        queryset=Indicator.objects.all(),
        required=False,
        empty_label=gettext_lazy("A column holds it"),
        error_messages={"invalid_choice": gettext_lazy("Select an indicator")},
    )

    def __init__(self, *args, header: list[str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields.update(tabular.column_fields(header, importing.FIELDS))
        self.order_fields([*importing.FIELD_KEYS, "file_indicator"])
        self.helper = form_helper(
            *(Field.select(item.key) for item in importing.FIELDS),
            Field.select("file_indicator"),
            Button.secondary("preview", _("Preview the import")),
        )

    def clean(self):
        cleaned = super().clean()
        if (
            not cleaned.get("indicator")
            and not cleaned.get("file_indicator")
            and "file_indicator" not in self.errors
        ):
            self.add_error(
                "indicator",
                _("Select the column that holds the indicator, or the indicator of every row"),
            )
        if not cleaned.get("period") and not (
            cleaned.get("period_start") and cleaned.get("period_end")
        ):
            self.add_error(
                "period",
                _("Select the column that holds the period, or those of its start and end"),
            )
        chosen = [index for index in self.columns().values() if index]
        if len(chosen) != len(set(chosen)):
            raise forms.ValidationError(_("Select a different column for each field"))
        return cleaned

    def columns(self) -> dict[str, str]:
        """The chosen column (its index as text, or "") for each field."""
        return {key: self.cleaned_data.get(key, "") for key in importing.FIELD_KEYS}
