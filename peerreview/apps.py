from django.contrib.admin.apps import AdminConfig


class PeerReviewAdminConfig(AdminConfig):
    """The Django admin, with our site class (see peerreview.admin)."""

    default_site = "peerreview.admin.PeerReviewAdminSite"
