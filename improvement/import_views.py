"""Importing into an existing plan: upload a CSV or XLSX file, map its columns to the fields,
preview what will be created (and what is added to items already in the plan) with every
row's errors, then import all or nothing. Only those who may change the plan (404 when they
may not see it, 403 when they only read it)."""

import uuid

from crispy_forms_gds.layout import Button, Field
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from core.forms import form_helper
from core.http import posted, require_permission
from core.uploads import CSV, XLSX, sniff_content_type

from . import importing
from .views import CHANGE, _plan

SESSION_PREFIX = "improvement_import:"


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


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    require_permission(request, CHANGE, plan)
    form = UploadForm(posted(request), request.FILES or None)
    if request.method == "POST" and form.is_valid():
        header, rows = form.table
        token = str(uuid.uuid4())
        request.session[SESSION_PREFIX + token] = {"plan": plan.pk, "header": header, "rows": rows}
        return redirect("improvement:import_map", pk=plan.pk, token=token)
    return render(request, "improvement/import_upload.html", {"plan": plan, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def import_map(request: HttpRequest, pk: int, token) -> HttpResponse:
    plan = _plan(request, pk)
    require_permission(request, CHANGE, plan)
    key = SESSION_PREFIX + str(token)
    stored = request.session.get(key)
    if not stored or stored.get("plan") != plan.pk:
        raise Http404
    header, rows = stored["header"], stored["rows"]
    form = MappingForm(posted(request), header=header, initial=importing.guess_mapping(header))
    preview = None
    if request.method == "POST" and form.is_valid():
        preview = importing.check(rows=rows, mapping=form.cleaned_data, plan=plan)
        basis = stored.get("basis")
        # What the person saw: the plan may have changed since (compared only when the
        # columns are matched as they were for that preview).
        if (
            "import" in request.POST
            and not preview.errors
            and basis
            and basis["mapping"] == form.cleaned_data
        ):
            preview.errors += importing.changes_since(preview, basis["items"])
        if "import" in request.POST and not preview.errors and not preview.adds_nothing:
            try:
                importing.import_into(plan=plan, preview=preview, by=request.user)
            except importing.AlreadyInPlanError as error:
                recommendations, actions = error.args
                if recommendations:
                    preview.errors.append(
                        _(
                            "The plan already has recommendations %(references)s: nothing was "
                            "imported"
                        )
                        % {"references": ", ".join(recommendations)}
                    )
                if actions:
                    preview.errors.append(
                        _("The plan already has actions %(references)s: nothing was imported")
                        % {"references": ", ".join(actions)}
                    )
            except importing.GoneFromPlanError as error:
                preview.errors += error.args[0]
            else:
                del request.session[key]
                messages.success(request, preview.success_message())
                return redirect("improvement:plan", pk=plan.pk)
        if not preview.errors:
            stored["basis"] = {"mapping": form.cleaned_data, "items": preview.basis()}
            request.session[key] = stored
    return render(
        request,
        "improvement/import_map.html",
        {"plan": plan, "form": form, "preview": preview, "row_count": len(rows)},
    )
