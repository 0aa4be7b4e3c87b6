"""The programme set-up pages (`/programmes/`): a coordinator sets up and runs their own
programmes here, in the service's own design: its details, its people and their roles, and
its member organisations with their service leads. Other apps add their sections to each
programme's page (accounts.setup). Technical staff use the admin; coordinators never do.

Every page asks for `accounts.set_up_programmes` (403 for people who coordinate nothing) and
fetches the programme through `selectors.programme_to_set_up` (404 for another programme's)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.http import posted, require_permission, show_errors

from . import selectors, services
from . import setup_forms as forms
from .enums import Role
from .models import Membership, Programme, User
from .rules import may_start_programmes
from .setup import setup_links

PERMISSION = "accounts.set_up_programmes"
ORGANISATIONS_PER_PAGE = 50
PROGRAMME_ROLES = [Role.COORDINATOR, Role.BOARD_MEMBER]
ORGANISATION_ROLES = [Role.SERVICE_LEAD, Role.IMPROVEMENT_BOARD]


def _programme(request: HttpRequest, pk: int) -> Programme:
    require_permission(request, PERMISSION)
    return selectors.programme_to_set_up(user=request.user, pk=pk)


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")


# --- Programmes --------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET"])
def programme_list(request: HttpRequest) -> HttpResponse:
    require_permission(request, PERMISSION)
    return render(
        request,
        "accounts/setup/programmes.html",
        {
            "programmes": selectors.programmes_coordinated(user=request.user).select_related(
                "region"
            ),
            "may_start": may_start_programmes(request.user),
        },
    )


def _programme_initial(programme: Programme) -> dict:
    return {
        "name": programme.name,
        "short_name": programme.short_name,
        "scope": programme.scope,
        "region": programme.region_id,
        "description": programme.description,
        "contact_email": programme.contact_email,
        "is_active": "yes" if programme.is_active else "no",
    }


@login_required
@require_http_methods(["GET", "POST"])
def programme_new(request: HttpRequest) -> HttpResponse:
    require_permission(request, "accounts.add_programme")
    form = forms.ProgrammeForm(posted(request), button=_("Start the programme"), editing=False)
    if request.method == "POST" and form.is_valid():
        try:
            programme = services.programme_create(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(
                request,
                _("%(programme)s has been started. Now add its people and offers.")
                % {"programme": programme.short_name},
            )
            return redirect("programmes:programme", pk=programme.pk)
    return render(request, "accounts/setup/programme_form.html", {"form": form})


@login_required
@require_http_methods(["GET"])
def programme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    programme = _programme(request, pk)
    return render(
        request,
        "accounts/setup/programme.html",
        {
            "programme": programme,
            "sections": setup_links(programme.pk),
            "last_change": selectors.last_change(record=programme),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def programme_edit(request: HttpRequest, pk: int) -> HttpResponse:
    programme = _programme(request, pk)
    require_permission(request, "accounts.change_programme", programme)
    form = forms.ProgrammeForm(
        posted(request),
        initial=_programme_initial(programme),
        button=_("Save changes"),
        editing=True,
    )
    if request.method == "POST" and form.is_valid():
        try:
            fields = {k: v for k, v in form.cleaned_data.items() if k != "token"}
            services.programme_update(programme=programme, **fields)
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("The programme's details have been changed."))
            return redirect("programmes:programme", pk=programme.pk)
    return render(
        request, "accounts/setup/programme_form.html", {"form": form, "programme": programme}
    )


# --- People and their roles --------------------------------------------------------------------


@login_required
@require_http_methods(["GET"])
def people(request: HttpRequest, programme_pk: int) -> HttpResponse:
    programme = _programme(request, programme_pk)
    return render(
        request,
        "accounts/setup/people.html",
        {
            "programme": programme,
            "team": selectors.programme_team(programme=programme),
            "reviewers": selectors.reviewer_count(programme=programme),
        },
    )


def _grant(request: HttpRequest, form, **where) -> Membership | None:
    """Give the role the form asks for; None (with the errors on the form) when refused."""
    if not form.is_valid():
        return None
    data = form.cleaned_data
    if not User.objects.filter(email__iexact=data["email"]).exists():
        form.needs_name()
        if form.errors:
            return None
    try:
        membership, created = services.role_grant(
            by=request.user,
            role=Role(data["role"]),
            email=data["email"],
            full_name=data["full_name"],
            job_title=data["job_title"],
            base_url=_base_url(request),
            token=data["token"],
            **where,
        )
    except ValidationError as error:
        show_errors(form, error)
        return None
    if created:
        messages.success(
            request,
            _(
                "%(person)s has been added as %(role)s. We have emailed them a link to choose "
                "a password."
            )
            % {"person": membership.user, "role": membership.get_role_display().lower()},
        )
    else:
        messages.success(
            request,
            _("%(person)s is now %(role)s. We have emailed them to say so.")
            % {"person": membership.user, "role": membership.get_role_display().lower()},
        )
    return membership


@login_required
@require_http_methods(["GET", "POST"])
def person_add(request: HttpRequest, programme_pk: int) -> HttpResponse:
    programme = _programme(request, programme_pk)
    form = forms.RoleGrantForm(posted(request), roles=PROGRAMME_ROLES, button=_("Give the role"))
    if request.method == "POST" and _grant(request, form, programme=programme):
        return redirect("programmes:people", programme_pk=programme.pk)
    return render(request, "accounts/setup/role_grant.html", {"form": form, "programme": programme})


@login_required
@require_http_methods(["GET"])
def person(request: HttpRequest, programme_pk: int, pk: int) -> HttpResponse:
    programme = _programme(request, programme_pk)
    someone = selectors.person_in_programme(programme=programme, pk=pk)
    roles = someone.memberships.filter(programme=programme).order_by("role")
    return render(
        request,
        "accounts/setup/person.html",
        {
            "programme": programme,
            "person": someone,
            "roles": [
                (membership, request.user.has_perm("accounts.delete_membership", membership))
                for membership in roles
            ],
            "can_change": request.user.has_perm("accounts.change_user", someone),
            "last_change": selectors.last_change(record=someone),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def person_edit(request: HttpRequest, programme_pk: int, pk: int) -> HttpResponse:
    programme = _programme(request, programme_pk)
    someone = selectors.person_in_programme(programme=programme, pk=pk)
    require_permission(request, "accounts.change_user", someone)
    form = forms.PersonForm(
        posted(request),
        initial={
            "full_name": someone.full_name,
            "job_title": someone.job_title,
            "phone": someone.phone,
            "is_active": "yes" if someone.is_active else "no",
        },
    )
    if request.method == "POST" and form.is_valid():
        if someone.pk == request.user.pk and not form.cleaned_data["is_active"]:
            form.add_error("is_active", _("You cannot stop yourself signing in"))
        else:
            services.person_update(person=someone, **form.cleaned_data)
            messages.success(request, _("Their details have been changed."))
            return redirect("programmes:person", programme_pk=programme.pk, pk=someone.pk)
    return render(
        request,
        "accounts/setup/person_form.html",
        {"form": form, "programme": programme, "person": someone},
    )


def _take_away(request: HttpRequest, membership: Membership, *, back: str, template_context):
    require_permission(request, "accounts.delete_membership", membership)
    error = ""
    if request.method == "POST":
        try:
            services.role_take_away(membership=membership, by=request.user)
        except ValidationError as refusal:
            error = " ".join(refusal.messages)
        else:
            messages.success(
                request,
                _("%(person)s is no longer %(role)s.")
                % {"person": membership.user, "role": membership.get_role_display().lower()},
            )
            return redirect(back)
    return render(
        request,
        "accounts/setup/role_remove.html",
        {**template_context, "membership": membership, "back": back, "error": error},
    )


@login_required
@require_http_methods(["GET", "POST"])
def role_remove(request: HttpRequest, programme_pk: int, pk: int) -> HttpResponse:
    programme = _programme(request, programme_pk)
    membership = get_object_or_404(
        Membership.objects.select_related("user", "programme"), programme=programme, pk=pk
    )
    return _take_away(
        request,
        membership,
        back=reverse("programmes:people", kwargs={"programme_pk": programme.pk}),
        template_context={"programme": programme},
    )


# --- Member organisations and their service roles -------------------------------------------


@login_required
@require_http_methods(["GET"])
def organisations(request: HttpRequest, programme_pk: int) -> HttpResponse:
    programme = _programme(request, programme_pk)
    page = Paginator(
        selectors.member_organisations(programme=programme), ORGANISATIONS_PER_PAGE
    ).get_page(request.GET.get("page"))
    return render(
        request, "accounts/setup/organisations.html", {"programme": programme, "page": page}
    )


@login_required
@require_http_methods(["GET", "POST"])
def organisation_add(request: HttpRequest, programme_pk: int) -> HttpResponse:
    programme = _programme(request, programme_pk)
    form = forms.MemberChoiceForm(
        posted(request), organisations=selectors.organisations_to_add(programme=programme)
    )
    if request.method == "POST" and form.is_valid():
        organisation = form.cleaned_data["organisation"]
        services.member_organisation_add(
            programme=programme, organisation=organisation, by=request.user
        )
        messages.success(
            request,
            _("%(organisation)s is now a member of the programme.")
            % {"organisation": organisation},
        )
        return redirect("programmes:organisations", programme_pk=programme.pk)
    return render(
        request, "accounts/setup/organisation_add.html", {"form": form, "programme": programme}
    )


def _organisation_initial(organisation) -> dict:
    return {
        "name": organisation.name,
        "kind": organisation.kind,
        "region": organisation.region_id,
        "email": organisation.email,
        "is_active": "yes" if organisation.is_active else "no",
    }


@login_required
@require_http_methods(["GET", "POST"])
def organisation_new(request: HttpRequest, programme_pk: int) -> HttpResponse:
    programme = _programme(request, programme_pk)
    require_permission(request, "accounts.add_organisation")
    form = forms.OrganisationForm(posted(request), button=_("Add the organisation"), editing=False)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = services.member_organisation_create(
                programme=programme, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(
                request,
                _("%(organisation)s has been added as a member of the programme.")
                % {"organisation": organisation},
            )
            return redirect(
                "programmes:organisation", programme_pk=programme.pk, pk=organisation.pk
            )
    return render(
        request,
        "accounts/setup/organisation_form.html",
        {"form": form, "programme": programme},
    )


@login_required
@require_http_methods(["GET"])
def organisation(request: HttpRequest, programme_pk: int, pk: int) -> HttpResponse:
    programme = _programme(request, programme_pk)
    link = selectors.member_organisation(programme=programme, organisation_pk=pk)
    people = selectors.organisation_people(organisation=link.organisation)
    return render(
        request,
        "accounts/setup/organisation.html",
        {
            "programme": programme,
            "link": link,
            "organisation": link.organisation,
            "people": [
                (membership, request.user.has_perm("accounts.delete_membership", membership))
                for membership in people
            ],
            "can_change": request.user.has_perm("accounts.change_organisation", link.organisation),
            "last_change": selectors.last_change(record=link.organisation),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def organisation_edit(request: HttpRequest, programme_pk: int, pk: int) -> HttpResponse:
    programme = _programme(request, programme_pk)
    link = selectors.member_organisation(programme=programme, organisation_pk=pk)
    require_permission(request, "accounts.change_organisation", link.organisation)
    form = forms.OrganisationForm(
        posted(request),
        initial=_organisation_initial(link.organisation),
        button=_("Save changes"),
        editing=True,
    )
    if request.method == "POST" and form.is_valid():
        try:
            fields = {k: v for k, v in form.cleaned_data.items() if k != "token"}
            services.organisation_update(organisation=link.organisation, **fields)
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("The organisation's record has been changed."))
            return redirect("programmes:organisation", programme_pk=programme.pk, pk=pk)
    return render(
        request,
        "accounts/setup/organisation_form.html",
        {"form": form, "programme": programme, "organisation": link.organisation},
    )


@login_required
@require_http_methods(["GET", "POST"])
def organisation_remove(request: HttpRequest, programme_pk: int, pk: int) -> HttpResponse:
    programme = _programme(request, programme_pk)
    link = selectors.member_organisation(programme=programme, organisation_pk=pk)
    if request.method == "POST":
        services.member_organisation_remove(link=link)
        messages.success(
            request,
            _("%(organisation)s is no longer a member of the programme.")
            % {"organisation": link.organisation},
        )
        return redirect("programmes:organisations", programme_pk=programme.pk)
    return render(
        request,
        "accounts/setup/organisation_remove.html",
        {"programme": programme, "organisation": link.organisation},
    )


@login_required
@require_http_methods(["GET", "POST"])
def organisation_person_add(request: HttpRequest, programme_pk: int, pk: int) -> HttpResponse:
    programme = _programme(request, programme_pk)
    link = selectors.member_organisation(programme=programme, organisation_pk=pk)
    form = forms.RoleGrantForm(posted(request), roles=ORGANISATION_ROLES, button=_("Give the role"))
    if request.method == "POST" and _grant(request, form, organisation=link.organisation):
        return redirect("programmes:organisation", programme_pk=programme.pk, pk=pk)
    return render(
        request,
        "accounts/setup/role_grant.html",
        {"form": form, "programme": programme, "organisation": link.organisation},
    )


@login_required
@require_http_methods(["GET", "POST"])
def organisation_role_remove(
    request: HttpRequest, programme_pk: int, pk: int, membership_pk: int
) -> HttpResponse:
    programme = _programme(request, programme_pk)
    link = selectors.member_organisation(programme=programme, organisation_pk=pk)
    membership = get_object_or_404(
        Membership.objects.select_related("user", "organisation"),
        organisation=link.organisation,
        pk=membership_pk,
    )
    return _take_away(
        request,
        membership,
        back=reverse("programmes:organisation", kwargs={"programme_pk": programme.pk, "pk": pk}),
        template_context={"programme": programme, "organisation": link.organisation},
    )
