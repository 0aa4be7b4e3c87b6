"""National-scale data for `make bench`: services with peer-review plans of one programme,
each with recommendations, actions and a monthly progress update per action, and a
coordinator of that programme to look at the programme dashboard.

`build()` is incremental: calling it again with more services adds services, and with more
months adds older updates to every action, so the bench can measure at 10 services, then at
the full number, then with ten times the history, on one database.

Run as `python -m tests.perf.national` (with DJANGO_SETTINGS_MODULE and DATABASE_URL set, as
bench.py does): it builds the data in stages, counts and times the programme dashboard
in-process at each stage, and prints the results as one JSON object. It is a separate process
because locust (in bench.py) monkey-patches the standard library with gevent.
"""

import datetime
import json
import os
import statistics
import sys
import time

PLANS_PER_SERVICE = 3
RECOMMENDATIONS_PER_PLAN = 8
ACTIONS_PER_RECOMMENDATION = 3
BATCH = 5000
PROGRAMME_SLUG = "bench-national"
COORDINATOR_EMAIL = "bench.coordinator@example.org"
DASHBOARD = "/dashboards/rag/"
# RAG of an action's update: a fixed mix, red 15%, amber 35%, green 50%.
RAG_MIX = ["red"] * 3 + ["amber"] * 7 + ["green"] * 10


