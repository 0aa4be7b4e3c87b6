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

Nothing the team heard in confidence reaches a report: version 1 is made (report_draft) from
the application, the lines of enquiry, activity counts and the findings, never from evidence
notes. Beside this module: report_difference (two versions compared) and publication_check
(the names and identifying words that stop publication)."""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts.enums import Role
from accounts.models import User
from core.tasks import send_templated_email_after_commit
from offers.enums import PublicationRule

from .enums import ChallengeAction, MemberStatus, Phase, ReportState
from .models import (
    Challenge,
    ChallengeEvent,
    IdentifyingTerm,
    Report,
    ReportComment,
    ReportVersion,
)
from .publication_check import publication_check
from .report_documents import report_pdf_request
from .report_draft import generated_sections
from .services import ChallengeError
from .visibility import LEAD_ROLES, challenge_scope

# Phases in which the lead may start the draft: from the on-site days (the lead often starts
# on the last day) to the reporting phase.
REPORT_START_PHASES = frozenset({Phase.ON_SITE, Phase.REPORTING})


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


def _lf(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


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
    # A browser sends a textarea's line breaks as CRLF: stored as LF, as the generated text is,
    # so an untouched section is unchanged (no "Nothing has changed" missed, no difference).
    sections = [
        section | {"text": _lf(sections_text.get(section["key"], section["text"])).strip()}
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
    # The final report's PDF, asked for in this transaction (the worker renders it after commit).
    report_pdf_request(report=locked, by=by)
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
