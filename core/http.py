"""Small helpers every app's views use."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest


def require_permission(request: HttpRequest, permission: str, obj: Any = None) -> None:
    """403 unless the user holds `permission` (on `obj`, when given)."""
    if not request.user.has_perm(permission, obj):
        raise PermissionDenied


def posted(request: HttpRequest):
    """The submitted data to bind a form to, or None on GET. (Not `request.POST or None`: a
    form sent with nothing ticked or typed is still a submission, and must be checked.)"""
    return request.POST if request.method == "POST" else None


def show_errors(form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: on its fields where it names them."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
