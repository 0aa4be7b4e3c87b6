from django.urls import path

from . import views

app_name = "performance"

urlpatterns = [
    path("services/<int:pk>/", views.service_page, name="service"),
    path(
        "services/<int:pk>/figures.csv",
        views.service_export,
        {"kind": "csv"},
        name="service_export",
    ),
    path(
        "services/<int:pk>/figures.xlsx",
        views.service_export,
        {"kind": "xlsx"},
        name="service_export_xlsx",
    ),
    path("programmes/<int:pk>/", views.programme_page, name="programme"),
    path(
        "programmes/<int:pk>/services.csv",
        views.programme_export,
        {"kind": "csv"},
        name="programme_export",
    ),
    path(
        "programmes/<int:pk>/services.xlsx",
        views.programme_export,
        {"kind": "xlsx"},
        name="programme_export_xlsx",
    ),
]
