from django.urls import path

from . import board_views as views

app_name = "board"

urlpatterns = [
    path("meetings/", views.meeting_list, name="meetings"),
    path("meetings/new/", views.meeting_edit, name="meeting_new"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting"),
    path("meetings/<int:pk>/edit/", views.meeting_edit, name="meeting_edit"),
    path("meetings/<int:pk>/attendance/", views.meeting_attendance, name="attendance"),
    path("meetings/<int:pk>/agenda/add/", views.agenda_add, name="agenda_add"),
    path("meetings/<int:pk>/agenda/<int:item_pk>/move/", views.agenda_move, name="agenda_move"),
    path(
        "meetings/<int:pk>/agenda/<int:item_pk>/remove/", views.agenda_remove, name="agenda_remove"
    ),
    path("meetings/<int:pk>/agenda/<int:item_pk>/declare/", views.agenda_declare, name="declare"),
    path("meetings/<int:pk>/agenda/<int:item_pk>/decide/", views.agenda_decide, name="decide"),
    path(
        "meetings/<int:pk>/agenda/<int:item_pk>/between-meetings/",
        views.agenda_decide_between,
        name="decide_between",
    ),
    path("meetings/<int:pk>/decide/", views.agenda_decide_batch, name="decide_batch"),
    path("decisions/<int:pk>/amend/", views.decision_amend, name="decision_amend"),
    path("decisions/<int:pk>/rescind/", views.decision_rescind, name="decision_rescind"),
    path("terms/<int:programme_pk>/", views.board_terms, name="terms"),
    path("capacity/", views.capacity, name="capacity"),
]
