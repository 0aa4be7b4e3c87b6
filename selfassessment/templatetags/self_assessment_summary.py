"""`{% scrutiny_summary organisation %}`: the summary of the organisation's latest scrutinised
self-assessment (per section: self-rating, partners' comments, challenge questions and
answers), where its key lines of enquiry start (a peer challenge's page). Shown only to those
who may see that self-assessment; nothing for anyone else."""

import rules
from django import template

from selfassessment.selectors import latest_scrutiny_summary

register = template.Library()


@register.inclusion_tag("selfassessment/_scrutiny_summary.html", takes_context=True)
def scrutiny_summary(context, organisation) -> dict:
    summary = latest_scrutiny_summary(organisation)
    user = context["request"].user
    if summary is None or not rules.has_perm(
        "selfassessment.view_assessment", user, summary.assessment
    ):
        return {"summary": None}
    return {"summary": summary}