def month_end(today: datetime.date, back: int) -> datetime.date:
    """The end of the month `back` months before today's (today itself for back=0)."""
    if back == 0:
        return today
    year, month = divmod(today.year * 12 + today.month - 1 - back, 12)
    first_of_next = datetime.date(year + (month + 1) // 12, (month + 1) % 12 + 1, 1)
    return first_of_next - datetime.timedelta(days=1)


def coordinator():
    from accounts.enums import ProgrammeScope, Role
    from accounts.models import Membership, Programme, User

    programme, _ = Programme.objects.get_or_create(
        slug=PROGRAMME_SLUG,
        defaults={
            "name": "Bench national peer review programme",
            "short_name": "BENCH",
            "scope": ProgrammeScope.NATIONAL,
        },
    )
    user = User.objects.filter(email=COORDINATOR_EMAIL).first()
    if user is None:
        user = User.objects.create_user(COORDINATOR_EMAIL, None, full_name="Bench Coordinator")
    Membership.objects.get_or_create(user=user, role=Role.COORDINATOR, programme=programme)
    return programme, user


def build(scale_services: int, months: int) -> dict[str, int]:
    """Make sure there are `scale_services` bench services, each with its plans,
    recommendations and actions, and that every action has one update at each of the last
    `months` month ends. Returns the numbers of services, actions and updates."""
    from django.db import transaction
    from django.db.models import Count
    from django.utils import timezone

    from accounts.enums import OrganisationKind
    from accounts.models import Organisation, Region
    from improvement import services
    from improvement.enums import PlanSource
    from improvement.models import Action, ImprovementPlan, ProgressUpdate, Recommendation

    programme, user = coordinator()
    regions = list(Region.objects.order_by("code"))
    if not regions:
        regions = [Region.objects.create(name="Bench region", code="E99999999", nation="england")]
    today = timezone.localdate()
    with transaction.atomic():
        existing = Organisation.objects.filter(name__startswith="Bench YJS ").count()
        new = [
            Organisation(
                name=f"Bench YJS {index:04d}",
                kind=OrganisationKind.YOUTH_JUSTICE_SERVICE,
                region=regions[index % len(regions)],
            )
            for index in range(existing, scale_services)
        ]
        if new:
            Organisation.objects.bulk_create(new, batch_size=BATCH)
            names = [organisation.name for organisation in new]
            organisations = list(Organisation.objects.filter(name__in=names))
            ImprovementPlan.objects.bulk_create(
                [
                    ImprovementPlan(
                        organisation=organisation,
                        title=f"Peer review improvement plan {number + 1}",
                        source=PlanSource.PEER_REVIEW,
                        programme=programme,
                        published_on=today - datetime.timedelta(days=365 * (number + 1)),
                    )
                    for organisation in organisations
                    for number in range(PLANS_PER_SERVICE)
                ],
                batch_size=BATCH,
            )
            plans = list(ImprovementPlan.objects.filter(organisation__in=organisations))
            Recommendation.objects.bulk_create(
                [
                    Recommendation(
                        plan=plan,
                        reference=str(number + 1),
                        text="The management board should understand the needs of children.",
                        addressee="The management board",
                        position=number,
                    )
                    for plan in plans
                    for number in range(RECOMMENDATIONS_PER_PLAN)
                ],
                batch_size=BATCH,
            )
            recommendations = list(Recommendation.objects.filter(plan__in=plans))
            Action.objects.bulk_create(
                [
                    Action(
                        recommendation=recommendation,
                        reference=f"{recommendation.reference}{'abc'[number]}",
                        text="Agree a data set for the board, reported monthly.",
                        lead_officer="Head of service",
                        due_on=today + datetime.timedelta(days=30 * (number - 1)),
                        position=number,
                    )
                    for recommendation in recommendations
                    for number in range(ACTIONS_PER_RECOMMENDATION)
                ],
                batch_size=BATCH,
            )
        actions = Action.objects.filter(recommendation__plan__programme=programme).annotate(
            updates_so_far=Count("updates")
        )
        batch: list[ProgressUpdate] = []
        dates = [month_end(today, back) for back in range(months)]
        for action_id, so_far in actions.values_list("pk", "updates_so_far").iterator():
            # Updates go backwards in time from today: extending the history adds older ones.
            for back in range(so_far, months):
                batch.append(
                    ProgressUpdate(
                        action_id=action_id,
                        rag=RAG_MIX[(action_id * 7 + back * 3) % len(RAG_MIX)],
                        narrative="Progress this month: data set agreed, first report to board.",
                        recorded_on=dates[back],
                        author=user,
                    )
                )
                if len(batch) >= BATCH:
                    ProgressUpdate.objects.bulk_create(batch)
                    batch = []
        if batch:
            ProgressUpdate.objects.bulk_create(batch)
        # Bulk inserts skip the service, so bring each action's current RAG up to date.
        services.current_rag_refresh(
            Action.objects.filter(recommendation__plan__programme=programme)
        )
    return {
        "services": Organisation.objects.filter(name__startswith="Bench YJS ").count(),
        "actions": Action.objects.filter(recommendation__plan__programme=programme).count(),
        "updates": ProgressUpdate.objects.filter(
            action__recommendation__plan__programme=programme
        ).count(),
    }


def session_key() -> str:
    """A signed-in session for the coordinator, in the bench database's session store."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    _programme, user = coordinator()
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def measure(repeats: int) -> dict[str, float | int]:
    """The dashboard's query count and median in-process time (ms) when its heat-map is built
    afresh (the cache's generation changed before each request, as after a progress update),
    and its median when the heat-map comes from the cache; as the coordinator."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from core.caching import generation_bump
    from improvement.dashboards import HEATMAP_GENERATION

    _programme, user = coordinator()
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    client.get(DASHBOARD)  # warm up
    generation_bump(HEATMAP_GENERATION)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(DASHBOARD)
    count = len(queries)  # now: the next request resets the connection's query log
    if response.status_code != 200:
        raise SystemExit(f"{DASHBOARD} answered {response.status_code}")

    def median_ms(*, fresh: bool) -> float:
        samples = []
        for _ in range(repeats):
            if fresh:
                generation_bump(HEATMAP_GENERATION)
            started = time.perf_counter()
            client.get(DASHBOARD)
            samples.append((time.perf_counter() - started) * 1000)
        return statistics.median(samples)

    return {
        "queries": count,
        "median_ms": median_ms(fresh=True),
        "cached_ms": median_ms(fresh=False),
    }


def main() -> None:
    import django

    django.setup()
    services = int(os.environ.get("BENCH_SERVICES", "150"))
    months = int(os.environ.get("BENCH_MONTHS", "36"))
    repeats = int(os.environ.get("BENCH_REPEATS", "15"))
    short = max(1, months // 10)
    stages = {}
    started = time.perf_counter()
    stages["small"] = {**build(min(10, services), short), **measure(repeats)}
    stages["full_short_history"] = {**build(services, short), **measure(repeats)}
    stages["full"] = {**build(services, months), **measure(repeats)}
    result = {
        "services": services,
        "months": months,
        "short_months": short,
        "build_seconds": time.perf_counter() - started,
        "stages": stages,
        "session_key": session_key(),
    }
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
