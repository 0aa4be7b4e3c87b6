"""The demo world's offers with their team composition, key lines of enquiry and golden
threads, and cycles.

Offers and lines of enquiry follow the programmes' own descriptions. Cycles are worked out from
today, so that the demo stays valid whenever it is built."""

import datetime
from decimal import Decimal

from django.utils import timezone

from accounts.models import Programme

from .enums import EnquiryKind, PublicationRule, TeamRequirement, TeamRole
from .models import Cycle, LineOfEnquiry, ReviewType, TeamPlace

YJSIP, YH, EM = "YJSIP", "YH peer challenge", "EM SEND"

# --- Offers ----------------------------------------------------------------------------------

OFFERS = {
    YJSIP: [
        {
            "name": "Full peer review",
            "description": (
                "Four days on site looking at the whole service, by a team of serving youth "
                "justice managers led by two co-leads. The service receives a report of "
                "evidenced strengths and areas for development to build its improvement plan on."
            ),
            "days_on_site": 4,
            "virtual_allowed": False,
            "reviewer_days": 30,
            "funding": Decimal(6000),
            "publication_rule": PublicationRule.SERVICE_DECIDES,
            "places": [
                (TeamRole.CO_LEAD, 2, TeamRequirement.FULLY_QUALIFIED),
                (TeamRole.REVIEWER, 4, TeamRequirement.TRAINED),
            ],
        },
        {
            "name": "Bespoke peer support",
            "description": (
                "A short, tailored piece of peer support on one area of the service's work, "
                "such as its governance or its out-of-court decision making, where a full "
                "review would be more than the service needs."
            ),
            "days_on_site": 2,
            "virtual_allowed": False,
            "reviewer_days": 6,
            "funding": Decimal(1500),
            "publication_rule": PublicationRule.SERVICE_DECIDES,
            "places": [
                (TeamRole.LEAD, 1, TeamRequirement.FULLY_QUALIFIED),
                (TeamRole.REVIEWER, 1, TeamRequirement.TRAINED),
            ],
        },
        {
            "name": "SEND peer review",
            "description": (
                "A review of how the service and its local partners meet the needs of children "
                "with special educational needs and disabilities. A SEND specialist from a "
                "partner agency, such as a SEND lead or an educational psychologist, joins "
                "the team."
            ),
            "days_on_site": 3,
            "virtual_allowed": False,
            "reviewer_days": 16,
            "funding": Decimal(4000),
            "publication_rule": PublicationRule.SERVICE_DECIDES,
            "places": [
                (TeamRole.LEAD, 1, TeamRequirement.FULLY_QUALIFIED),
                (TeamRole.REVIEWER, 2, TeamRequirement.TRAINED),
                (TeamRole.SPECIALIST, 1, TeamRequirement.SEND_PROFESSIONAL),
            ],
        },
    ],
    YH: [
        {
            "name": "Children's services peer challenge",
            "description": (
                "Three days on site on an aspect of children's services that the authority or "
                "safeguarding partnership chooses, by a director-level lead and two senior "
                "managers from another authority in the region. The report is published."
            ),
            "days_on_site": 3,
            "virtual_allowed": False,
            "reviewer_days": 12,
            "funding": Decimal(0),
            "publication_rule": PublicationRule.ALWAYS_PUBLIC,
            "places": [
                (TeamRole.LEAD, 1, TeamRequirement.DIRECTOR_LEVEL),
                (TeamRole.SENIOR_MANAGER, 2, TeamRequirement.SENIOR_MANAGER),
            ],
        },
    ],
    EM: [
        {
            "name": "SEND peer challenge",
            "description": (
                "A challenge of the local area's SEND arrangements by a mixed team from the "
                "regional pool: professionals, a parent or carer and a young ambassador. It can "
                "run on site or virtually."
            ),
            "days_on_site": 3,
            "virtual_allowed": True,
            "reviewer_days": 15,
            "funding": Decimal(0),
            "publication_rule": PublicationRule.SERVICE_DECIDES,
            "places": [
                (TeamRole.LEAD, 1, TeamRequirement.FULLY_QUALIFIED),
                (TeamRole.SPECIALIST, 2, TeamRequirement.SEND_PROFESSIONAL),
                (TeamRole.PARENT_CARER, 1, TeamRequirement.LIVED_EXPERIENCE),
                (TeamRole.YOUNG_AMBASSADOR, 1, TeamRequirement.LIVED_EXPERIENCE),
            ],
        },
    ],
}

