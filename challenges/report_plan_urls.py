"""The improvement plan made from a report, under /challenges/<pk>/report/plan/ (included by
challenges.urls)."""

from django.urls import path

from . import report_plan_views as views

urlpatterns = [
    path("<int:pk>/report/plan/", views.report_plan, name="report_plan"),
]
