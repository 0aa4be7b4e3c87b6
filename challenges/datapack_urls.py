from django.urls import path

from . import datapack_views

urlpatterns = [
    path("<int:pk>/data-pack/", datapack_views.data_pack_produce, name="data_pack_produce"),
]
