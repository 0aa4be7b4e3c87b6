"""A programme's set-up pages for what it offers and plans with: its offers and their team
composition, its key lines of enquiry and golden threads, and its cycles. For the programme's
coordinators and technical staff: people who coordinate nothing get 403, a programme the person
does not coordinate (or a row of another programme) 404. Views fetch through selectors and
change state through services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.models import Programme
from accounts.selectors import last_change, programme_to_set_up
from core.http import posted, require_permission, show_errors

from . import forms, selectors, services
from .enums import EnquiryKind
from .models import Cycle, LineOfEnquiry, ReviewType


def _programme(request: HttpRequest, programme_pk: int) -> Programme:
    require_permission(request, "accounts.set_up_programmes")
    return programme_to_set_up(user=request.user, pk=programme_pk)


def _crumbs(programme: Programme, *trail: tuple[str, str]) -> list[tuple[str, str]]:
    """Breadcrumbs from the programme's set-up page down to this page (the last, unlinked)."""
    return [(programme.name, reverse("programmes:programme", args=[programme.pk])), *trail]


def _may(request: HttpRequest, action: str, obj: models.Model) -> None:
    """403 unless the user may `action` (change, delete) this row: its programme's coordinators."""
    require_permission(request, f"offers.{action}_{obj._meta.model_name}", obj)


def _refresh_seen(form_class, request: HttpRequest, obj: models.Model, **kwargs):
    """The form as sent, carrying the row's current version, after StaleEditError."""
    obj.refresh_from_db(fields=["updated_at"])
    fresh = request.POST.copy()
    fresh["seen"] = services.edit_token(obj)
    form = form_class(fresh, creating=False, **kwargs)
    form.is_valid()
    return form


def _change_context(obj: models.Model) -> dict:
    """What a change page shows about its row: who changed it last, and when."""
    return {"last_change": last_change(record=obj)} if obj.pk else {}


def _delete_page(
    request: HttpRequest,
    *,
    programme: Programme,
    obj: ReviewType | LineOfEnquiry | Cycle,
    delete,
    list_crumb: tuple[str, str],
    thing: str,
    instead: str,
) -> HttpResponse:
    """Ask before deleting `obj` (GET), or delete it (POST) with the service `delete`. A row
    in use is not deleted: the page says what uses it and what to do instead."""
    _may(request, "delete", obj)
    change_url = reverse(f"offers:{list_crumb[2]}", args=[programme.pk, obj.pk])
    if request.method == "POST":
        try:
            delete(obj)
        except services.OffersError as error:
            messages.error(request, str(error))
            return redirect(change_url)
        messages.success(request, _("%(name)s has been deleted.") % {"name": obj.name})
        return redirect(list_crumb[1])
    return render(
        request,
        "offers/delete.html",
        {
            "programme": programme,
            "obj": obj,
            "thing": thing,
            "instead": instead,
            "uses": selectors.uses_of(obj=obj),
            "change_url": change_url,
            "crumbs": _crumbs(
                programme,
                list_crumb[:2],
                (obj.name, change_url),
                (_("Delete"), ""),
            ),
        },
    )


# --- Offers ----------------------------------------------------------------------------------


def _offers_crumb(programme: Programme) -> tuple[str, str, str]:
    return (_("Offers"), reverse("offers:offers", args=[programme.pk]), "offer")


@login_required
@require_http_methods(["GET"])
def offer_list(request: HttpRequest, programme_pk: int) -> HttpResponse:
    """The programme's offers, open and closed, in order, with their team composition."""
    programme = _programme(request, programme_pk)
    return render(
        request,
        "offers/offers.html",
        {
            "programme": programme,
            "offers": list(selectors.offers_to_set_up(programme=programme)),
            "crumbs": _crumbs(programme, (_("Offers"), "")),
        },
    )


