"""The report's first version, generated from what the system knows: a summary for the lead
to write, the context from the application, the key lines of enquiry, how the challenge was
carried out (from activity counts), the findings of each line and the recommendations.

Never from evidence notes: this module reads no EvidenceNote. People met are counted by group,
and individual discussions by number only (one person described by role is one person
named)."""

from collections import defaultdict

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from offers.enums import EnquiryKind

from .enums import ActivityKind, FindingKind, MemberStatus
from .models import Activity, Challenge, Finding

SUMMARY, CONTEXT, LINES, METHODOLOGY, RECOMMENDATIONS = (
    "summary",
    "context",
    "lines",
    "methodology",
    "recommendations",
)
FINDINGS_PREFIX = "findings-"


def _bullets(items) -> str:
    return "\n".join(f"- {item}" for item in items)


def _in_a_sentence(name: str) -> str:
    """ "Full peer review" as it reads mid-sentence ("full peer review"); "SEND peer review"
    kept as it is."""
    if len(name) > 1 and name[0].isupper() and name[1].islower():
        return name[0].lower() + name[1:]
    return name


def _context_text(challenge: Challenge) -> str:
    offer, service = challenge.review_type.name, challenge.organisation.name
    parts = [
        _("%(service)s asked the %(programme)s programme for its %(offer)s.")
        % {
            "service": service,
            "offer": _in_a_sentence(offer),
            "programme": challenge.programme.name,
        }
    ]
    application = challenge.application
    if application is not None:
        if application.context.strip():
            parts.append(application.context.strip())
        if application.reasons.strip():
            parts.append(_("Why the service asked for the peer challenge:"))
            parts.append(application.reasons.strip())
        if application.other_focus.strip():
            parts.append(_("The service also asked the team to look at:"))
            parts.append(application.other_focus.strip())
    return "\n\n".join(parts)


def _lines_in_order(challenge: Challenge) -> list:
    """The key lines of enquiry first, then the golden threads, each by name."""
    lines = list(challenge.lines_of_enquiry.all())
    lines.sort(key=lambda line: (line.kind != EnquiryKind.KEY_LINE, line.name))
    return lines


def _lines_text(challenge: Challenge) -> str:
    lines = _lines_in_order(challenge)
    if not lines:
        return _("The challenge had no key lines of enquiry.")
    return (
        _("The team looked at:")
        + "\n\n"
        + _bullets(f"{line.name} ({line.get_kind_display().lower()})" for line in lines)
    )


def _methodology_text(challenge: Challenge) -> str:
    """What the team did, from the activity counts: sessions held by kind, people met by
    group (individual discussions by number only), case files audited, documents read."""
    activities = list(Activity.objects.filter(challenge=challenge).order_by("pk"))
    team = challenge.members.filter(status=MemberStatus.ACCEPTED).count()
    parts = []
    if challenge.starts_on:
        parts.append(
            _(
                "A team of %(team)s peer reviewers worked with the service from %(start)s "
                "to %(end)s."
            )
            % {
                "team": team,
                "start": date_format(challenge.starts_on, "j F Y"),
                "end": date_format(challenge.ends_on, "j F Y"),
            }
        )
    if not activities:
        parts.append(_("No on-site activities were recorded."))
        return "\n\n".join(parts)
    by_kind: dict[str, int] = defaultdict(int)
    groups: dict[str, int] = defaultdict(int)
    shown: dict[str, str] = {}
    individual = case_files = documents = 0
    for activity in activities:
        kind = ActivityKind(activity.kind)
        by_kind[kind] += 1
        if kind.counts == "case_files":
            case_files += activity.met_count
        elif kind.counts == "documents":
            documents += activity.met_count
        elif kind == ActivityKind.INDIVIDUAL_DISCUSSION:
            individual += activity.met_count
        else:
            key = " ".join(activity.met_description.lower().split())
            shown.setdefault(key, " ".join(activity.met_description.split()))
            groups[key] += activity.met_count
    parts.append(
        _("The team held %(count)s sessions:") % {"count": len(activities)}
        + "\n\n"
        + _bullets(
            f"{ActivityKind(kind).label}: {count}"
            for kind, count in sorted(
                by_kind.items(), key=lambda item: ActivityKind.values.index(item[0])
            )
        )
    )
    met = [f"{count} {shown[key]}" for key, count in sorted(groups.items())]
    if individual:
        met.append(
            _("%(count)s people in individual discussions") % {"count": individual}
            if individual > 1
            else _("1 person in an individual discussion")
        )
    if met:
        parts.append(
            _("The team met %(count)s people in all:")
            % {"count": sum(groups.values()) + individual}
            + "\n\n"
            + _bullets(met)
        )
    if case_files:
        parts.append(_("Case files audited: %(count)s.") % {"count": case_files})
    if documents:
        parts.append(_("Documents and data sets read: %(count)s.") % {"count": documents})
    return "\n\n".join(parts)


_FINDING_HEADINGS = (
    (FindingKind.STRENGTH, _("Strengths")),
    (FindingKind.AREA_FOR_DEVELOPMENT, _("Areas for development")),
    (FindingKind.AREA_FOR_CONSIDERATION, _("Areas for consideration")),
)


def _standing_findings(challenge: Challenge) -> list[Finding]:
    return list(
        Finding.objects.filter(challenge=challenge, merged_into__isnull=True)
        .select_related("line_of_enquiry")
        .order_by("order", "pk")
    )


def generated_sections(challenge: Challenge) -> list[dict]:
    """The report's first version: a summary for the lead to write, then the context, the key
    lines of enquiry, the methodology, the findings of each line (strengths, areas for
    development, areas for consideration, in the lead's order; merged findings left out) and
    the recommendations. Made from the application, the lines, activity counts and findings:
    never from evidence notes."""
    findings = _standing_findings(challenge)
    sections = [
        {"key": SUMMARY, "heading": _("Summary"), "text": ""},
        {"key": CONTEXT, "heading": _("Context"), "text": _context_text(challenge)},
        {"key": LINES, "heading": _("Key lines of enquiry"), "text": _lines_text(challenge)},
        {
            "key": METHODOLOGY,
            "heading": _("How the peer challenge was carried out"),
            "text": _methodology_text(challenge),
        },
    ]
    for line in _lines_in_order(challenge):
        parts = []
        for kind, heading in _FINDING_HEADINGS:
            texts = [
                " ".join(f.text.split())
                for f in findings
                if f.line_of_enquiry_id == line.pk and f.kind == kind
            ]
            if texts:
                parts.append(f"{heading}\n\n{_bullets(texts)}")
        sections.append(
            {
                "key": f"{FINDINGS_PREFIX}{line.pk}",
                "heading": _("Findings: %(line)s") % {"line": line.name},
                "text": "\n\n".join(parts) or _("No findings were recorded for this line."),
            }
        )
    recommendations = [
        " ".join(f.text.split()) for f in findings if f.kind == FindingKind.RECOMMENDATION
    ]
    sections.append(
        {
            "key": RECOMMENDATIONS,
            "heading": _("Recommendations"),
            "text": "\n".join(f"{n}. {text}" for n, text in enumerate(recommendations, 1))
            or _("The team made no recommendations."),
        }
    )
    return sections
