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

# --- Part B: correcting a plan (items, outcomes, actions, updates, measures) and its changes ---
from . import item_views  # noqa: E402

urlpatterns += [
    path("<int:pk>/items/add/", item_views.item_add, name="item_add"),
    path("<int:pk>/items/<int:item_pk>/edit/", item_views.item_edit, name="item_edit"),
    path("<int:pk>/items/<int:item_pk>/delete/", item_views.item_delete, name="item_delete"),
    path("<int:pk>/items/<int:item_pk>/outcomes/add/", item_views.outcome_add, name="outcome_add"),
    path("<int:pk>/outcomes/<int:outcome_pk>/edit/", item_views.outcome_edit, name="outcome_edit"),
    path(
        "<int:pk>/outcomes/<int:outcome_pk>/delete/",
        item_views.outcome_delete,
        name="outcome_delete",
    ),
    path("<int:pk>/items/<int:item_pk>/actions/add/", item_views.action_add, name="action_add"),
    path(
        "<int:pk>/actions/<int:action_pk>/delete/", item_views.action_delete, name="action_delete"
    ),
    path("<int:pk>/updates/<int:update_pk>/edit/", item_views.update_edit, name="update_edit"),
    path(
        "<int:pk>/updates/<int:update_pk>/delete/", item_views.update_delete, name="update_delete"
    ),
    path("<int:pk>/items/<int:item_pk>/measures/add/", item_views.measure_add, name="measure_add"),
    path("<int:pk>/measures/<int:measure_pk>/edit/", item_views.measure_edit, name="measure_edit"),
    path(
        "<int:pk>/measures/<int:measure_pk>/delete/",
        item_views.measure_delete,
        name="measure_delete",
    ),
    path(
        "<int:pk>/measures/<int:measure_pk>/values/add/",
        item_views.measure_value_add,
        name="measure_value_add",
    ),
    path(
        "<int:pk>/values/<int:value_pk>/edit/",
        item_views.measure_value_edit,
        name="measure_value_edit",
    ),
    path(
        "<int:pk>/values/<int:value_pk>/delete/",
        item_views.measure_value_delete,
        name="measure_value_delete",
    ),
    path("<int:pk>/changes/", item_views.plan_changes, name="changes"),
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

# Part C (issue 14): undoing an import.
urlpatterns += [
    path(
        "<int:pk>/imports/<int:batch_pk>/undo/",
        import_views.import_undo,
        name="import_undo",
    ),
]
