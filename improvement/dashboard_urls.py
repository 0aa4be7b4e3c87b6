from django.urls import path

from . import dashboard_views

app_name = "dashboards"

urlpatterns = [
    path("plans/<int:pk>/", dashboard_views.plan_dashboard, name="plan"),
    path("rag/", dashboard_views.programme_dashboard, name="rag"),
    path("service/", dashboard_views.service_dashboard, name="service"),
    path("plans/<int:pk>/board-pack/", dashboard_views.board_pack, name="board_pack"),
]
