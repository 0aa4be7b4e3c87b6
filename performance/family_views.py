"""A programme's comparator families, a section of its set-up: the list, adding one, changing
its name and members, and deleting it (after a confirmation page; its imported figures go with
it). For the programme's coordinators and technical staff: people who coordinate nothing get
403, a programme the person does not coordinate (or another programme's family) 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.models import Programme
from accounts.selectors import last_change, programme_to_set_up
from core.http import posted, require_permission, show_errors

from . import selectors, services
from .family_forms import FamilyForm
from .models import Comparator

SET_UP = "accounts.set_up_programmes"


def _programme(request: HttpRequest, programme_pk: int) -> Programme:
    require_permission(request, SET_UP)
    return programme_to_set_up(user=request.user, pk=programme_pk)


def _crumbs(programme: Programme, *trail: tuple[str, str]) -> list[tuple[str, str]]:
    """Breadcrumbs from the programme's set-up page down to this page (the last, unlinked)."""
    return [
        (programme.name, reverse("programmes:programme", args=[programme.pk])),
        (_("Comparator families"), reverse("performance_families:families", args=[programme.pk])),
        *trail,
    ]


@login_required
@require_http_methods(["GET"])
def family_list(request: HttpRequest, programme_pk: int) -> HttpResponse:
    programme = _programme(request, programme_pk)
    return render(
        request,
        "performance/families/list.html",
        {
            "programme": programme,
            "families": list(selectors.families_of(programme)),
            "crumbs": [
                (programme.name, reverse("programmes:programme", args=[programme.pk])),
                (_("Comparator families"), ""),
            ],
        },
    )


def _family_form(
    request: HttpRequest, programme: Programme, family: Comparator, *, title: str, message: str
) -> HttpResponse:
    button = _("Save changes") if family.pk else _("Add the family")
    form = FamilyForm(
        posted(request),
        initial=FamilyForm.initial_for(family),
        services=selectors.family_member_choices(programme, family),
        button=button,
        creating=family.pk is None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.family_save(
                family=family,
                name=form.cleaned_data["name"],
                members=form.cleaned_data["members"],
                token=form.cleaned_data.get("token"),
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, message % {"name": form.cleaned_data["name"].strip()})
            return redirect("performance_families:families", programme_pk=programme.pk)
    return render(
        request,
        "layout/setup_form.html",
        {
            "programme": programme,
            "family": family,
            "delete_url": reverse(
                "performance_families:family_delete", args=[programme.pk, family.pk]
            )
            if family.pk
            else "",
            "delete_label": _("Delete this comparator family"),
            "form": form,
            "title": title,
            "crumbs": _crumbs(programme, (title, "")),
            "last_change": last_change(record=family) if family.pk else None,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def family_new(request: HttpRequest, programme_pk: int) -> HttpResponse:
    programme = _programme(request, programme_pk)
    return _family_form(
        request,
        programme,
        Comparator(programme=programme),
        title=_("Add a comparator family"),
        message=_("%(name)s has been added."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def family_edit(request: HttpRequest, programme_pk: int, pk: int) -> HttpResponse:
    programme = _programme(request, programme_pk)
    family = selectors.family_to_set_up(programme=programme, pk=pk)
    return _family_form(
        request, programme, family, title=family.name, message=_("%(name)s has been saved.")
    )


@login_required
@require_http_methods(["GET", "POST"])
def family_delete(request: HttpRequest, programme_pk: int, pk: int) -> HttpResponse:
    """Ask before deleting a family (GET), saying its figures go with it, or delete it (POST)."""
    programme = _programme(request, programme_pk)
    family = selectors.family_to_set_up(programme=programme, pk=pk)
    if request.method == "POST":
        name = family.name
        services.family_delete(family=family)
        messages.success(request, _("%(name)s has been deleted.") % {"name": name})
        return redirect("performance_families:families", programme_pk=programme.pk)
    change_url = reverse("performance_families:family", args=[programme.pk, family.pk])
    return render(
        request,
        "performance/families/delete.html",
        {
            "programme": programme,
            "family": family,
            "imported": selectors.family_imported_count(family),
            "change_url": change_url,
            "crumbs": _crumbs(programme, (family.name, change_url), (_("Delete"), "")),
        },
    )
