"""The matcher's pages, in the challenges namespace (included by challenges/urls.py)."""

from django.urls import path

from . import matcher_views as views

urlpatterns = [
    path("<int:pk>/team/propose/", views.propose_team, name="propose_team"),
    path("cycles/<int:cycle_pk>/propose/", views.propose_teams, name="propose_teams"),
    path("runs/<int:run_pk>/", views.run, name="run"),
    path("runs/<int:run_pk>/status/", views.run_status, name="run_status"),
    path("runs/<int:run_pk>/accept/", views.run_accept, name="run_accept"),
    path("runs/<int:run_pk>/again/", views.run_again, name="run_again"),
    path(
        "runs/<int:run_pk>/swap/<int:challenge_pk>/<int:reviewer_pk>/",
        views.run_swap,
        name="run_swap",
    ),
    path(
        "runs/<int:run_pk>/without/<int:challenge_pk>/<int:reviewer_pk>/",
        views.run_without,
        name="run_without",
    ),
]
