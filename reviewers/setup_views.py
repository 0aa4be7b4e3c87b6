"""Setting up a programme's reviewer pool: its eligibility rules, the job roles that can join
it (`/programmes/<pk>/eligibility/`). For the programme's coordinators (and technical staff):
people who coordinate nothing get 403, and another programme, or a rule of another programme,
is not found (404). Views fetch through selectors and change state through services."""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.models import Programme
from accounts.selectors import last_change, programme_to_set_up
from core.http import posted, require_permission, show_errors
from core.once import created_with, sent_token

from . import selectors, services
from .enums import JobRole
from .models import EligibilityRule
from .setup_forms import EligibilityRuleForm

PERMISSION = "accounts.set_up_programmes"


def _programme(request: HttpRequest, programme_pk: int) -> Programme:
    """A programme the user coordinates (403 for people who coordinate none, 404 for one
    they do not)."""
    require_permission(request, PERMISSION)
    return programme_to_set_up(user=request.user, pk=programme_pk)


def _rule(request: HttpRequest, programme: Programme, pk: int) -> EligibilityRule:
    """One of the programme's rules; 404 for any other (a rule of another programme too)."""
    rule = get_object_or_404(programme.eligibility_rules, pk=pk)
    rule.programme = programme
    require_permission(request, "reviewers.change_eligibilityrule", rule)
    return rule


def _role(rule: EligibilityRule) -> str:
    return str(JobRole(rule.job_role).label)


@dataclass
class RuleRow:
    rule: EligibilityRule
    # How many people in the pool are in the rule's job role.
    people: int


@login_required
@require_http_methods(["GET"])
def rule_list(request: HttpRequest, programme_pk: int) -> HttpResponse:
    """The pool's rule in plain words: the job roles that can join it, with how many people
    in the pool are in each, and how many are in a job role the rule leaves out."""
    programme = _programme(request, programme_pk)
    rules = selectors.eligibility_rules_of(programme_id=programme.pk)
    people = selectors.pool_job_roles(programme_id=programme.pk)
    roles = frozenset(rule.job_role for rule in rules)
    return render(
        request,
        "reviewers/setup/rules.html",
        {
            "programme": programme,
            "rows": [RuleRow(rule, people.get(rule.job_role, 0)) for rule in rules],
            "roles_in_words": "; ".join(_role(rule) for rule in rules),
            "not_eligible": sum(n for role, n in people.items() if role not in roles)
            if roles
            else 0,
            "can_add": len(roles) < len(JobRole.values),
        },
    )


def _rule_form(
    request: HttpRequest,
    programme: Programme,
    rule: EligibilityRule,
    *,
    message: str,
    button: str,
    context: dict,
) -> HttpResponse:
    # The rule this form made when first sent (a double click) leaves its job role on offer.
    made = created_with(
        EligibilityRule, token=sent_token(request.POST), owner={"programme": programme.pk}
    )
    mine = made.pk if made and rule.pk is None else rule.pk
    taken = {r.job_role for r in programme.eligibility_rules.exclude(pk=mine)}
    form = EligibilityRuleForm(
        posted(request),
        initial={"job_role": rule.job_role, "note": rule.note} if rule.pk else {},
        offered=[role for role in JobRole.values if role not in taken],
        button=button,
        creating=rule.pk is None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            rule = services.eligibility_rule_save(rule=rule, **form.cleaned_data)
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, message % {"role": _role(rule)})
            return redirect("eligibility:rules", programme_pk=programme.pk)
    return render(
        request,
        "reviewers/setup/rule_form.html",
        {"form": form, "programme": programme, "rule": rule, **context},
    )


@login_required
@require_http_methods(["GET", "POST"])
def rule_new(request: HttpRequest, programme_pk: int) -> HttpResponse:
    programme = _programme(request, programme_pk)
    rules = selectors.eligibility_rules_of(programme_id=programme.pk)
    if len(rules) == len(JobRole.values):
        messages.info(request, _("Every job role can already join the pool."))
        return redirect("eligibility:rules", programme_pk=programme.pk)
    # The first rule closes a pool open to every job role: say whom that leaves out.
    first_rule_leaves_out = (
        sum(selectors.pool_job_roles(programme_id=programme.pk).values()) if not rules else None
    )
    return _rule_form(
        request,
        programme,
        EligibilityRule(programme=programme),
        message=_("%(role)s has been added: people in this job role can join the pool."),
        button=_("Add the job role"),
        context={"first_rule_leaves_out": first_rule_leaves_out},
    )


@login_required
@require_http_methods(["GET", "POST"])
def rule_edit(request: HttpRequest, programme_pk: int, pk: int) -> HttpResponse:
    programme = _programme(request, programme_pk)
    rule = _rule(request, programme, pk)
    return _rule_form(
        request,
        programme,
        rule,
        message=_("The rule for %(role)s has been changed."),
        button=_("Save changes"),
        context={"last_change": last_change(record=rule)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def rule_remove(request: HttpRequest, programme_pk: int, pk: int) -> HttpResponse:
    """Remove a rule, after asking: the page says who stops being eligible (or that the pool
    opens to every job role, when it is the only rule)."""
    programme = _programme(request, programme_pk)
    rule = _rule(request, programme, pk)
    require_permission(request, "reviewers.delete_eligibilityrule", rule)
    if request.method == "POST":
        role = _role(rule)
        services.eligibility_rule_remove(rule=rule)
        messages.success(
            request, _("%(role)s has been removed from the eligibility rules.") % {"role": role}
        )
        return redirect("eligibility:rules", programme_pk=programme.pk)
    return render(
        request,
        "reviewers/setup/rule_remove.html",
        {
            "programme": programme,
            "rule": rule,
            "only_rule": not programme.eligibility_rules.exclude(pk=rule.pk).exists(),
            "people": selectors.pool_job_roles(programme_id=programme.pk).get(rule.job_role, 0),
        },
    )
