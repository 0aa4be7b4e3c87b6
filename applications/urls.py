from django.urls import path

from . import views

app_name = "applications"

urlpatterns = [
    path("", views.application_list, name="list"),
    path("export.csv", views.application_export, {"kind": "csv"}, name="export"),
    path("export.xlsx", views.application_export, {"kind": "xlsx"}, name="export_xlsx"),
    path("new/", views.application_new, name="new"),
    path("<int:pk>/", views.application_detail, name="detail"),
    path("<int:pk>/edit/<slug:section>/", views.application_edit, name="edit"),
    path("<int:pk>/documents/", views.application_documents, name="documents"),
    path("<int:pk>/documents/<int:document_pk>/", views.document_download, name="document"),
    path(
        "<int:pk>/documents/<int:document_pk>/remove/",
        views.document_remove,
        name="document_remove",
    ),
    path("<int:pk>/check/", views.application_check, name="check"),
    path("<int:pk>/submitted/", views.application_submitted, name="submitted"),
    path("<int:pk>/withdraw/", views.application_withdraw, name="withdraw"),
    path(
        "<int:pk>/request-information/",
        views.application_request_information,
        name="request_information",
    ),
]
