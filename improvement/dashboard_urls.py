from django.urls import path

from .views import dashboards

app_name = "dashboards"

urlpatterns = [
    path("plans/<int:pk>/", dashboards.plan_dashboard, name="plan"),
    path("rag/", dashboards.programme_dashboard, name="rag"),
    path("service/", dashboards.service_dashboard, name="service"),
    path("plans/<int:pk>/board-pack/", dashboards.board_pack, name="board_pack"),
]
