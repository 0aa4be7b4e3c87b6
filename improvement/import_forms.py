"""The forms of importing into a plan: the file to upload (checked for size and type, and
read into a table as it is cleaned) and which of its columns holds each field, with how to read
it (merged cells, one date for the whole file, split ratings)."""

from crispy_forms_gds.layout import Button, Field, Size
from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import tabular
from core.forms import DateField, form_helper
from core.uploads import CSV, DOCX, XLSX, sniff_content_type

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
            "A CSV, Excel (XLSX) or Word (DOCX) file with a header row (in a Word document, "
            "its first table), smaller than %(size)s MB."
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
        if kind not in (CSV, XLSX, DOCX):
            raise forms.ValidationError(_("The selected file must be a CSV, Excel or Word file"))
        try:
            if kind == CSV:
                self.table = importing.read_csv(upload.read())
            elif kind == DOCX:
                self.table = importing.read_docx(upload)
            else:
                self.table = importing.read_xlsx(upload)
        except importing.ImportFileError as error:
            raise forms.ValidationError(str(error)) from error
        return upload


class MappingForm(forms.Form):
    """For each field, which of the file's columns holds it; whether the file has merged
    cells; one date for the updates with none of their own; and, when the RAG column has
    split ratings ("A/G"), whether to take the better or the worse."""

    merged = forms.TypedChoiceField(
        label=gettext_lazy("Does the file have merged cells?"),
        help_text=gettext_lazy(
            "If it does, a blank cell under a filled one in the columns of an item or an "
            "action takes the value above it."
        ),
        choices=[("yes", gettext_lazy("Yes")), ("no", gettext_lazy("No"))],
        coerce=lambda value: value == "yes",
        # Not answered: no merged cells.
        required=False,
        empty_value=False,
        widget=forms.RadioSelect,
    )
    as_at = DateField(
        what=gettext_lazy("the date of the updates"),
        label=gettext_lazy("Date of the updates (if no column holds it)"),
        help_text=gettext_lazy(
            "The date the file's progress is as at, for every update and every actual value "
            "of a measure with no date of its own. For example, 31 3 2026"
        ),
        required=False,
        require_all_fields=False,
    )
    split = forms.ChoiceField(
        label=gettext_lazy("How should split ratings like A/G be taken?"),
        choices=[
            (importing.SPLIT_WORSE, gettext_lazy("The worse of the two (A/G is amber)")),
            (importing.SPLIT_BETTER, gettext_lazy("The better of the two (A/G is green)")),
        ],
        widget=forms.RadioSelect,
        error_messages={
            "required": gettext_lazy("Select how to take split ratings"),
            "invalid_choice": gettext_lazy("Select how to take split ratings"),
        },
    )

    def __init__(self, *args, header: list[str], rows: list[list[str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields.update(tabular.column_fields(header, importing.FIELDS))
        rag_column = self.data.get("rag", "") if self.is_bound else self.initial.get("rag", "")
        # Asked only when the RAG column has split ratings.
        self.asks_split = importing.has_split_ratings(rows, {"rag": rag_column})
        if not self.asks_split:
            del self.fields["split"]
        self.helper = form_helper(
            *(Field.select(item.key) for item in importing.FIELDS),
            Field.radios("merged", legend_size=Size.SMALL, inline=True),
            Field("as_at"),
            *([Field.radios("split", legend_size=Size.SMALL)] if self.asks_split else []),
            Button.secondary("preview", _("Preview the import")),
        )

    def clean_as_at(self):
        as_at = self.cleaned_data["as_at"]
        if as_at and as_at > timezone.localdate():
            raise forms.ValidationError(_("The date of the updates must be today or in the past"))
        return as_at

    def columns(self) -> dict[str, str]:
        """The chosen column (its index as text, or "") for each field."""
        return {key: self.cleaned_data.get(key, "") for key in importing.FIELD_KEYS}

    def options(self) -> dict:
        """How to read the file, as check takes them."""
        return {
            "merged": bool(self.cleaned_data.get("merged")),
            "as_at": self.cleaned_data.get("as_at"),
            "split": self.cleaned_data.get("split", ""),
        }

    def basis(self) -> dict:
        """What was chosen, JSON-friendly, to tell whether a later submission chose the same."""
        options = self.options()
        as_at = options["as_at"]
        return {
            "columns": self.columns(),
            **options,
            "as_at": as_at.isoformat() if as_at else "",
        }
