"""The report: drafted by the lead from what the system knows, checked for factual accuracy by
the receiving service, signed off and published. One function per step, each in a
transaction, each a line on the challenge's timeline and an email after commit to whom it
concerns.

Who does what (challenges.rules says the same for the pages):
- the lead (an accepted lead or co-lead) starts the draft once the team is on site or
  reporting, saves versions (in draft, and during the factual-accuracy check, to act on the
  service's comments), sends it for the check, answers comments and signs it off;
- the receiving service's leads comment per section during the check, and give consent to
  publish where the offer leaves it to them;
- the programme's coordinators publish the final report (the publication milestone is
  theirs), when the offer's rule or the service's consent allows and the publication check
  finds nothing.

Consent: under PublicationRule.ALWAYS_PUBLIC none is asked. Where the service decides, a "yes"
given on its application counts (the service agreed to publication when it asked for the
review); otherwise a service lead gives it on the final report (`report_consent`).

Nothing the team heard in confidence reaches a report: the sections are made from the
application, the lines of enquiry, activity counts and the findings, never from evidence
notes; people met are counted by group, and individual discussions by number only (one person
described by role is one person named)."""

import difflib
import html
import re
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts.enums import Role
from accounts.models import User
from applications.models import Application
from core.tasks import send_templated_email_after_commit
from offers.enums import EnquiryKind, PublicationRule

from .enums import ActivityKind, ChallengeAction, FindingKind, MemberStatus, Phase, ReportState
from .models import (
    Activity,
    Challenge,
    ChallengeEvent,
    Finding,
    IdentifyingTerm,
    Report,
    ReportComment,
    ReportVersion,
)
from .services import ChallengeError
from .visibility import LEAD_ROLES, challenge_scope

# Phases in which the lead may start the draft: from the on-site days (the lead often starts
# on the last day) to the reporting phase.
REPORT_START_PHASES = frozenset({Phase.ON_SITE, Phase.REPORTING})
SUMMARY, CONTEXT, LINES, METHODOLOGY, RECOMMENDATIONS = (
    "summary",
    "context",
    "lines",
    "methodology",
    "recommendations",
)
FINDINGS_PREFIX = "findings-"


class ReportError(ChallengeError):
    """A step of the report's workflow that its state does not allow; the message says why."""


class StaleReportError(ReportError):
    """Someone saved a newer version since the person opened the report."""

    def __init__(self, latest: ReportVersion, seen: int) -> None:
        super().__init__(
            _(
                "Someone saved version %(number)s since you opened version %(seen)s. Your text "
                "is below and nothing was saved: compare it with the latest version, then save "
                "again if it still applies."
            )
            % {"number": latest.number, "seen": seen}
        )
        self.latest = latest


# --- Reading -----------------------------------------------------------------------------------


def latest_version(report: Report) -> ReportVersion:
    return report.versions.order_by("-number").first()


def _link(name: str, *args) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(name, args=args)


def _event(challenge: Challenge, action: ChallengeAction, by: User, message: str = "") -> None:
    ChallengeEvent.objects.create(
        challenge=challenge, action=action, to_phase=challenge.phase, actor=by, message=message
    )


def _locked(report: Report) -> Report:
    locked = Report.objects.select_for_update().select_related("challenge").get(pk=report.pk)
    if locked.challenge.phase == Phase.CANCELLED:
        raise ReportError(_("The challenge is cancelled: its report no longer changes."))
    return locked


def _require_lead(challenge: Challenge, by: User) -> None:
    scope = challenge_scope(by)
    if not (scope.leads(challenge) and scope.works_on(challenge)):
        raise PermissionDenied


def _require_service(challenge: Challenge, by: User) -> None:
    if not challenge_scope(by).receives(challenge):
        raise PermissionDenied


def _require_state(report: Report, *states: ReportState, doing: str) -> None:
    if report.state not in states:
        raise ReportError(
            _("The report is at the %(state)s stage: %(doing)s is not possible now.")
            % {"state": report.get_state_display().lower(), "doing": doing}
        )


# --- Emails ------------------------------------------------------------------------------------


