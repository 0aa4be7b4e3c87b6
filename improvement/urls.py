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

# Part C (issue 14): undoing an import.
urlpatterns += [
    path(
        "<int:pk>/imports/<int:batch_pk>/undo/",
        import_views.import_undo,
        name="import_undo",
    ),
]
