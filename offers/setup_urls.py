"""A programme's set-up pages for its offers, key lines of enquiry and golden threads, and
cycles, under /programmes/<programme_pk>/offers/."""

from django.urls import path

from . import views

app_name = "offers"

urlpatterns = [
    path("", views.offer_list, name="offers"),
    path("new/", views.offer_new, name="offer_new"),
    path("<int:pk>/", views.offer_edit, name="offer"),
    path("<int:pk>/delete/", views.offer_delete, name="offer_delete"),
    path("lines/", views.line_list, name="lines"),
    path("lines/new/", views.line_new, name="line_new"),
    path("lines/<int:pk>/", views.line_edit, name="line"),
    path("lines/<int:pk>/delete/", views.line_delete, name="line_delete"),
    path("cycles/", views.cycle_list, name="cycles"),
    path("cycles/new/", views.cycle_new, name="cycle_new"),
    path("cycles/<int:pk>/", views.cycle_edit, name="cycle"),
    path("cycles/<int:pk>/delete/", views.cycle_delete, name="cycle_delete"),
]