def _service_emails(challenge: Challenge) -> list[str]:
    return list(
        User.objects.filter(
            is_active=True,
            memberships__role=Role.SERVICE_LEAD,
            memberships__organisation_id=challenge.organisation_id,
        ).values_list("email", flat=True)
    )


def _lead_emails(challenge: Challenge) -> list[str]:
    return list(
        User.objects.filter(
            is_active=True,
            reviewer__team_places__challenge=challenge,
            reviewer__team_places__status=MemberStatus.ACCEPTED,
            reviewer__team_places__role__in=sorted(LEAD_ROLES),
        ).values_list("email", flat=True)
    )


def _team_emails(challenge: Challenge) -> list[str]:
    return list(
        User.objects.filter(
            is_active=True,
            reviewer__team_places__challenge=challenge,
            reviewer__team_places__status=MemberStatus.ACCEPTED,
        ).values_list("email", flat=True)
    )


def _coordinator_emails(challenge: Challenge) -> list[str]:
    return list(
        User.objects.filter(
            is_active=True,
            memberships__role=Role.COORDINATOR,
            memberships__programme_id=challenge.programme_id,
        ).values_list("email", flat=True)
    )


def _email(report: Report, what: str, to: list[str]) -> None:
    """The email `challenges/email/report_<what>` about the report, sent after commit. It names
    the challenge and the step and links to the report page: never the report's words."""
    send_templated_email_after_commit(
        template=f"challenges/email/report_{what}",
        context={
            "challenge": report.challenge,
            "report": report,
            "link": _link("challenges:report", report.challenge_id),
        },
        to=to,
    )


# --- The generated sections --------------------------------------------------------------------


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


# --- Drafting ----------------------------------------------------------------------------------


@transaction.atomic
def report_start(*, challenge: Challenge, by: User) -> Report:
    """The lead starts the draft: the report and its version 1, generated from what the system
    knows. Starting it twice gives the report already started."""
    locked = Challenge.objects.select_for_update(of=("self",)).get(pk=challenge.pk)
    _require_lead(locked, by)
    existing = Report.objects.filter(challenge=locked).first()
    if existing is not None:
        return existing
    if locked.phase not in REPORT_START_PHASES:
        raise ReportError(
            _("The draft report is started once the team is on site; the challenge is %(phase)s.")
            % {"phase": locked.get_phase_display().lower()}
        )
    report = Report.objects.create(challenge=locked)
    ReportVersion.objects.create(
        report=report,
        number=1,
        sections=generated_sections(locked),
        note=_("Drafted from the findings"),
        created_by=by,
    )
    _event(locked, ChallengeAction.DRAFT_REPORT, by)
    return report


@transaction.atomic
def report_revise(
    *, report: Report, sections_text: dict[str, str], note: str, by: User, seen_number: int
) -> ReportVersion:
    """Save a new version with the texts in `sections_text` (by section key; a section not
    given keeps its text). The lead only, in draft or during the factual-accuracy check.
    Refused (StaleReportError, nothing saved) when a version newer than `seen_number` exists."""
    locked = _locked(report)
    _require_lead(locked.challenge, by)
    _require_state(
        locked, ReportState.DRAFT, ReportState.FACTUAL_CHECK, doing=_("changing its text")
    )
    latest = latest_version(locked)
    if seen_number != latest.number:
        raise StaleReportError(latest, seen_number)
    sections = [
        section | {"text": sections_text.get(section["key"], section["text"]).strip()}
        for section in latest.sections
    ]
    if sections == latest.sections:
        raise ValidationError(_("Nothing has changed since version %(n)s.") % {"n": latest.number})
    version = ReportVersion.objects.create(
        report=locked,
        number=latest.number + 1,
        sections=sections,
        note=note.strip()[:300],
        created_by=by,
    )
    locked.save(update_fields=["updated_at"])
    _event(
        locked.challenge,
        ChallengeAction.REVISE_REPORT,
        by,
        _("Version %(n)s") % {"n": version.number},
    )
    return version


# --- Differences -------------------------------------------------------------------------------


@dataclass
class SectionDifference:
    heading: str
    html: SafeString
    changed: bool


_TOKENS = re.compile(r"\s+|[^\s]+")