# --- Key lines of enquiry and golden threads -------------------------------------------------

KEY_LINES = {
    YJSIP: [
        (
            "Governance and leadership",
            "How the management board sets direction, knows the quality of the service and "
            "holds partners to account.",
        ),
        (
            "Partnership working",
            "What police, health, education, children's social care and the voluntary sector "
            "bring to the work with children.",
        ),
        (
            "Out-of-court disposals",
            "Joint decision making with the police, and the assessment and interventions "
            "offered to children diverted from court.",
        ),
        (
            "Resettlement and transitions",
            "Planning for children leaving custody, and moves to adult probation and adult "
            "services.",
        ),
        (
            "Quality of assessment and planning",
            "Whether assessments are timely and analytical, and plans are shaped with the "
            "child and their family.",
        ),
        (
            "Workforce development",
            "Training, supervision, caseloads and the mix of skills in the team.",
        ),
    ],
    YH: [
        ("Early help", "Whether families get help early enough, and from the right people."),
        (
            "Front door: contact and referral",
            "Threshold decisions, timeliness and multi-agency information sharing when "
            "concerns are first raised.",
        ),
        (
            "Child protection",
            "The quality of strategy discussions, enquiries and child protection plans.",
        ),
        (
            "Children in care and permanence",
            "Placement stability, care planning and timely permanence for children in care.",
        ),
        (
            "Care leavers",
            "Pathway planning, accommodation and support into education, training and work.",
        ),
        (
            "Quality assurance and learning",
            "How audits, performance information and case reviews change practice.",
        ),
    ],
    EM: [
        (
            "Identification of need",
            "How early and how well children's special educational needs are identified.",
        ),
        (
            "Quality of EHC plans",
            "Whether education, health and care plans are timely, specific and reviewed.",
        ),
        (
            "Preparation for adulthood",
            "Planning with young people for work, independent living, friendships and health.",
        ),
        (
            "Co-production with parents and carers",
            "How families shape decisions about their own child and about local services.",
        ),
        (
            "Inclusion and attendance",
            "Support to keep children with SEND in school, and the use of exclusions and "
            "reduced timetables.",
        ),
    ],
}

# Lines a programme no longer offers: kept where they were chosen, shown as not in use.
RETIRED_LINES = {
    YJSIP: [
        (
            "Restorative justice and victim work",
            "Now looked at within out-of-court disposals and partnership working.",
        ),
    ],
}

GOLDEN_THREADS = {
    YJSIP: [
        (
            "Voice of the child",
            "How children's own views and experience shape assessments, plans and services.",
        ),
        (
            "Anti-racist practice, diversity and disproportionality",
            "How the service understands and acts on over-representation of groups of "
            "children, and how practice responds to each child's identity.",
        ),
    ],
    YH: [
        (
            "Voice and experience of children and families",
            "Whether children and families are heard and their experience changes practice.",
        ),
        (
            "Management oversight",
            "Whether managers know their practice and their oversight makes a difference.",
        ),
    ],
    EM: [
        (
            "Voice of children and young people",
            "How children and young people with SEND shape their plans and local services.",
        ),
    ],
}


def seed(*, password: str) -> list:
    """Create or update the offers, lines of enquiry and cycles of the demo programmes.
    Returns no demo sign-ins: the accounts seeder lists them."""
    programmes = {p.short_name: p for p in Programme.objects.filter(short_name__in=OFFERS)}
    _seed_offers(programmes)
    _seed_lines(programmes)
    _seed_cycles(programmes)
    return []


def seeded(
    programmes: dict[str, Programme],
) -> tuple[dict[str, ReviewType], dict[str, LineOfEnquiry], dict[str, list[Cycle]]]:
    """What `seed` made, for the seeders that build on it: offers by name, lines of enquiry
    by "<programme>: <name>", and each programme's cycles not yet ended, in date order."""
    chosen = programmes.values()
    offers = {offer.name: offer for offer in ReviewType.objects.filter(programme__in=chosen)}
    lines = {
        f"{line.programme.short_name}: {line.name}": line
        for line in LineOfEnquiry.objects.filter(programme__in=chosen).select_related("programme")
    }
    cycles: dict[str, list[Cycle]] = {short_name: [] for short_name in programmes}
    today = timezone.localdate()
    current = Cycle.objects.filter(programme__in=chosen, ends_on__gte=today)
    for cycle in current.select_related("programme"):
        cycles[cycle.programme.short_name].append(cycle)
    for listed in cycles.values():
        listed.sort(key=lambda cycle: cycle.starts_on)
    return offers, lines, cycles


