"""The report's pages, under /challenges/<pk>/report/ (included by challenges.urls)."""

from django.urls import path

from . import report_views as views

urlpatterns = [
    path("<int:pk>/report/", views.report, name="report"),
    path("<int:pk>/report/start/", views.report_start, name="report_start"),
    path("<int:pk>/report/edit/", views.report_edit, name="report_edit"),
    path("<int:pk>/report/versions/", views.report_versions, name="report_versions"),
    path("<int:pk>/report/versions/<int:number>/", views.report_version, name="report_version"),
    path("<int:pk>/report/compare/", views.report_compare, name="report_compare"),
    path("<int:pk>/report/comments/new/", views.report_comment, name="report_comment"),
    path(
        "<int:pk>/report/comments/<int:comment_pk>/answer/",
        views.report_answer,
        name="report_answer",
    ),
    path("<int:pk>/report/identifying/", views.report_term_add, name="report_term_add"),
    path(
        "<int:pk>/report/identifying/<int:term_pk>/remove/",
        views.report_term_remove,
        name="report_term_remove",
    ),
    path("<int:pk>/report/<slug:step>/", views.report_step, name="report_step"),
]
