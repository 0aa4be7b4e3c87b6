from django.urls import path

from . import import_views
from .views import actions, changes, items, measures, plan_details, plan_state, plans, updates

app_name = "improvement"

urlpatterns = [
    # The plans, a plan's page and its export.
    path("", plans.plan_list, name="plans"),
    path("<int:pk>/", plans.plan_detail, name="plan"),
    path("<int:pk>/export.csv", plans.export_csv, name="export_csv"),
    path("<int:pk>/export.xlsx", plans.export_xlsx, name="export_xlsx"),
    # Starting a plan: its question pages and check answers.
    path("new/", plan_details.plan_new, name="plan_new"),
    path("new/check/", plan_details.plan_new_check, name="plan_new_check"),
    path("new/<slug:step>/", plan_details.plan_new_step, name="plan_new_step"),
    # Changing a plan's details; closing, reopening and archiving it.
    path("<int:pk>/details/<slug:step>/", plan_state.plan_details_edit, name="plan_details_edit"),
    path("<int:pk>/close/", plan_state.plan_close, name="plan_close"),
    path("<int:pk>/reopen/", plan_state.plan_reopen, name="plan_reopen"),
    path("<int:pk>/archive/", plan_state.plan_archive, name="plan_archive"),
    # Items and their desired outcomes.
    path("<int:pk>/items/add/", items.item_add, name="item_add"),
    path("<int:pk>/items/<int:item_pk>/edit/", items.item_edit, name="item_edit"),
    path("<int:pk>/items/<int:item_pk>/delete/", items.item_delete, name="item_delete"),
    path("<int:pk>/items/<int:item_pk>/outcomes/add/", items.outcome_add, name="outcome_add"),
    path("<int:pk>/outcomes/<int:outcome_pk>/edit/", items.outcome_edit, name="outcome_edit"),
    path("<int:pk>/outcomes/<int:outcome_pk>/delete/", items.outcome_delete, name="outcome_delete"),
    # Actions: their page, changes, sign-off and those awaiting it.
    path("awaiting-sign-off/", actions.awaiting_sign_off, name="awaiting_sign_off"),
    path("<int:pk>/actions/<int:action_pk>/", actions.action_detail, name="action"),
    path("<int:pk>/actions/<int:action_pk>/edit/", actions.action_edit, name="action_edit"),
    path(
        "<int:pk>/actions/<int:action_pk>/sign-off/",
        actions.action_sign_off,
        name="action_sign_off",
    ),
    path(
        "<int:pk>/actions/<int:action_pk>/send-back/",
        actions.action_send_back,
        name="action_send_back",
    ),
    path("<int:pk>/items/<int:item_pk>/actions/add/", actions.action_add, name="action_add"),
    path("<int:pk>/actions/<int:action_pk>/delete/", actions.action_delete, name="action_delete"),
    # Progress updates: on a recommendation as a whole, and correcting or deleting one.
    path(
        "<int:pk>/recommendations/<int:rec_pk>/update/",
        updates.recommendation_update,
        name="recommendation_update",
    ),
    path("<int:pk>/updates/<int:update_pk>/edit/", updates.update_edit, name="update_edit"),
    path("<int:pk>/updates/<int:update_pk>/delete/", updates.update_delete, name="update_delete"),
    # Measures and their values.
    path("<int:pk>/items/<int:item_pk>/measures/add/", measures.measure_add, name="measure_add"),
    path("<int:pk>/measures/<int:measure_pk>/edit/", measures.measure_edit, name="measure_edit"),
    path(
        "<int:pk>/measures/<int:measure_pk>/delete/",
        measures.measure_delete,
        name="measure_delete",
    ),
    path(
        "<int:pk>/measures/<int:measure_pk>/values/add/",
        measures.measure_value_add,
        name="measure_value_add",
    ),
    path(
        "<int:pk>/values/<int:value_pk>/edit/",
        measures.measure_value_edit,
        name="measure_value_edit",
    ),
    path(
        "<int:pk>/values/<int:value_pk>/delete/",
        measures.measure_value_delete,
        name="measure_value_delete",
    ),
    # The plan's changes.
    path("<int:pk>/changes/", changes.plan_changes, name="changes"),
    # Importing a tracker, and undoing an import.
    path("<int:pk>/import/", import_views.import_upload, name="import"),
    path("<int:pk>/import/<uuid:token>/", import_views.import_map, name="import_map"),
    path(
        "<int:pk>/imports/<int:batch_pk>/undo/",
        import_views.import_undo,
        name="import_undo",
    ),
]
