"""The team's on-site pages, under /challenges/<pk>/ (included by challenges.urls)."""

from django.urls import path

from . import onsite_views as views

urlpatterns = [
    path("<int:pk>/on-site/", views.schedule, name="onsite"),
    path("<int:pk>/on-site/activities/new/", views.activity_new, name="activity_new"),
    path("<int:pk>/on-site/activities/<int:activity_pk>/", views.activity, name="activity"),
    path(
        "<int:pk>/on-site/activities/<int:activity_pk>/edit/",
        views.activity_edit,
        name="activity_edit",
    ),
    path("<int:pk>/evidence/", views.evidence, name="evidence"),
    path("<int:pk>/evidence/<int:note_pk>/edit/", views.evidence_edit, name="evidence_edit"),
    path("<int:pk>/findings/", views.findings, name="findings"),
    path("<int:pk>/findings/new/", views.finding_new, name="finding_new"),
    path("<int:pk>/findings/<int:finding_pk>/", views.finding_edit, name="finding_edit"),
    path("<int:pk>/findings/<int:finding_pk>/merge/", views.finding_merge, name="finding_merge"),
    path("<int:pk>/findings/<int:finding_pk>/move/", views.finding_move, name="finding_move"),
]
