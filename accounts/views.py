from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods

from core.http import posted

from . import forms, services
from .selectors import (
    memberships_for_user,
    programmes_published,
    start_requests_for,
    start_sections_for,
)


@require_GET
def start(request: HttpRequest) -> HttpResponse:
    """The service's start page ("/"): anonymous visitors learn what the service is, which
    programmes use it and how to join a reviewer pool; signed-in people get their task list, a
    section for each role, and where the requests they have made stand."""
    if request.user.is_authenticated:
        return render(
            request,
            "accounts/start_signed_in.html",
            {
                "sections": start_sections_for(user=request.user),
                "requests": start_requests_for(user=request.user),
            },
        )
    return render(request, "accounts/start.html", {"programmes": programmes_published()})


class SignInView(auth_views.LoginView):
    form_class = forms.SignInForm
    template_name = "accounts/sign_in.html"
    redirect_authenticated_user = True


class SignOutView(auth_views.LogoutView):
    """Sign out (POST only, as Django requires) and say so on the start page."""

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = super().post(request, *args, **kwargs)
        messages.success(request, _("You have signed out."))
        return response


class PasswordResetView(auth_views.PasswordResetView):
    """Asks for the address and says a link is on its way; the form queues the email (see
    forms.PasswordResetRequestForm.save), whose templates are accounts/email/password_reset*."""

    form_class = forms.PasswordResetRequestForm
    template_name = "accounts/password_reset.html"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = forms.NewPasswordForm
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


# Where a new account goes once confirmed; kept in the session between the pages.
_AFTER_ACTIVATION = "accounts_after_activation"


def _page_on_this_site(request: HttpRequest, url: str | None) -> str:
    """`url` if it is a path on this site, else "": a `next` address from a link or a form
    never sends anyone to another site."""
    url = url or ""
    on_this_site = url.startswith("/") and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return url if on_this_site else ""


@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    """Create an account (for someone joining a reviewer pool), confirmed by email. The page
    the person set out for (`next`) goes with them: in this browser's session, and in the
    link the email carries, for when they open it somewhere else."""
    next_url = _page_on_this_site(request, request.GET.get("next") or request.POST.get("next"))
    if request.user.is_authenticated:
        return redirect(next_url or "start")
    form = forms.RegisterForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.user_register(
            **form.cleaned_data, base_url=request.build_absolute_uri("/"), next_path=next_url
        )
        request.session[_AFTER_ACTIVATION] = next_url
        return redirect("accounts:register_sent")
    return render(request, "accounts/register.html", {"form": form, "next": next_url})


@require_http_methods(["GET"])
def register_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/register_sent.html")


class ActivateView(auth_views.PasswordResetConfirmView):
    """The link in the confirmation email: choose a password, and the account is active and
    signed in, on the page the person set out for."""

    form_class = forms.NewPasswordForm
    template_name = "accounts/activate.html"
    post_reset_login = True
    post_reset_login_backend = "django.contrib.auth.backends.ModelBackend"

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        # The link carries `next` (services.user_register); Django's view moves on to an
        # address without the token, and without it, so it waits in the session.
        if after := _page_on_this_site(request, request.GET.get("next")):
            request.session[_AFTER_ACTIVATION] = after
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["next"] = self.request.session.get(_AFTER_ACTIVATION, "")
        return context

    def form_valid(self, form):
        form.user.is_active = True
        after = _page_on_this_site(self.request, self.request.session.pop(_AFTER_ACTIVATION, ""))
        response = super().form_valid(form)
        messages.success(self.request, _("Your account is ready and you are signed in."))
        return redirect(after) if after else response

    def get_success_url(self) -> str:
        return reverse("start")


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = forms.ChangePasswordForm
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:profile")
    extra_context = {"title": gettext_lazy("Change your password")}

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Your password has been changed."))
        return response


