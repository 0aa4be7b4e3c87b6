from django.contrib import admin
from django.urls import include, path

from accounts.views import start

urlpatterns = [
    # The start page: what the service is, or the signed-in person's tasks.
    path("", start, name="start"),
    path("", include("core.urls")),
    path("documents/", include("documents.urls")),
    path("accounts/", include("accounts.urls")),
    path("programmes/", include("accounts.setup_urls")),
    path("applications/", include("applications.urls")),
    path("board/", include("applications.board_urls")),
    path("reviewers/", include("reviewers.urls")),
    path("training/", include("reviewers.training_urls")),
    path("programmes/<int:programme_pk>/eligibility/", include("reviewers.setup_urls")),
    path("challenges/", include("challenges.urls")),
    path("calendar/", include("challenges.calendar_urls")),
    path("plans/", include("improvement.urls")),
    # Published reports, for everyone (no sign-in).
    path("reports/", include("challenges.public_urls")),
    path("dashboards/", include("improvement.dashboard_urls")),
    path("performance/import/", include("performance.import_urls")),
    # Performance against comparators (its imports, under /performance/import/, apart).
    path("performance/", include("performance.urls")),
    path("self-assessment/", include("selfassessment.urls")),
    path("programmes/<int:programme_pk>/offers/", include("offers.setup_urls")),
    path(
        "programmes/<int:programme_pk>/comparator-families/",
        include("performance.family_urls"),
    ),
    path("programmes/<int:programme_pk>/matching/", include("challenges.matching_setup_urls")),
    path("admin/", admin.site.urls),
]
