"""Importing into an existing plan: upload a CSV, XLSX or DOCX file, map its columns to the
fields (each shown with its first values), say how to read it, preview what will be created
(and what is added to items already in the plan) with the file's problems grouped by cause,
then import all or nothing. Only those who may change the plan (404 when they may not see it,
403 when they only read it).

Undoing an import: whoever made it, after a confirmation page, while nothing has been added on
top of it (importing.undo_blocker); 403 for anyone else who may change the plan."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.http import posted, require_permission

from . import importing, selectors
from .import_forms import MappingForm, UploadForm
from .rules import CHANGE_PLAN, SIGN_OFF_PLAN

SESSION_PREFIX = "improvement_import:"


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_for_user(user=request.user, pk=pk)
    require_permission(request, CHANGE_PLAN, plan)
    form = UploadForm(posted(request), request.FILES or None)
    if request.method == "POST" and form.is_valid():
        header, rows = form.table
        token = str(uuid.uuid4())
        request.session[SESSION_PREFIX + token] = {
            "plan": plan.pk,
            "header": header,
            "rows": rows,
            "filename": form.cleaned_data["file"].name,
        }
        return redirect("improvement:import_map", pk=plan.pk, token=token)
    return render(request, "improvement/import_upload.html", {"plan": plan, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def import_map(request: HttpRequest, pk: int, token) -> HttpResponse:
    plan = selectors.plan_for_user(user=request.user, pk=pk)
    require_permission(request, CHANGE_PLAN, plan)
    key = SESSION_PREFIX + str(token)
    stored = request.session.get(key)
    if not stored or stored.get("plan") != plan.pk:
        raise Http404
    header, rows = stored["header"], stored["rows"]
    guessed = importing.guess_mapping(header)
    form = MappingForm(
        posted(request), header=header, rows=rows, initial={**guessed, "merged": "no"}
    )
    preview = None
    columns = guessed
    if request.method == "POST" and form.is_valid():
        columns = form.columns()
        preview = importing.check(
            rows=rows,
            mapping=columns,
            plan=plan,
            may_sign_off=request.user.has_perm(SIGN_OFF_PLAN, plan),
            **form.options(),
        )
        basis = stored.get("basis")
        # What the person saw: the plan may have changed since (compared only when the
        # file is read as it was for that preview).
        if (
            "import" in request.POST
            and not preview.errors
            and basis
            and basis["mapping"] == form.basis()
        ):
            preview.errors += [
                importing.Problem(message)
                for message in importing.changes_since(preview, basis["items"])
            ]
        if "import" in request.POST and not preview.errors and not preview.adds_nothing:
            try:
                importing.import_into(
                    plan=plan,
                    preview=preview,
                    by=request.user,
                    filename=stored.get("filename", ""),
                )
            except importing.AlreadyInPlanError as error:
                recommendations, actions = error.args
                if recommendations:
                    preview.errors.append(
                        importing.Problem(
                            _(
                                "The plan already has recommendations %(references)s: nothing "
                                "was imported"
                            )
                            % {"references": ", ".join(recommendations)}
                        )
                    )
                if actions:
                    preview.errors.append(
                        importing.Problem(
                            _("The plan already has actions %(references)s: nothing was imported")
                            % {"references": ", ".join(actions)}
                        )
                    )
            except importing.GoneFromPlanError as error:
                preview.errors += [importing.Problem(message) for message in error.args[0]]
            else:
                del request.session[key]
                messages.success(request, preview.success_message())
                return redirect("improvement:plan", pk=plan.pk)
        if not preview.errors:
            stored["basis"] = {"mapping": form.basis(), "items": preview.basis()}
            request.session[key] = stored
    return render(
        request,
        "improvement/import_map.html",
        {
            "plan": plan,
            "form": form,
            "preview": preview,
            "row_count": len(rows),
            "samples": importing.column_samples(header, rows),
            "unmapped": importing.unmapped_columns(header, columns),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def import_undo(request: HttpRequest, pk: int, batch_pk: int) -> HttpResponse:
    """Are you sure: then undo the import (everything it created is deleted)."""
    plan = selectors.plan_for_user(user=request.user, pk=pk)
    require_permission(request, CHANGE_PLAN, plan)
    batch = get_object_or_404(plan.imports.select_related("by"), pk=batch_pk)
    if batch.by_id != request.user.pk:
        raise PermissionDenied
    blocker = importing.undo_blocker(batch)
    if request.method == "POST" and blocker is None:
        try:
            importing.import_undo(batch=batch, by=request.user)
        except ValidationError as error:
            # Something was added on top of it since the page was shown.
            blocker = " ".join(error.messages)
        else:
            messages.success(
                request,
                _("The import of %(file)s is undone: everything it added is deleted.")
                % {"file": batch.filename or _("the file")},
            )
            return redirect("improvement:plan", pk=plan.pk)
    return render(
        request,
        "improvement/import_undo.html",
        {
            "plan": plan,
            "batch": batch,
            "blocker": blocker,
            "corrections": importing.corrections_since(batch) if blocker is None else 0,
        },
    )
