"""The planner's pages, in the challenges namespace (included by challenges/urls.py)."""

from django.urls import path

from . import planner_views as views

urlpatterns: list = [
    path("programmes/<int:programme_pk>/cycle-plans/", views.plan_list, name="plans"),
    path("cycles/<int:cycle_pk>/plan/", views.plan_cycle, name="plan"),
    path("cycles/<int:cycle_pk>/plan/<int:plan_pk>/accept/", views.plan_accept, name="plan_accept"),
    path(
        "cycles/<int:cycle_pk>/plan/<int:plan_pk>/discard/",
        views.plan_discard,
        name="plan_discard",
    ),
]
