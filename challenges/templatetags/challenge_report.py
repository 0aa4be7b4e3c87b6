"""`{% report_aftercare challenge %}`: on a challenge's page, what follows its report: when
its evidence notes will be (or were) deleted, the public report once published, and the
improvement plan made from it (or the way to make it, for those who may)."""

from django import template

from challenges.models import Report
from challenges.report_plan import PLAN_FROM, may_create_plan
from challenges.retention import evidence_deletion_due, evidence_keep_days

register = template.Library()


@register.inclusion_tag("challenges/_report_aftercare.html", takes_context=True)
def report_aftercare(context, challenge) -> dict:
    report = Report.objects.select_related("improvement_plan").filter(challenge=challenge).first()
    user = context["request"].user
    return {
        "report": report,
        "challenge": challenge,
        "keep_days": evidence_keep_days(),
        "deletion_due": evidence_deletion_due(report) if report else None,
        "may_create_plan": report is not None
        and report.state in PLAN_FROM
        and may_create_plan(user, challenge),
    }