def _marked(tag: str, words: str, label: str) -> str:
    return (
        f'<{tag}><span class="govuk-visually-hidden">[{label}: </span>{html.escape(words)}'
        f'<span class="govuk-visually-hidden">]</span></{tag}>'
    )


def text_difference(old: str, new: str) -> SafeString:
    """`old` changed into `new`, word by word, as HTML: removed words in <del>, added in <ins>,
    each also said in words for those who cannot see the styling ("removed", "added")."""
    before, after = _TOKENS.findall(old), _TOKENS.findall(new)
    out = []
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            out.append(html.escape("".join(before[a1:a2])))
            continue
        if op in ("delete", "replace"):
            out.append(_marked("del", "".join(before[a1:a2]), _("removed")))
        if op in ("insert", "replace"):
            out.append(_marked("ins", "".join(after[b1:b2]), _("added")))
    return mark_safe("".join(out))  # noqa: S308 - every piece of text is escaped above


def version_difference(old: ReportVersion, new: ReportVersion) -> list[SectionDifference]:
    """Each section of either version, in the newer one's order (sections only in the older one
    at the end), with what changed between them."""
    before = {s["key"]: s for s in old.sections}
    after = {s["key"]: s for s in new.sections}
    keys = [s["key"] for s in new.sections] + [k for k in before if k not in after]
    differences = []
    for key in keys:
        a, b = before.get(key), after.get(key)
        heading = (b or a)["heading"]
        old_text, new_text = (a or {}).get("text", ""), (b or {}).get("text", "")
        differences.append(
            SectionDifference(
                heading=heading,
                html=text_difference(old_text, new_text),
                changed=old_text != new_text,
            )
        )
    return differences


# --- The factual-accuracy check ----------------------------------------------------------------


@transaction.atomic
def report_send_for_check(*, report: Report, by: User) -> Report:
    """The lead sends the draft to the receiving service for its factual-accuracy check."""
    locked = _locked(report)
    _require_lead(locked.challenge, by)
    _require_state(locked, ReportState.DRAFT, doing=_("sending it for the check"))
    locked.state = ReportState.FACTUAL_CHECK
    locked.save(update_fields=["state", "updated_at"])
    _event(
        locked.challenge,
        ChallengeAction.SEND_FOR_CHECK,
        by,
        _("Version %(n)s") % {"n": latest_version(locked).number},
    )
    _email(locked, "check", _service_emails(locked.challenge))
    return locked


def _section_of(version: ReportVersion, key: str) -> dict:
    for section in version.sections:
        if section["key"] == key:
            return section
    raise ValidationError({"section": _("Choose a section of the report")})


@transaction.atomic
def report_comment(
    *, report: Report, version: ReportVersion, section: str, text: str, by: User
) -> ReportComment:
    """A service lead comments on a section's factual accuracy, on the version they read."""
    locked = _locked(report)
    _require_service(locked.challenge, by)
    _require_state(locked, ReportState.FACTUAL_CHECK, doing=_("commenting"))
    if version.report_id != locked.pk:
        raise ValidationError({"section": _("Choose a section of this report")})
    heading = _section_of(version, section)["heading"]
    if not text.strip():
        raise ValidationError({"text": _("Enter your comment")})
    comment = ReportComment.objects.create(
        report=locked, version=version, section=section, text=text.strip(), created_by=by
    )
    _event(locked.challenge, ChallengeAction.COMMENT_REPORT, by, heading)
    _email(locked, "comment", _lead_emails(locked.challenge))
    return comment


@transaction.atomic
def report_answer(*, comment: ReportComment, text: str, by: User) -> ReportComment:
    """The lead answers a comment (and may change the answer while the check lasts)."""
    locked = _locked(comment.report)
    _require_lead(locked.challenge, by)
    _require_state(locked, ReportState.FACTUAL_CHECK, doing=_("answering comments"))
    row = ReportComment.objects.select_for_update().get(pk=comment.pk, report=locked)
    if not text.strip():
        raise ValidationError({"answer": _("Enter your answer")})
    row.answer, row.answered_by, row.answered_at = text.strip(), by, timezone.now()
    row.save()
    heading = next((s["heading"] for s in row.version.sections if s["key"] == row.section), "")
    _event(locked.challenge, ChallengeAction.ANSWER_COMMENT, by, heading)
    _email(locked, "answered", [row.created_by.email] if row.created_by.is_active else [])
    return row