def _offer_form(
    request: HttpRequest, programme: Programme, offer: ReviewType, *, title: str, message: str
) -> HttpResponse:
    if request.method == "POST" and forms.ADD_PLACE in request.POST:
        # Another blank place, and nothing checked or saved until the person saves.
        form = forms.OfferForm(
            initial=forms.as_sent(forms.OfferForm, request.POST), creating=offer.pk is None
        )
        places = forms.team_formset_with_another(request.POST)
    else:
        initial = forms.OfferForm.initial_for(offer)
        initial["seen"] = services.edit_token(offer) if offer.pk else ""
        form = forms.OfferForm(posted(request), initial=initial, creating=offer.pk is None)
        places = forms.team_formset(posted(request), offer=offer)
        form_valid, places_valid = form.is_valid(), places.is_valid()
        if request.method == "POST" and form_valid and places_valid:
            fields = dict(form.cleaned_data)
            seen = fields.pop("seen") or None
            try:
                services.offer_save(offer=offer, team=places.places(), seen=seen, **fields)
            except services.StaleEditError as error:
                form = _refresh_seen(forms.OfferForm, request, offer)
                form.add_error(None, error)
            except ValidationError as error:
                show_errors(form, error)
            else:
                messages.success(request, message % {"name": offer.name})
                return redirect("offers:offers", programme_pk=programme.pk)
    return render(
        request,
        "offers/offer_form.html",
        {
            "programme": programme,
            "offer": offer,
            "form": form,
            "places": places,
            "title": title,
            "add_place": forms.ADD_PLACE,
            "has_errors": bool(form.errors or any(places.errors) or places.non_form_errors()),
            "crumbs": _crumbs(programme, _offers_crumb(programme)[:2], (title, "")),
            **_change_context(offer),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def offer_new(request: HttpRequest, programme_pk: int) -> HttpResponse:
    programme = _programme(request, programme_pk)
    return _offer_form(
        request,
        programme,
        ReviewType(programme=programme),
        title=_("Add an offer"),
        message=_("%(name)s has been added to the offers."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def offer_edit(request: HttpRequest, programme_pk: int, pk: int) -> HttpResponse:
    programme = _programme(request, programme_pk)
    offer = selectors.offer_to_set_up(programme=programme, pk=pk)
    _may(request, "change", offer)
    return _offer_form(
        request, programme, offer, title=offer.name, message=_("%(name)s has been saved.")
    )


@login_required
@require_http_methods(["GET", "POST"])
def offer_delete(request: HttpRequest, programme_pk: int, pk: int) -> HttpResponse:
    programme = _programme(request, programme_pk)
    return _delete_page(
        request,
        programme=programme,
        obj=selectors.offer_to_set_up(programme=programme, pk=pk),
        delete=lambda offer: services.offer_delete(offer=offer),
        list_crumb=_offers_crumb(programme),
        thing=_("offer"),
        instead=services.CLOSE_OFFER_INSTEAD,
    )


# --- Key lines of enquiry and golden threads -------------------------------------------------


def _lines_crumb(programme: Programme) -> tuple[str, str, str]:
    return (
        _("Key lines of enquiry and golden threads"),
        reverse("offers:lines", args=[programme.pk]),
        "line",
    )


@login_required
@require_http_methods(["GET"])
def line_list(request: HttpRequest, programme_pk: int) -> HttpResponse:
    """The programme's key lines of enquiry, then its golden threads, each in order."""
    programme = _programme(request, programme_pk)
    lines = selectors.lines_to_set_up(programme=programme)
    return render(
        request,
        "offers/lines.html",
        {
            "programme": programme,
            "kinds": [(kind, lines[kind.value]) for kind in EnquiryKind],
            "crumbs": _crumbs(programme, (_lines_crumb(programme)[0], "")),
        },
    )


def _row_form(
    request: HttpRequest,
    programme: Programme,
    row: LineOfEnquiry | Cycle,
    *,
    form_class,
    save,
    add_button: str,
    done_url: str,
    crumb,
    delete_label: str,
    title: str,
    message: str,
) -> HttpResponse:
    """Add or change a line of enquiry or a cycle: the form, a refusal of a stale save (the
    form keeps what was typed), the model's rules as field errors, then back to the list."""
    button = _("Save changes") if row.pk else add_button
    initial = form_class.initial_for(row)
    initial["seen"] = services.edit_token(row) if row.pk else ""
    form = form_class(posted(request), initial=initial, button=button, creating=row.pk is None)
    if request.method == "POST" and form.is_valid():
        fields = dict(form.cleaned_data)
        seen = fields.pop("seen") or None
        try:
            save(row, seen=seen, **fields)
        except services.StaleEditError as error:
            form = _refresh_seen(form_class, request, row, button=button)
            form.add_error(None, error)
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, message % {"name": row.name})
            return redirect(done_url, programme_pk=programme.pk)
    return _form_page(
        request,
        programme,
        row,
        form=form,
        title=title,
        crumb=crumb,
        delete_label=delete_label if row.pk else "",
    )


def _line_form(
    request: HttpRequest, programme: Programme, line: LineOfEnquiry, *, title: str, message: str
) -> HttpResponse:
    return _row_form(
        request,
        programme,
        line,
        form_class=forms.LineForm,
        save=lambda line, **fields: services.line_save(line=line, **fields),
        add_button=_("Add it"),
        done_url="offers:lines",
        crumb=_lines_crumb(programme),
        delete_label=_("Delete this %(kind)s") % {"kind": line.get_kind_display().lower()},
        title=title,
        message=message,
    )


@login_required
@require_http_methods(["GET", "POST"])
def line_new(request: HttpRequest, programme_pk: int) -> HttpResponse:
    """Add a key line of enquiry or golden thread (`?kind=` chooses which to begin with)."""
    programme = _programme(request, programme_pk)
    kind = request.GET.get("kind", "")
    return _line_form(
        request,
        programme,
        LineOfEnquiry(programme=programme, kind=kind if kind in EnquiryKind.values else ""),
        title=_("Add a key line of enquiry or golden thread"),
        message=_("%(name)s has been added."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def line_edit(request: HttpRequest, programme_pk: int, pk: int) -> HttpResponse:
    programme = _programme(request, programme_pk)
    line = selectors.line_to_set_up(programme=programme, pk=pk)
    _may(request, "change", line)
    return _line_form(
        request, programme, line, title=line.name, message=_("%(name)s has been saved.")
    )


@login_required
@require_http_methods(["GET", "POST"])
def line_delete(request: HttpRequest, programme_pk: int, pk: int) -> HttpResponse:
    programme = _programme(request, programme_pk)
    line = selectors.line_to_set_up(programme=programme, pk=pk)
    return _delete_page(
        request,
        programme=programme,
        obj=line,
        delete=lambda line: services.line_delete(line=line),
        list_crumb=_lines_crumb(programme),
        thing=line.get_kind_display().lower(),
        instead=services.STOP_USING_LINE_INSTEAD,
    )


# --- Cycles ----------------------------------------------------------------------------------


def _cycles_crumb(programme: Programme) -> tuple[str, str, str]:
    return (_("Cycles"), reverse("offers:cycles", args=[programme.pk]), "cycle")


@login_required
@require_http_methods(["GET"])
def cycle_list(request: HttpRequest, programme_pk: int) -> HttpResponse:
    """The programme's cycles, latest first, with what each has to spend."""
    programme = _programme(request, programme_pk)
    return render(
        request,
        "offers/cycles.html",
        {
            "programme": programme,
            "cycles": list(selectors.cycles_to_set_up(programme=programme)),
            "crumbs": _crumbs(programme, (_("Cycles"), "")),
        },
    )


def _cycle_form(
    request: HttpRequest, programme: Programme, cycle: Cycle, *, title: str, message: str
) -> HttpResponse:
    return _row_form(
        request,
        programme,
        cycle,
        form_class=forms.CycleForm,
        save=lambda cycle, **fields: services.cycle_save(cycle=cycle, **fields),
        add_button=_("Add the cycle"),
        done_url="offers:cycles",
        crumb=_cycles_crumb(programme),
        delete_label=_("Delete this cycle"),
        title=title,
        message=message,
    )


@login_required
@require_http_methods(["GET", "POST"])
def cycle_new(request: HttpRequest, programme_pk: int) -> HttpResponse:
    programme = _programme(request, programme_pk)
    return _cycle_form(
        request,
        programme,
        Cycle(programme=programme),
        title=_("Add a cycle"),
        message=_("%(name)s has been added to the cycles."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def cycle_edit(request: HttpRequest, programme_pk: int, pk: int) -> HttpResponse:
    programme = _programme(request, programme_pk)
    cycle = selectors.cycle_to_set_up(programme=programme, pk=pk)
    _may(request, "change", cycle)
    return _cycle_form(
        request, programme, cycle, title=cycle.name, message=_("%(name)s has been saved.")
    )


@login_required
@require_http_methods(["GET", "POST"])
def cycle_delete(request: HttpRequest, programme_pk: int, pk: int) -> HttpResponse:
    programme = _programme(request, programme_pk)
    return _delete_page(
        request,
        programme=programme,
        obj=selectors.cycle_to_set_up(programme=programme, pk=pk),
        delete=lambda cycle: services.cycle_delete(cycle=cycle),
        list_crumb=_cycles_crumb(programme),
        thing=_("cycle"),
        instead=services.CLOSE_CYCLE_INSTEAD,
    )


def _form_page(
    request: HttpRequest,
    programme: Programme,
    obj: LineOfEnquiry | Cycle,
    *,
    form,
    title: str,
    crumb: tuple[str, str, str],
    delete_label: str,
) -> HttpResponse:
    """The add or change page of a line of enquiry or a cycle."""
    return render(
        request,
        "layout/setup_form.html",
        {
            "programme": programme,
            "obj": obj,
            "form": form,
            "title": title,
            "delete_url": reverse(f"offers:{crumb[2]}_delete", args=[programme.pk, obj.pk])
            if obj.pk
            else "",
            "delete_label": delete_label,
            "crumbs": _crumbs(programme, crumb[:2], (title, "")),
            **_change_context(obj),
        },
    )
