"""Job roles, pool membership, changes of details, qualification and training states for the
reviewer pool."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class JobRole(models.TextChoices):
    HEAD_OF_SERVICE = "head_of_service", _("Head of service or YOT manager")
    OPERATIONAL_MANAGER = (
        "operational_manager",
        _("Operational manager line managed directly by the head of service"),
    )
    DIRECTOR = "director", _("Director of children's services")
    SAFEGUARDING_CHAIR = "safeguarding_chair", _("Safeguarding partnership chair")
    SENIOR_MANAGER = "senior_manager", _("Senior manager in children's services")
    SEND_LEAD = "send_lead", _("SEND lead")
    EDUCATIONAL_PSYCHOLOGIST = "educational_psychologist", _("Educational psychologist")
    PARENT_CARER = "parent_carer", _("Parent or carer")
    YOUNG_AMBASSADOR = "young_ambassador", _("Young ambassador")
    OTHER_PROFESSIONAL = "other_professional", _("Other professional")


class PoolStatus(models.TextChoices):
    """The coordinator's answer to a request to join a programme's pool."""

    REQUESTED = "requested", _("Asked to join")
    ACCEPTED = "accepted", _("In the pool")
    DECLINED = "declined", _("Not accepted")
    LEFT = "left", _("Left the pool")


class ChangeStatus(models.TextChoices):
    """A change to a reviewer's home organisation or job role that waits for a coordinator
    of one of their pools (reviewers.models.ReviewerChange)."""

    PENDING = "pending", _("Waiting for a coordinator to confirm")
    CONFIRMED = "confirmed", _("Confirmed")
    REJECTED = "rejected", _("Not confirmed")
    REPLACED = "replaced", _("Replaced by a later change")


class Qualification(models.TextChoices):
    """A pool member's standing, derived from eligibility, training and reviews (never typed),
    in order: each step needs the one before."""

    APPLICANT = "applicant", _("Applicant")
    ELIGIBLE = "eligible", _("Eligible")
    TRAINED = "trained", _("Trained")
    FULLY_QUALIFIED = "fully_qualified", _("Fully qualified")
    MENTOR = "mentor", _("Mentor")

    @property
    def tag_colour(self) -> str:
        return {
            "applicant": "grey",
            "eligible": "blue",
            "trained": "turquoise",
            "fully_qualified": "green",
            "mentor": "purple",
        }[self.value]


class ReviewSource(models.TextChoices):
    """Where a completed review was recorded from: typed by a coordinator (a review done
    before this service held it), or a peer challenge this service ran."""

    RECORDED = "recorded", _("Recorded by a coordinator")
    CHALLENGE = "challenge", _("Peer challenge run in this service")


class CourseKind(models.TextChoices):
    CORE = "core", _("Core reviewer training")
    SPECIALIST = "specialist", _("Specialist training (mentoring and coaching)")


class BookingStatus(models.TextChoices):
    BOOKED = "booked", _("Booked")
    WAITING = "waiting", _("On the waiting list")
    ATTENDED = "attended", _("Attended")
    DID_NOT_ATTEND = "did_not_attend", _("Did not attend")
    CANCELLED = "cancelled", _("Cancelled")


# Bookings that hold a place on a session.
HOLDS_A_PLACE = frozenset({BookingStatus.BOOKED, BookingStatus.ATTENDED})
