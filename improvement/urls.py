from django.urls import path

from . import views

app_name = "improvement"

urlpatterns = [
    path("", views.plan_list, name="plans"),
    path("awaiting-sign-off/", views.awaiting_sign_off, name="awaiting_sign_off"),
    path("<int:pk>/", views.plan_detail, name="plan"),
    path("<int:pk>/actions/<int:action_pk>/", views.action_detail, name="action"),
    path("<int:pk>/actions/<int:action_pk>/edit/", views.action_edit, name="action_edit"),
    path(
        "<int:pk>/actions/<int:action_pk>/sign-off/",
        views.action_sign_off,
        name="action_sign_off",
    ),
    path(
        "<int:pk>/actions/<int:action_pk>/send-back/",
        views.action_send_back,
        name="action_send_back",
    ),
    path(
        "<int:pk>/recommendations/<int:rec_pk>/update/",
        views.recommendation_update,
        name="recommendation_update",
    ),
    path("<int:pk>/export.csv", views.export_csv, name="export_csv"),
    path("<int:pk>/export.xlsx", views.export_xlsx, name="export_xlsx"),
]

from . import import_views  # noqa: E402

urlpatterns += [
    path("<int:pk>/import/", import_views.import_upload, name="import"),
    path("<int:pk>/import/<uuid:token>/", import_views.import_map, name="import_map"),
]

# Part A: starting a plan, changing its details, closing, reopening and archiving it.
from . import plan_views  # noqa: E402

urlpatterns += [
    path("new/", plan_views.plan_new, name="plan_new"),
    path("new/check/", plan_views.plan_new_check, name="plan_new_check"),
    path("new/<slug:step>/", plan_views.plan_new_step, name="plan_new_step"),
    path("<int:pk>/details/<slug:step>/", plan_views.plan_details_edit, name="plan_details_edit"),
    path("<int:pk>/close/", plan_views.plan_close, name="plan_close"),
    path("<int:pk>/reopen/", plan_views.plan_reopen, name="plan_reopen"),
    path("<int:pk>/archive/", plan_views.plan_archive, name="plan_archive"),
]
