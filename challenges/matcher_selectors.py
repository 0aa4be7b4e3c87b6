"""Reads of the matcher's pages: what the user may run the matcher on (a challenge, a
cycle), the runs they may see, and a run's answer in words, with names (in a fixed number of
queries whatever the run's size)."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.dateparse import parse_date
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from accounts.models import Region, User
from accounts.rules import coordinated_programme_ids
from offers.enums import TeamRequirement, TeamRole
from offers.models import Cycle, LineOfEnquiry
from reviewers.models import Reviewer

from .enums import TEAM_OPEN
from .export import SHADOWING, PlaceLine
from .matching.costs import LEAD_ROLES
from .matching.problem import Weights
from .models import Challenge, MatchRun
from .visibility import challenge_scope

# What each hard rule keeps people out for, in words (challenges.matching.rules' codes).
RULE_WORDS = {
    "unknown": gettext_lazy("Not part of the problem"),
    "no_place": gettext_lazy("The team has no place in that role"),
    "own_organisation": gettext_lazy("Works for the organisation receiving the challenge"),
    "conflict": gettext_lazy(
        "Has a conflict of interest with it (declared, or an employer left recently)"
    ),
    "excluded": gettext_lazy("Declined it, was taken off it, or was left out of this run"),
    "delivering": gettext_lazy("Not of the organisation the cycle plan gives the challenge to"),
    "requirement": gettext_lazy("Does not meet the place's requirement"),
    "away": gettext_lazy("Away on an on-site day"),
    "busy": gettext_lazy("Busy elsewhere on an on-site day (training, another programme)"),
    "clash": gettext_lazy("On another challenge on those days"),
    "same_team": gettext_lazy("Already on the team"),
    "cap": gettext_lazy("Already at their cap of challenges this cycle"),
    "reciprocal": gettext_lazy("Would make two organisations review each other this cycle"),
    "places_full": gettext_lazy("Every place in that role is taken"),
    "fully_qualified": gettext_lazy("Nobody fully qualified could join the team"),
    "unplaced": gettext_lazy("Could take the place, but leaving it open cost less"),
    "pool": gettext_lazy("The pool has no reviewers"),
}


def rule_words(code: str) -> str:
    return str(RULE_WORDS.get(code, code))


# --- What a user may run the matcher on --------------------------------------------------------


def challenge_to_match(*, user: User, pk: int) -> Challenge:
    """A challenge the user may see (404 otherwise) and whose team they build: its
    programme's coordinators (403 for the service and the team)."""
    challenge = get_object_or_404(
        Challenge.objects.filter(challenge_scope(user).q()).select_related(
            "programme", "organisation", "review_type", "cycle"
        ),
        pk=pk,
    )
    if not user.has_perm("challenges.manage_challenge", challenge):
        raise PermissionDenied
    return challenge


def _coordinated(queryset: QuerySet, user: User) -> QuerySet:
    if not user.has_perm("challenges.coordinate"):
        raise PermissionDenied
    ids = coordinated_programme_ids(user)
    return queryset if ids is None else queryset.filter(programme_id__in=ids)


def cycle_to_match(*, user: User, pk: int) -> Cycle:
    """A cycle of a programme the user coordinates (403 for people who coordinate nothing,
    404 for another programme's)."""
    return get_object_or_404(_coordinated(Cycle.objects.select_related("programme"), user), pk=pk)


def run_for_user(*, user: User, pk: int) -> MatchRun:
    """A matcher run of a programme the user coordinates (403 for people who coordinate
    nothing, 404 for another programme's)."""
    return get_object_or_404(
        _coordinated(
            MatchRun.objects.select_related(
                "programme",
                "cycle",
                "challenge__organisation",
                "created_by",
                "accepted_by",
            ),
            user,
        ),
        pk=pk,
    )


def unstaffed_in_cycle(*, cycle: Cycle) -> dict:
    """What "propose teams" for a cycle would be about: its challenges whose team is open,
    with and without on-site dates (those without are left out of the problem)."""
    dated = undated = 0
    for starts_on in Challenge.objects.filter(cycle=cycle, phase__in=sorted(TEAM_OPEN)).values_list(
        "starts_on", flat=True
    ):
        if starts_on is None:
            undated += 1
        else:
            dated += 1
    return {"dated": dated, "undated": undated}


# --- A run's answer in words -------------------------------------------------------------------


@dataclass
class ProposedMember:
    reviewer_id: int
    name: str
    organisation: str
    role: str
    reasons: list[str]
    swapped: bool = False


@dataclass
class OpenPlace:
    role: str
    requirement: str
    missing: int
    reason: str
    excluded: list[tuple[str, int]]
    eligible: int


@dataclass
class ChallengeProposal:
    challenge_id: int
    title: str
    on_site: str
    team: list[str] = field(default_factory=list)
    proposed: list[ProposedMember] = field(default_factory=list)
    open_places: list[OpenPlace] = field(default_factory=list)


