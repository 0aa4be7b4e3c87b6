"""The demo's data pack: the coordinator produces one for a challenge whose on-site days are
still ahead, through the same service the challenge's page uses, so that its request, its
milestones and its timeline lines are what the product records. It is rendered by the
document pipeline once the demo's transaction commits (in-process without a broker), when
the service's indicator figures are in place too."""

from accounts.models import User
from documents.models import GeneratedDocument

from .datapack_services import data_pack_request
from .models import Challenge


def seed_data_pack(*, challenge: Challenge, by: User) -> GeneratedDocument:
    """Ask for `challenge`'s data pack as `by` (a coordinator of its programme)."""
    challenge.refresh_from_db()
    return data_pack_request(challenge=challenge, by=by)
