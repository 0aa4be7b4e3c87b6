"""The public pages of published reports, at /reports/ (no sign-in)."""

from django.urls import path

from . import public_views as views

app_name = "reports"

urlpatterns = [
    path("", views.report_list, name="list"),
    path("<slug:slug>/", views.report_detail, name="detail"),
    path("<slug:slug>.pdf", views.report_pdf, name="pdf"),
]
