"""What django-axes counts sign-in failures against: the email address tried, as the sign-in
form posts it (its `username` field) and normalised the way accounts are found, so that the
same account typed in another case or with spaces is one account to lock."""

from django.http import HttpRequest


def username_tried(request: HttpRequest, credentials: dict | None) -> str | None:
    """The normalised email address of a sign-in attempt, from what was passed to
    `authenticate` or else from the posted form; None when there is none."""
    tried = (credentials or {}).get("username")
    if tried is None and request is not None:
        tried = getattr(request, "POST", {}).get("username")
    if not tried:
        return None
    return str(tried).strip().lower()