def unanswered(report: Report) -> int:
    return report.comments.filter(answer="").count()


@transaction.atomic
def report_finalise(*, report: Report, by: User) -> Report:
    """The lead signs off the final report, once every section has its text and every comment
    its answer."""
    locked = _locked(report)
    _require_lead(locked.challenge, by)
    _require_state(locked, ReportState.FACTUAL_CHECK, doing=_("signing it off"))
    empty = [s["heading"] for s in latest_version(locked).sections if not s["text"].strip()]
    if empty:
        raise ReportError(
            _("Write every section before signing off: %(sections)s has no text yet.")
            % {"sections": ", ".join(f"“{heading}”" for heading in empty)}
        )
    waiting = unanswered(locked)
    if waiting:
        raise ReportError(
            _("Answer the service's comments before signing off: %(n)s has no answer yet.")
            % {"n": waiting}
            if waiting == 1
            else _("Answer the service's comments before signing off: %(n)s have no answer yet.")
            % {"n": waiting}
        )
    locked.state = ReportState.FINAL
    locked.signed_off_by, locked.signed_off_at = by, timezone.now()
    locked.save(update_fields=["state", "signed_off_by", "signed_off_at", "updated_at"])
    _event(
        locked.challenge,
        ChallengeAction.FINALISE_REPORT,
        by,
        _("Version %(n)s") % {"n": latest_version(locked).number},
    )
    # INTEGRATION: the final report's PDF is requested here, in this transaction:
    # report_pdf_request(report=locked, by=by)  (challenges.report_documents)
    _email(
        locked,
        "final",
        [*_service_emails(locked.challenge), *_coordinator_emails(locked.challenge)],
    )
    return locked


# --- Publication -------------------------------------------------------------------------------


def consent_needed(report: Report) -> bool:
    """Whether the service must still give consent: never under an offer whose report is
    always published; where the service decides, unless it said yes on its application or
    gave consent on the report."""
    challenge = report.challenge
    if challenge.review_type.publication_rule == PublicationRule.ALWAYS_PUBLIC:
        return False
    if report.consent_given_at:
        return False
    application = challenge.application
    return not (application is not None and application.publication_consent is True)


def consent_on_application(report: Report) -> bool:
    challenge = report.challenge
    return (
        challenge.review_type.publication_rule == PublicationRule.SERVICE_DECIDES
        and not report.consent_given_at
        and challenge.application is not None
        and challenge.application.publication_consent is True
    )


@transaction.atomic
def report_consent(*, report: Report, by: User) -> Report:
    """A service lead gives consent to publish the final report."""
    locked = _locked(report)
    _require_service(locked.challenge, by)
    _require_state(locked, ReportState.FINAL, doing=_("giving consent"))
    if not consent_needed(locked):
        raise ReportError(_("No consent is needed: the report may already be published."))
    locked.consent_given_by, locked.consent_given_at = by, timezone.now()
    locked.save(update_fields=["consent_given_by", "consent_given_at", "updated_at"])
    _event(locked.challenge, ChallengeAction.CONSENT_REPORT, by)
    _email(
        locked,
        "consent",
        [*_coordinator_emails(locked.challenge), *_lead_emails(locked.challenge)],
    )
    return locked


@dataclass(frozen=True)
class Problem:
    section: str
    term: str
    why: str

    def __str__(self) -> str:
        return _("“%(section)s” contains “%(term)s”, %(why)s.") % {
            "section": self.section,
            "term": self.term,
            "why": self.why,
        }


def _names_of(full_name: str) -> list[str]:
    """A person's full name and, for a longer name, their first and last names: a name of one
    word only is not checked (it would stop the report at a common word)."""
    words = full_name.split()
    if len(words) < 2:
        return []
    names = [" ".join(words)]
    if len(words) > 2:
        names.append(f"{words[0]} {words[-1]}")
    return names


