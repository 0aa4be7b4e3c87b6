from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from .navigation import navigation_for


def service(request: HttpRequest) -> dict:
    """The service's name and phase, and the navigation for the signed-in user."""
    return {
        "service_name": settings.SERVICE_NAME,
        "service_phase": settings.SERVICE_PHASE,
        "feedback_email": settings.FEEDBACK_EMAIL,
        "service_navigation": SimpleLazyObject(lambda: navigation_for(request)),
    }
