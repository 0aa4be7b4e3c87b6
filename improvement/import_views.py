"""Importing into an existing plan: upload a CSV or XLSX file, map its columns to the fields,
preview what will be created (and what is added to items already in the plan) with every
row's errors, then import all or nothing. Only those who may change the plan (404 when they
may not see it, 403 when they only read it)."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
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
        request.session[SESSION_PREFIX + token] = {"plan": plan.pk, "header": header, "rows": rows}
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
    form = MappingForm(posted(request), header=header, initial=importing.guess_mapping(header))
    preview = None
    if request.method == "POST" and form.is_valid():
        preview = importing.check(
            rows=rows,
            mapping=form.cleaned_data,
            plan=plan,
            may_sign_off=request.user.has_perm(SIGN_OFF_PLAN, plan),
        )
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
