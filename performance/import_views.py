"""Importing performance figures: upload a CSV or Excel file (saying whether it is an official
release, its source and release date), map its columns to the fields (each shown with its
first values), preview how many figures would be added, changed and unchanged with the file's
problems grouped by cause, then import all or nothing; and the list of past imports.

Technical staff, the national coordinator and programme coordinators import official releases
and comparators' figures; a service lead, local figures for its own services. 403 for anyone
else."""

import datetime
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from core import tabular
from core.http import posted, require_permission

from . import importing, services
from .import_forms import MappingForm, UploadForm
from .import_rules import IMPORT_FIGURES, IMPORT_OFFICIAL, own_families, own_services

SESSION_PREFIX = "performance_import:"
IMPORTS_PER_PAGE = 25


@login_required
@require_GET
def import_list(request: HttpRequest) -> HttpResponse:
    require_permission(request, IMPORT_FIGURES)
    imports = services.imports_for(user=request.user)
    page = Paginator(imports, IMPORTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "performance/import/list.html", {"page": page, "imports": page})


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest) -> HttpResponse:
    require_permission(request, IMPORT_FIGURES)
    form = UploadForm(
        posted(request),
        request.FILES or None,
        official=request.user.has_perm(IMPORT_OFFICIAL),
    )
    if request.method == "POST" and form.is_valid():
        header, rows = form.table
        token = str(uuid.uuid4())
        request.session[SESSION_PREFIX + token] = {
            "user": request.user.pk,
            "header": header,
            "rows": rows,
            "filename": form.cleaned_data["file"].name,
            **form.details(),
        }
        return redirect("performance_import:map", token=token)
    return render(request, "performance/import/upload.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def import_map(request: HttpRequest, token) -> HttpResponse:
    require_permission(request, IMPORT_FIGURES)
    key = SESSION_PREFIX + str(token)
    stored = request.session.get(key)
    if not stored or stored.get("user") != request.user.pk:
        raise Http404
    header, rows = stored["header"], stored["rows"]
    guessed = importing.guess_mapping(header)
    form = MappingForm(posted(request), header=header, initial=guessed)
    preview = None
    columns = guessed
    released_on = (
        datetime.date.fromisoformat(stored["released_on"]) if stored["released_on"] else None
    )
    if request.method == "POST" and form.is_valid():
        columns = form.columns()
        preview = importing.check(
            rows=rows,
            mapping=columns,
            provenance=stored["provenance"],
            indicator=form.cleaned_data.get("file_indicator"),
            own_services=own_services(request.user),
            families=own_families(request.user),
        )
        if "import" in request.POST and not preview.errors and not preview.adds_nothing:
            try:
                importing.import_release(
                    preview=preview,
                    by=request.user,
                    file_name=stored["filename"],
                    provenance=stored["provenance"],
                    source=stored["source"],
                    released_on=released_on,
                )
            except importing.ChangedSinceError as error:
                preview.errors.append(tabular.Problem(str(error)))
            else:
                del request.session[key]
                messages.success(request, preview.success_message())
                return redirect("performance_import:list")
    return render(
        request,
        "performance/import/map.html",
        {
            "form": form,
            "preview": preview,
            "stored": stored,
            "released_on": released_on,
            "row_count": len(rows),
            "samples": tabular.column_samples(header, rows),
            "unmapped": tabular.unmapped_columns(header, columns),
        },
    )