def _seed_offers(programmes: dict[str, Programme]) -> dict[str, ReviewType]:
    offers = {}
    for short_name, rows in OFFERS.items():
        for position, row in enumerate(rows, start=1):
            data = dict(row)
            places = data.pop("places")
            offer, _created = ReviewType.objects.update_or_create(
                programme=programmes[short_name],
                name=data.pop("name"),
                defaults={**data, "position": position},
            )
            for role, count, requirement in places:
                TeamPlace.objects.update_or_create(
                    review_type=offer, role=role, requirement=requirement, defaults={"count": count}
                )
            offers[offer.name] = offer
    return offers


def _seed_lines(programmes: dict[str, Programme]) -> dict[str, LineOfEnquiry]:
    lines = {}
    for kind, table, in_use in (
        (EnquiryKind.KEY_LINE, KEY_LINES, True),
        (EnquiryKind.KEY_LINE, RETIRED_LINES, False),
        (EnquiryKind.GOLDEN_THREAD, GOLDEN_THREADS, True),
    ):
        for short_name, rows in table.items():
            first = len(KEY_LINES.get(short_name, [])) + 1 if not in_use else 1
            for position, (name, description) in enumerate(rows, start=first):
                line, _created = LineOfEnquiry.objects.update_or_create(
                    programme=programmes[short_name],
                    name=name,
                    defaults={
                        "kind": kind,
                        "description": description,
                        "position": position,
                        "is_active": in_use,
                    },
                )
                lines[f"{short_name}: {name}"] = line
    return lines


def _first_of_month(day: datetime.date, months: int) -> datetime.date:
    """The first day of the month `months` after `day`'s month."""
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def _period(start: datetime.date, months: int) -> tuple[datetime.date, datetime.date]:
    return start, _first_of_month(start, months) - datetime.timedelta(days=1)


def _seed_cycles(programmes: dict[str, Programme]) -> dict[str, list[Cycle]]:
    """Each programme's cycle holding today, and the next one where services need it to ask
    for a window: YJSIP's financial years always, the regional rounds near their end."""
    today = timezone.localdate()

    def save(programme: str, name: str, period, funding: int, days: int) -> Cycle:
        cycle, _created = Cycle.objects.update_or_create(
            programme=programmes[programme],
            name=name,
            defaults={
                "starts_on": period[0],
                "ends_on": period[1],
                "funding": Decimal(funding),
                "reviewer_days": days,
                "is_open": True,
            },
        )
        return cycle

    cycles: dict[str, list[Cycle]] = {YJSIP: [], YH: [], EM: []}
    # YJSIP runs in financial years, April to March.
    first = datetime.date(today.year if today.month >= 4 else today.year - 1, 4, 1)
    for offset in (0, 1):
        start = _first_of_month(first, 12 * offset)
        cycles[YJSIP].append(
            save(YJSIP, f"{start.year} to {start.year + 1}", _period(start, 12), 60000, 240)
        )
    # The Yorkshire and the Humber rounds last 18 months, the first from April 2026.
    months = (today.year - 2026) * 12 + today.month - 4
    yh_start = _first_of_month(datetime.date(2026, 4, 1), months // 18 * 18)
    # EM SEND runs in school years, September to August.
    em_start = datetime.date(today.year if today.month >= 9 else today.year - 1, 9, 1)
    for programme, start, length, days in ((YH, yh_start, 18, 180), (EM, em_start, 12, 150)):
        for offset in (0, 1):
            period = _period(_first_of_month(start, length * offset), length)
            if offset and period[0] - today > datetime.timedelta(weeks=16):
                break
            label = f"{period[0].year} to {period[1].year}"
            name = f"Round {label}" if programme == YH else label
            cycles[programme].append(save(programme, name, period, 0, days))
    return cycles
