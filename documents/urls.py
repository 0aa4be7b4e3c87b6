from django.urls import path

from . import views

app_name = "documents"

# The page that waits for a document, the part of it that polls, the download, and "try
# again" after a failure.
urlpatterns = [
    path("<int:pk>/", views.document, name="document"),
    path("<int:pk>/status/", views.document_status, name="document_status"),
    path("<int:pk>/download/", views.document_download, name="document_download"),
    path("<int:pk>/retry/", views.document_retry, name="document_retry"),
]
