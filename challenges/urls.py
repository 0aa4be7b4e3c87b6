from django.urls import include, path

from . import views

app_name = "challenges"

urlpatterns = [
    path("", views.challenge_list, name="list"),
    path("export.csv", views.challenge_export, {"kind": "csv"}, name="export"),
    path("export.xlsx", views.challenge_export, {"kind": "xlsx"}, name="export_xlsx"),
    path("from-application/<int:application_pk>/", views.challenge_new, name="new"),
    path("<int:pk>/", views.challenge_detail, name="detail"),
    path("<int:pk>/dates/", views.challenge_dates, name="dates"),
    path("<int:pk>/asked/", views.challenge_notes, name="notes"),
    path("<int:pk>/team/", views.challenge_team, name="team"),
    path("<int:pk>/team/shadowing/", views.challenge_shadowing, name="shadowing"),
    path("<int:pk>/team/<int:member_pk>/remove/", views.member_remove, name="member_remove"),
    path("<int:pk>/invitation/", views.invitation, name="invitation"),
    path("<int:pk>/milestones/", views.milestones, name="milestones"),
    path("<int:pk>/milestones/new/", views.milestone_new, name="milestone_new"),
    path("<int:pk>/milestones/<int:milestone_pk>/", views.milestone_edit, name="milestone_edit"),
    path(
        "<int:pk>/milestones/<int:milestone_pk>/done/",
        views.milestone_done,
        name="milestone_done",
    ),
    path("<int:pk>/move/<str:action>/", views.challenge_move, name="move"),
    path("", include("challenges.datapack_urls")),
    path("", include("challenges.onsite_urls")),
    # Before report_urls, whose report/<step>/ would take report/plan/ for a step.
    path("", include("challenges.report_plan_urls")),
    path("", include("challenges.report_urls")),
    path("", include("challenges.matcher_urls")),
    path("", include("challenges.planner_urls")),
]