@login_required
@require_http_methods(["GET"])
def profile(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "accounts/profile.html",
        {"memberships": memberships_for_user(user=request.user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def profile_edit(request: HttpRequest) -> HttpResponse:
    form = forms.ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        services.user_update_profile(user=request.user, **form.cleaned_data)
        messages.success(request, _("Your details have been saved."))
        return redirect("accounts:profile")
    return render(request, "accounts/profile_edit.html", {"form": form})


# The new address of the change just asked for, shown on the next page.
_EMAIL_CHANGE_SENT = "accounts_email_change_sent"


@sensitive_post_parameters("password")
@login_required
@require_http_methods(["GET", "POST"])
def email_change(request: HttpRequest) -> HttpResponse:
    """Ask to sign in with another address: a link goes to it, and nothing changes until the
    person opens it (services.user_email_change_request)."""
    form = forms.EmailChangeForm(posted(request), user=request.user)
    if request.method == "POST" and form.is_valid():
        services.user_email_change_request(
            user=request.user,
            new_email=form.cleaned_data["email"],
            base_url=request.build_absolute_uri("/"),
        )
        request.session[_EMAIL_CHANGE_SENT] = form.cleaned_data["email"]
        return redirect("accounts:email_change_sent")
    return render(request, "accounts/email_change.html", {"form": form})


@login_required
@require_http_methods(["GET"])
def email_change_sent(request: HttpRequest) -> HttpResponse:
    new_email = request.session.get(_EMAIL_CHANGE_SENT)
    if not new_email:
        return redirect("accounts:email_change")
    return render(request, "accounts/email_change_sent.html", {"new_email": new_email})


_Problem = services.EmailChangeLinkProblem
# What the page says when an email-change link does not work: title, explanation.
_LINK_PROBLEMS = {
    _Problem.EXPIRED: (
        gettext_lazy("This link has expired"),
        gettext_lazy(
            "A link to confirm a new email address works for 24 hours. Your email address "
            "has not changed."
        ),
    ),
    _Problem.NOT_VALID: (
        gettext_lazy("This link does not work"),
        gettext_lazy(
            "The link is not complete or has been changed. Copy the whole link from the email "
            "into your browser. Your email address has not changed."
        ),
    ),
    _Problem.USED: (
        gettext_lazy("This link has already been used"),
        gettext_lazy(
            "The link has been used, or your email address or password has changed since it "
            "was sent, which cancels it."
        ),
    ),
    _Problem.NOT_YOURS: (
        gettext_lazy("This link is for another account"),
        gettext_lazy(
            "It was sent to change the email address of another account than the one you are "
            "signed in to. Sign out, then open the link again and sign in as the person who "
            "asked for the change."
        ),
    ),
}


def _link_problem(request: HttpRequest, problem: services.EmailChangeLinkProblem) -> HttpResponse:
    title, explanation = _LINK_PROBLEMS[problem]
    return render(
        request,
        "accounts/email_change_link.html",
        {"title": title, "explanation": explanation, "ask_again": problem != _Problem.NOT_YOURS},
        # Another person's link is forbidden to this one; the others are the person's own.
        status=403 if problem == _Problem.NOT_YOURS else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def email_change_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The link sent to the new address: shows the change and, on the button, makes it. Works
    only for the person who asked, signed in (sign-in is with the old address until then)."""
    form = forms.EmailChangeConfirmForm(posted(request))
    try:
        new_email = services.email_change_address(token=token, user=request.user)
        if request.method == "POST" and form.is_valid():
            services.user_email_change(user=request.user, token=token)
            request.session.pop(_EMAIL_CHANGE_SENT, None)
            messages.success(
                request, _("You now sign in with %(email)s.") % {"email": request.user.email}
            )
            return redirect("accounts:profile")
    except services.EmailChangeLinkError as error:
        return _link_problem(request, error.problem)
    except ValidationError as error:
        # The address has an account by now (the service checks again, under a lock).
        return render(
            request,
            "accounts/email_change_link.html",
            {
                "title": _("You cannot use this email address"),
                "explanation": " ".join(error.messages),
                "ask_again": True,
            },
        )
    return render(
        request, "accounts/email_change_confirm.html", {"form": form, "new_email": new_email}
    )
