"""Pages for applying, tracking and deciding. Views fetch through selectors scoped to the
user, check permissions on the object, and call one service per change."""

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from core.forms import SAVE_DRAFT, error_elsewhere
from core.http import posted, require_permission, show_errors, table_download
from core.spreadsheets import Money
from core.uploads import download_name
from offers.enums import EnquiryKind, PublicationRule
from offers.selectors import lines_in_use

from . import forms, selectors, services
from .enums import EDITABLE_STATES, TRANSITIONS, ApplicationAction, ApplicationState
from .filters import ApplicationFilter
from .models import Application, ApplicationDocument

PAGE_SIZE = 25


# --- The list --------------------------------------------------------------------------------


def _filtered(request: HttpRequest) -> ApplicationFilter:
    require_permission(request, "applications.view_application_list")
    return ApplicationFilter(
        request.GET or None, queryset=selectors.applications_for_user(user=request.user)
    )


@login_required
@require_http_methods(["GET"])
def application_list(request: HttpRequest) -> HttpResponse:
    filterset = _filtered(request)
    page = Paginator(filterset.qs.order_by("-updated_at", "-pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "applications/list.html",
        {
            "filter": filterset,
            "page": page,
            "query": query.urlencode(),
            "can_apply": request.user.has_perm("applications.apply"),
        },
    )


@login_required
@require_http_methods(["GET"])
def application_export(request: HttpRequest, kind: str) -> HttpResponseBase:
    """The filtered list as CSV (streamed) or an Excel workbook, by `kind`."""
    filterset = _filtered(request)
    columns = [
        (_("Reference"), lambda a: a.reference),
        (_("Service"), lambda a: a.organisation.name),
        (_("Region"), lambda a: a.organisation.region.name),
        (_("Programme"), lambda a: a.programme.short_name),
        (_("Offer"), lambda a: a.review_type.name),
        (_("Cycle"), lambda a: a.cycle.name if a.cycle else ""),
        (_("Status"), lambda a: a.get_state_display()),
        (_("Preferred window starts"), lambda a: a.window_starts_on),
        (_("Preferred window ends"), lambda a: a.window_ends_on),
        (_("Reviewer-days requested"), lambda a: a.reviewer_days_requested),
        (_("Funding requested (£)"), lambda a: Money(a.funding_requested)),
        (_("First submitted"), lambda a: a.submitted_at),
        (_("Last changed"), lambda a: a.updated_at),
    ]
    return table_download(
        kind,
        filterset.qs.order_by("pk").iterator(chunk_size=500),
        columns,
        name=f"applications-{timezone.localdate().isoformat()}",
        title=_("Applications"),
    )


# --- Applying --------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def application_new(request: HttpRequest) -> HttpResponse:
    require_permission(request, "applications.apply")
    organisations = list(selectors.organisations_for_applicant(user=request.user))
    if not organisations:
        raise PermissionDenied
    # Offers of the first service (or of the one chosen): the choice is made on one page.
    chosen = next(
        (o for o in organisations if str(o.pk) == request.POST.get("organisation")),
        organisations[0],
    )
    offers = list(selectors.offers_for_organisation(organisation=chosen))
    form = forms.StartForm(
        posted(request),
        organisations=organisations,
        offers=offers,
    )
    if request.method == "POST" and form.is_valid():
        application = services.application_create(
            organisation=form.cleaned_data["organisation"],
            review_type=form.cleaned_data["review_type"],
            by=request.user,
            token=form.cleaned_data["token"],
        )
        return redirect("applications:edit", pk=application.pk, section="focus")
    return render(request, "applications/new.html", {"form": form, "offers": offers})


@dataclass(frozen=True)
class Section:
    slug: str
    title: str
    form_class: type


SECTIONS = [
    Section("offer", gettext_lazy("What you are applying for"), forms.OfferForm),
    Section("focus", gettext_lazy("Key lines of enquiry"), forms.FocusForm),
    Section("context", gettext_lazy("Context and reasons"), forms.ContextForm),
    Section("window", gettext_lazy("Preferred window"), forms.WindowForm),
    Section("publication", gettext_lazy("Publication of the report"), forms.PublicationForm),
    Section("contact", gettext_lazy("Named contact"), forms.ContactForm),
]
SECTION_BY_SLUG = {section.slug: section for section in SECTIONS}


def sections_for(application: Application) -> list[Section]:
    """The question pages this application has: publication only where the service decides."""
    return [
        section
        for section in SECTIONS
        if section.slug != "publication"
        or application.review_type.publication_rule == PublicationRule.SERVICE_DECIDES
    ]


def _editable_application(request: HttpRequest, pk: int) -> Application:
    application = selectors.application_for_user(user=request.user, pk=pk)
    # The state is checked here too: superusers hold every permission, but a submitted
    # application's answers are fixed for them as well.
    if application.state not in EDITABLE_STATES:
        raise PermissionDenied
    require_permission(request, "applications.change_application", application)
    return application


def _section_form(section: Section, application: Application, data, saving_draft: bool):
    kwargs: dict[str, Any] = {}
    if section.form_class is not forms.OfferForm:
        kwargs["saving_draft"] = saving_draft
    if section.slug == "offer":
        kwargs["offers"] = [
            offer
            for offer in selectors.offers_for_organisation(organisation=application.organisation)
            if offer.programme_id == application.programme_id
        ]
        initial = {"review_type": str(application.review_type_id)}
    elif section.slug == "focus":
        kwargs["key_lines"] = lines_in_use(
            kind=EnquiryKind.KEY_LINE, programme_id=application.programme_id
        )
        initial = {
            "lines_of_enquiry": list(application.lines_of_enquiry.all()),
            "other_focus": application.other_focus,
        }
    elif section.slug == "window":
        kwargs["virtual_allowed"] = application.review_type.virtual_allowed
        initial = {
            "window_starts_on": application.window_starts_on,
            "window_ends_on": application.window_ends_on,
            "delivery_mode": application.delivery_mode,
        }
    elif section.slug == "publication":
        consent = application.publication_consent
        initial = {"publication_consent": None if consent is None else ("yes" if consent else "no")}
    else:
        initial = {name: getattr(application, name) for name in section.form_class.base_fields}
    return section.form_class(data, initial=initial, **kwargs)


def _save_section(section: Section, application: Application, data: dict) -> None:
    if section.slug == "offer":
        services.application_change_offer(application=application, review_type=data["review_type"])
    elif section.slug == "focus":
        services.application_update_focus(
            application=application,
            lines_of_enquiry=list(data["lines_of_enquiry"]),
            other_focus=data["other_focus"],
        )
    elif section.slug == "window":
        if data["window_starts_on"] or data["window_ends_on"]:
            if not (data["window_starts_on"] and data["window_ends_on"]):
                missing = "window_ends_on" if data["window_starts_on"] else "window_starts_on"
                raise ValidationError({missing: _("Enter both dates of the window")})
            services.application_update_window(
                application=application,
                window_starts_on=data["window_starts_on"],
                window_ends_on=data["window_ends_on"],
                delivery_mode=data.get("delivery_mode", ""),
            )
    else:
        services.application_update_answers(application=application, **data)


def _next_url(application: Application, section: Section) -> str:
    slugs = [s.slug for s in sections_for(application)]
    index = slugs.index(section.slug) if section.slug in slugs else len(slugs) - 1
    if index + 1 < len(slugs):
        return reverse("applications:edit", args=[application.pk, slugs[index + 1]])
    return reverse("applications:documents", args=[application.pk])


@login_required
@require_http_methods(["GET", "POST"])
def application_edit(request: HttpRequest, pk: int, section: str) -> HttpResponse:
    application = _editable_application(request, pk)
    current = SECTION_BY_SLUG.get(section)
    if current is None or current not in sections_for(application):
        raise Http404
    saving_draft = SAVE_DRAFT in request.POST
    form = _section_form(current, application, posted(request), saving_draft)
    if request.method == "POST" and form.is_valid():
        try:
            _save_section(current, application, form.cleaned_data)
        except ValidationError as error:
            show_errors(form, error)
        except services.ApplicationError as error:
            form.add_error(None, str(error))
        else:
            if saving_draft:
                messages.success(
                    request,
                    _("Your answers have been saved. You can come back to the application later."),
                )
                return redirect(application)
            return redirect(_next_url(application, current))
    return render(
        request,
        "applications/question.html",
        {"form": form, "application": application, "section": current},
    )


@login_required
@require_http_methods(["GET", "POST"])
def application_documents(request: HttpRequest, pk: int) -> HttpResponse:
    """The supporting documents: a list, and a form to add one."""
    application = selectors.application_for_user(user=request.user, pk=pk)
    can_change = request.user.has_perm("applications.change_application", application)
    if request.method == "POST" and not can_change:
        raise PermissionDenied
    limit_mb = settings.APPLICATION_UPLOAD_MAX_BYTES // 2**20
    form = forms.DocumentForm(
        posted(request), request.FILES if request.method == "POST" else None, limit_mb=limit_mb
    )
    if request.method == "POST" and form.is_valid():
        try:
            document = services.application_add_document(
                application=application,
                by=request.user,
                kind=form.cleaned_data["kind"],
                upload=form.cleaned_data["file"],
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(
                request, _("%(name)s has been uploaded.") % {"name": document.original_name}
            )
            return redirect("applications:documents", pk=application.pk)
    return render(
        request,
        "applications/documents.html",
        {
            "application": application,
            "documents": application.documents.select_related("uploaded_by"),
            "form": form if can_change else None,
            "can_change": can_change,
        },
    )


def _document(request: HttpRequest, pk: int, document_pk: int) -> ApplicationDocument:
    application = selectors.application_for_user(user=request.user, pk=pk)
    return get_object_or_404(application.documents, pk=document_pk)


@login_required
@require_http_methods(["GET"])
def document_download(request: HttpRequest, pk: int, document_pk: int) -> FileResponse:
    document = _document(request, pk, document_pk)
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=download_name(document.original_name, document.content_type),
        content_type=document.content_type,
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def document_remove(request: HttpRequest, pk: int, document_pk: int) -> HttpResponse:
    document = _document(request, pk, document_pk)
    require_permission(request, "applications.change_application", document.application)
    if request.method == "POST":
        services.application_remove_document(document=document)
        messages.success(
            request, _("%(name)s has been removed.") % {"name": document.original_name}
        )
        return redirect("applications:documents", pk=pk)
    return render(request, "applications/document_remove.html", {"document": document})


# --- Tracking and the lifecycle --------------------------------------------------------------


def _answers_context(request: HttpRequest, application: Application) -> dict[str, Any]:
    return {
        "application": application,
        "sections": sections_for(application),
        "lines_of_enquiry": list(application.lines_of_enquiry.all()),
        "golden_threads": lines_in_use(
            kind=EnquiryKind.GOLDEN_THREAD, programme_id=application.programme_id
        ),
        "documents": application.documents.all(),
        "can_change": request.user.has_perm("applications.change_application", application),
        "missing": selectors.missing_answers(application=application),
    }


@login_required
@require_http_methods(["GET"])
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_for_user(user=request.user, pk=pk)
    actions = services.available_actions(user=request.user, application=application)
    decisions = list(selectors.decisions_for(application=application))
    # The standing decision, which the board may amend or rescind.
    standing = (
        decisions[-1]
        if decisions
        and request.user.has_perm("applications.decide", decisions[-1].agenda_item.meeting)
        and selectors.change_refusal(decision=decisions[-1], decisions=decisions) is None
        else None
    )
    events = list(selectors.events_for(application=application))
    return render(
        request,
        "applications/detail.html",
        {
            **_answers_context(request, application),
            "events": events,
            # The coordinator's latest request for more information, which the page links to
            # in the history while the service is to answer it.
            "information_request": next(
                (
                    event
                    for event in reversed(events)
                    if event.action == ApplicationAction.REQUEST_INFORMATION
                ),
                None,
            )
            if application.state == ApplicationState.MORE_INFORMATION
            else None,
            "decisions": decisions,
            "standing": standing,
            "actions": set(actions),
            "next_meeting": (
                selectors.next_meeting_for(application=application, user=request.user)
                if ApplicationAction.PLACE_ON_AGENDA in actions
                else None
            ),
            "ApplicationAction": ApplicationAction,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def application_check(request: HttpRequest, pk: int) -> HttpResponse:
    """Check your answers, then submit (or, after a request for more information, answer
    the coordinator and submit again)."""
    application = selectors.application_for_user(user=request.user, pk=pk)
    if not request.user.has_perm("applications.change_application", application):
        if request.user.has_perm("applications.withdraw_application", application):
            # Sent twice (a double click): the first submission stands, nothing is repeated.
            messages.info(request, _("This application has already been submitted."))
            return redirect(application)
        raise PermissionDenied
    resubmitting = application.state == ApplicationState.MORE_INFORMATION
    action = ApplicationAction.RESUBMIT if resubmitting else ApplicationAction.SUBMIT
    form = forms.ReasonForm(
        posted(request),
        label=TRANSITIONS[action].reason_label or _("Anything to add (optional)"),
        button=_("Submit again") if resubmitting else _("Submit application"),
        required=resubmitting,
        required_message=TRANSITIONS[action].reason_missing,
    )
    context = _answers_context(request, application)
    if request.method == "POST" and form.is_valid():
        if context["missing"]:
            # Each error links to the question that answers it, on its own page.
            for missing in context["missing"]:
                question = reverse("applications:edit", args=[application.pk, missing.section])
                form.add_error(
                    None, error_elsewhere(missing.message, f"{question}#{missing.field}")
                )
        else:
            try:
                services.application_transition(
                    application=application,
                    action=action,
                    by=request.user,
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as error:
                show_errors(form, error)
            except services.ApplicationError as error:
                form.add_error(None, str(error))
            else:
                return redirect("applications:submitted", pk=application.pk)
    latest_request = (
        application.events.filter(action=ApplicationAction.REQUEST_INFORMATION)
        .order_by("-pk")
        .first()
        if resubmitting
        else None
    )
    return render(
        request,
        "applications/check.html",
        {**context, "form": form, "latest_request": latest_request},
    )


@login_required
@require_http_methods(["GET", "POST"])
def application_submitted(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_for_user(user=request.user, pk=pk)
    if application.state != ApplicationState.SUBMITTED:
        return redirect(application)
    return render(request, "applications/submitted.html", {"application": application})


def _transition_page(
    request: HttpRequest,
    application: Application,
    *,
    action: ApplicationAction,
    template: str,
    **labels,
) -> HttpResponse:
    form = forms.ReasonForm(posted(request), **labels)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_transition(
                application=application,
                action=action,
                by=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            show_errors(form, error)
        except services.ApplicationError as error:
            messages.error(request, str(error))
            return redirect(application)
        else:
            messages.success(request, str(action.label))
            return redirect(application)
    return render(request, template, {"form": form, "application": application})


@login_required
@require_http_methods(["GET", "POST"])
def application_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_for_user(user=request.user, pk=pk)
    require_permission(request, "applications.withdraw_application", application)
    if ApplicationAction.WITHDRAW not in services.available_actions(
        user=request.user, application=application
    ):
        messages.error(request, _("This application can no longer be withdrawn."))
        return redirect(application)
    return _transition_page(
        request,
        application,
        action=ApplicationAction.WITHDRAW,
        template="applications/withdraw.html",
        label=TRANSITIONS[ApplicationAction.WITHDRAW].reason_label,
        required_message=TRANSITIONS[ApplicationAction.WITHDRAW].reason_missing,
        button=_("Withdraw application"),
        warning=True,
    )


@login_required
@require_http_methods(["GET", "POST"])
def application_request_information(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_for_user(user=request.user, pk=pk)
    require_permission(request, "applications.request_information", application)
    return _transition_page(
        request,
        application,
        action=ApplicationAction.REQUEST_INFORMATION,
        template="applications/request_information.html",
        label=TRANSITIONS[ApplicationAction.REQUEST_INFORMATION].reason_label,
        required_message=TRANSITIONS[ApplicationAction.REQUEST_INFORMATION].reason_missing,
        button=_("Send the request"),
    )
