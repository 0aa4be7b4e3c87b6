from django.urls import path

from . import views

app_name = "reviewers"

urlpatterns = [
    path("", views.reviewer_list, name="list"),
    path("export.csv", views.reviewer_export, {"kind": "csv"}, name="export"),
    path("export.xlsx", views.reviewer_export, {"kind": "xlsx"}, name="export_xlsx"),
    path("join/", views.reviewer_join, name="join"),
    path("join/sent/", views.reviewer_join_sent, name="join_sent"),
    path("me/", views.reviewer_me, name="me"),
    path("pools/<int:membership_pk>/decide/", views.pool_decide, name="decide"),
    path("pools/<int:membership_pk>/leave/", views.pool_leave, name="leave"),
    path("changes/", views.reviewer_changes, name="changes"),
    path("changes/<int:change_pk>/decide/", views.reviewer_change_decide, name="change_decide"),
    path("<int:pk>/", views.reviewer_detail, name="detail"),
    path("<int:pk>/edit/", views.reviewer_edit, name="edit"),
    path("<int:pk>/away/", views.reviewer_away, name="away"),
    path("<int:pk>/away/<int:away_pk>/remove/", views.reviewer_away_remove, name="away_remove"),
    path("<int:pk>/conflicts/", views.reviewer_conflicts, name="conflicts"),
    path("<int:pk>/cpd-record/", views.reviewer_cpd_record, name="cpd_record"),
    path("<int:pk>/past-reviews/", views.reviewer_past_reviews, name="past_reviews"),
]