def service_people(challenge: Challenge) -> list[str]:
    """The receiving service's people the system knows, by name: everyone with a role in the
    organisation (its service leads and improvement board), reviewers whose home organisation
    it is, and whoever started or is the contact for one of its applications."""
    organisation = challenge.organisation_id
    names = set(
        User.objects.filter(
            Q(memberships__organisation_id=organisation) | Q(reviewer__organisation_id=organisation)
        ).values_list("full_name", flat=True)
    )
    applications = Application.objects.filter(organisation_id=organisation)
    names |= set(applications.values_list("created_by__full_name", flat=True))
    names |= set(applications.exclude(contact_name="").values_list("contact_name", flat=True))
    return sorted({name for full in names for name in _names_of(full)})


def _found(term: str, text: str) -> bool:
    words = r"\s+".join(re.escape(word) for word in term.split())
    return bool(words) and re.search(rf"(?<!\w){words}(?!\w)", text, re.IGNORECASE) is not None


def publication_check(report: Report) -> list[Problem]:
    """What stops the latest version from being published: each section containing the name of
    one of the service's people, or a word the lead marked as identifying (whole words, in any
    case)."""
    version = latest_version(report)
    if version is None:
        return []
    people = service_people(report.challenge)
    terms = list(report.identifying_terms.values_list("term", flat=True))
    problems = []
    for section in version.sections:
        text = f"{section['heading']}\n{section['text']}"
        for name in people:
            if _found(name, text):
                problems.append(
                    Problem(section["heading"], name, _("the name of one of the service's people"))
                )
        for term in terms:
            if _found(term, text):
                problems.append(
                    Problem(section["heading"], term, _("a word you marked as identifying"))
                )
    return problems


def public_slug(report: Report, year: int) -> str:
    base = slugify(f"{report.challenge.organisation.name} {year}")[:110] or "report"
    slug, n = base, 2
    while Report.objects.filter(slug=slug).exclude(pk=report.pk).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def publish_refusal(report: Report) -> str | None:
    """Why the report cannot be published now, in words; None when it can."""
    if report.state != ReportState.FINAL:
        return _("Only a final report signed off by the lead is published.")
    if consent_needed(report):
        return _("The receiving service has not given its consent to publish the report.")
    problems = publication_check(report)
    if problems:
        return _(
            "The publication check found %(n)s problems: the lead must take out the names and "
            "identifying words first."
        ) % {"n": len(problems)}
    return None


@transaction.atomic
def report_publish(*, report: Report, by: User) -> Report:
    """A coordinator of the programme publishes the final report: it gets its public address
    and date. Refused while consent is missing or the publication check finds a problem."""
    locked = _locked(report)
    if not challenge_scope(by).coordinates(locked.challenge):
        raise PermissionDenied
    refusal = publish_refusal(locked)
    if refusal:
        raise ReportError(refusal)
    now = timezone.now()
    locked.state = ReportState.PUBLISHED
    locked.published_at = now
    locked.slug = public_slug(locked, timezone.localdate(now).year)
    locked.save(update_fields=["state", "published_at", "slug", "updated_at"])
    _event(locked.challenge, ChallengeAction.PUBLISH_REPORT, by)
    _email(
        locked,
        "published",
        [*_service_emails(locked.challenge), *_team_emails(locked.challenge)],
    )
    return locked


# --- Identifying terms -------------------------------------------------------------------------


@transaction.atomic
def identifying_term_add(*, report: Report, term: str, by: User) -> IdentifyingTerm:
    locked = _locked(report)
    _require_lead(locked.challenge, by)
    term = " ".join(term.split())
    if not term:
        raise ValidationError({"term": _("Enter the word or phrase")})
    if len(term) > 200:
        raise ValidationError({"term": _("Keep it to 200 characters or fewer")})
    found = locked.identifying_terms.filter(term__iexact=term).first()
    if found:
        return found
    return IdentifyingTerm.objects.create(report=locked, term=term, added_by=by)


@transaction.atomic
def identifying_term_remove(*, term: IdentifyingTerm, by: User) -> None:
    locked = _locked(term.report)
    _require_lead(locked.challenge, by)
    IdentifyingTerm.objects.filter(pk=term.pk, report=locked).delete()