@dataclass
class ShortfallRow:
    role: str
    requirement: str
    places: int
    capacity: int
    shortfall: int


@dataclass
class RunPage:
    challenges: list[ChallengeProposal]
    shortfall: list[ShortfallRow]
    proposed: int
    unfilled: int
    pool: int


def role_label(value: str) -> str:
    return str(TeamRole(value).label) if value in TeamRole.values else value


def _requirement(value: str | None) -> str:
    if not value or value == TeamRequirement.NONE:
        return str(TeamRequirement.NONE.label)
    if value == SHADOWING or value in TeamRequirement.values:
        return PlaceLine("", value, 0).requirement_label
    return value


def _names(ids) -> dict[int, Reviewer]:
    return {
        r.pk: r
        for r in Reviewer.objects.filter(pk__in=set(ids)).select_related("user", "organisation")
    }


def run_page(run: MatchRun) -> RunPage | None:
    """The run's answer shaped for its page: each challenge with the members it has, those
    proposed with the reasons in words, and each place left open with the rule that blocks it
    and how many each rule kept out; the pool's shortfall per role. None before an answer.
    Five queries, whatever the run's size."""
    answer = run.answer
    if not answer:
        return None
    problem = run.problem
    challenges = {c["id"]: c for c in problem["challenges"]}
    reviewers = {r["id"]: r for r in problem["reviewers"]}
    weights = Weights(**problem.get("weights", {}))
    fixed = defaultdict(list)
    for c, r, role in problem.get("fixed", []):
        fixed[c].append((r, role))
    past = {frozenset(pair) for pair in problem.get("past_pairs", [])}
    shown = [c for c, *_rest in answer["assignments"]] + [
        u["challenge"] for u in answer["unfilled"]
    ]
    order = list(dict.fromkeys(c["id"] for c in problem["challenges"] if c["id"] in set(shown)))
    swapped_out = [
        reason.get("replaced")
        for row in answer["reasons"]
        for reason in row["reasons"]
        if reason.get("code") == "swap"
    ]
    people = _names(
        [r for _c, r, _role in answer["assignments"]]
        + [r for c in order for r, _role in fixed[c]]
        + [r for r in swapped_out if r is not None]
    )
    rows = {
        c.pk: c
        for c in Challenge.objects.filter(pk__in=order).select_related(
            "organisation", "review_type"
        )
    }
    lines = dict(
        LineOfEnquiry.objects.filter(
            pk__in={line for c in order for line in challenges[c]["lines"]}
        ).values_list("pk", "name")
    )
    regions = dict(
        Region.objects.filter(
            pk__in={challenges[c]["region"] for c in order}
            | {reviewers[r]["region"] for _c, r, _role in answer["assignments"] if r in reviewers}
        ).values_list("pk", "name")
    )

    def name(reviewer_id) -> str:
        person = people.get(reviewer_id)
        return person.user.full_name if person else str(reviewer_id)

    # Which of each person's challenges this is (confirmed ones first, then by start).
    held = defaultdict(int)
    for members in fixed.values():
        for r, _role in members:
            held[r] += 1
    proposed_by_person = defaultdict(list)
    for c, r, _role in answer["assignments"]:
        proposed_by_person[r].append(c)
    for cs in proposed_by_person.values():
        cs.sort(key=lambda c: (challenges[c]["start"], c))
    team_of = defaultdict(list)
    for c, r, _role in answer["assignments"]:
        team_of[c].append(r)

    def words(code: str, reason: dict, c: dict, r: dict | None, role: str) -> str:
        if r is None or code == "score":
            return reason.get("text", "")
        if code == "expertise":
            if not c["lines"]:
                return _("The challenge names no key lines of enquiry.")
            known = [lines.get(line, str(line)) for line in c["lines"] if line in r["lines"]]
            if not known:
                return _("Knows none of the %(total)d key lines of enquiry.") % {
                    "total": len(c["lines"])
                }
            return _("Knows %(known)d of the %(total)d key lines of enquiry: %(names)s.") % {
                "known": len(known),
                "total": len(c["lines"]),
                "names": ", ".join(known),
            }
        if code == "region":
            region = regions.get(r["region"], str(r["region"]))
            if r["region"] == c["region"]:
                text = _("From the same region (%(region)s).") % {"region": region}
            else:
                text = _("From another region (%(region)s).") % {"region": region}
            if weights.region < 0:
                text += " " + _("The programme prefers reviewers from away.")
            elif weights.region > 0:
                text += " " + _("The programme prefers reviewers from the same region.")
            return text
        if code == "experience":
            count = r.get("experience", 0)
            done = ngettext("%d completed review", "%d completed reviews", count) % count
            if role in LEAD_ROLES:
                return _("%(done)s; a lead place favours experience.") % {"done": done}
            return _("%(done)s; other places favour newer reviewers, for a mix.") % {"done": done}
        if code == "load":
            number = held[r["id"]] + proposed_by_person[r["id"]].index(c["id"]) + 1
            return _("Challenge %(number)d of at most %(cap)d for them this cycle.") % {
                "number": number,
                "cap": r["cap"],
            }
        if code == "repeat":
            mates = [m for m, _role in fixed[c["id"]]] + team_of[c["id"]]
            again = [name(m) for m in mates if m != r["id"] and frozenset((m, r["id"])) in past]
            if not again:
                return _("Has not been on a team with the others before.")
            return _("Has been on a team before with %(names)s.") % {"names": ", ".join(again)}
        if code == "swap":
            return _("Chosen by hand in place of %(name)s.") % {
                "name": name(reason.get("replaced"))
            }
        return reason.get("text", "")

    def title(c) -> str:
        row = rows.get(c)
        if row is None:
            return str(c)
        return f"{row.reference}: {row.organisation.name}"

    out = {
        c: ChallengeProposal(
            challenge_id=c,
            title=title(c),
            on_site=_("%(start)s to %(end)s")
            % {
                "start": date_format(parse_date(challenges[c]["start"]), "j F Y"),
                "end": date_format(parse_date(challenges[c]["end"]), "j F Y"),
            },
            team=[
                _("%(name)s (%(role)s)") % {"name": name(r), "role": role_label(role).lower()}
                for r, role in fixed[c]
            ],
        )
        for c in order
    }
    for row in answer["reasons"]:
        c, r, role = row["challenge"], row["reviewer"], row["role"]
        person = people.get(r)
        facts = reviewers.get(r)
        out[c].proposed.append(
            ProposedMember(
                reviewer_id=r,
                name=name(r),
                organisation=person.organisation.name if person else "",
                role=role_label(role),
                reasons=[
                    words(reason["code"], reason, challenges[c], facts, role)
                    for reason in row["reasons"]
                ],
                swapped=any(reason["code"] == "swap" for reason in row["reasons"]),
            )
        )
    pool = len(problem["reviewers"])
    for place in answer["unfilled"]:
        blocking = place["blocking"]
        if blocking == "fully_qualified":
            reason = _(
                "Nobody fully qualified can join this team, and the reviewers who could take "
                "this place are not."
            )
        elif blocking == "unplaced":
            reason = ngettext(
                "%(count)d reviewer breaks no rule for this place but was not placed on it: "
                "swap someone in by hand, or run the matcher again.",
                "%(count)d reviewers break no rule for this place but were not placed on it: "
                "swap someone in by hand, or run the matcher again.",
                place["eligible"],
            ) % {"count": place["eligible"]}
        elif blocking == "pool":
            reason = _("The programme's pool has nobody who can take a place.")
        else:
            count = place["excluded"].get(blocking, 0)
            reason = _(
                "No reviewer can take this place. The rule that keeps most of the pool out: "
                "%(rule)s (%(count)d of the %(pool)d reviewers)."
            ) % {"rule": rule_words(blocking).lower(), "count": count, "pool": pool}
        out[place["challenge"]].open_places.append(
            OpenPlace(
                role=role_label(place["role"]),
                requirement=_requirement(place["requirement"]),
                missing=place["missing"],
                reason=reason,
                excluded=[(rule_words(rule), n) for rule, n in place["excluded"].items()],
                eligible=place["eligible"],
            )
        )
    return RunPage(
        challenges=[out[c] for c in order],
        shortfall=[
            ShortfallRow(
                role=role_label(s["role"]),
                requirement=_requirement(s["requirement"]),
                places=s["places"],
                capacity=s["capacity"],
                shortfall=s["shortfall"],
            )
            for s in answer["shortfall"]
        ],
        proposed=len(answer["assignments"]),
        unfilled=sum(u["missing"] for u in answer["unfilled"]),
        pool=pool,
    )


def swap_choices(*, run: MatchRun, challenge_id: int) -> list[tuple[int, str]]:
    """Who may be offered for a place on the challenge in a swap: the run's pool (accepted
    members able to take a place), less those already on the team or proposed for it, by
    name (one query)."""
    taken = {r for c, r, _role in run.problem.get("fixed", []) if c == challenge_id} | {
        r for c, r, _role in (run.answer or {}).get("assignments", []) if c == challenge_id
    }
    ids = [r["id"] for r in run.problem["reviewers"] if r["id"] not in taken and r["cap"] > 0]
    people = sorted(
        Reviewer.objects.filter(pk__in=ids).select_related("user", "organisation"),
        key=lambda r: (r.user.full_name.casefold(), r.pk),
    )
    return [(r.pk, f"{r.user.full_name} ({r.organisation.name})") for r in people]
