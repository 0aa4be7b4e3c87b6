"""Creating a row once per form: the one way a service makes what a form asks for so that the
same form sent again makes nothing more.

A form that creates something carries a creation token (`core.forms.CreateOnceForm`: a fresh
one each time the blank form is shown) and its model stores it (`core.models.CreatedOnce`,
unique). The service builds the new row and saves it with `create_once`, which gives back the
row the token already made, if any: so a double click, a form sent again with the back button,
or twenty copies posted at once make one row, and each of them answers as the first did."""

import uuid
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, models, transaction


def created_with[Row: models.Model](
    model: type[Row], *, token: uuid.UUID | None, owner: dict[str, object]
) -> Row | None:
    """The row of `model` that `token` made, or None. `owner` names what the row must belong
    to (its fields and values: the parent whose page the form was on, which the view has
    already checked the user may change). A token that made a row belonging to something else
    was not sent by that page: it was copied into another request, which is refused (403)
    rather than answered with someone else's row."""
    if token is None:
        return None
    earlier = model._default_manager.filter(creation_token=token).first()
    if earlier is None:
        return None
    for name, value in owner.items():
        field = model._meta.get_field(name)
        wanted = value.pk if isinstance(value, models.Model) else value
        if getattr(earlier, field.attname) != wanted:
            raise PermissionDenied
    return earlier


def create_once[Row: models.Model](
    row: Row, *, token: uuid.UUID | None, owner: Iterable[str] = ()
) -> tuple[Row, bool]:
    """Save the new `row` under `token`, or give back the row that token already made: returns
    (the row, whether it was made now). The caller does what follows a creation (an event, an
    email) only when it was. `owner` names the fields that say what the row belongs to (see
    `created_with`). Without a token (a row made by code, not by a form) the row is saved.

    Two requests with the same token at the same moment both find nothing; the database's
    unique token lets one insert and makes the other fail, inside a savepoint here, so the
    other finds the winner's row (committed by then) and returns it. Any other integrity error
    (a constraint of the model's own) is raised, the transaction still usable, for the service
    to turn into a message."""
    model = type(row)
    belongs_to = {name: getattr(row, model._meta.get_field(name).attname) for name in owner}
    if (earlier := created_with(model, token=token, owner=belongs_to)) is not None:
        return earlier, False
    row.creation_token = token
    try:
        # A savepoint, so that the transaction can still be used after an integrity error.
        with transaction.atomic():
            row.save()
    except IntegrityError:
        earlier = created_with(model, token=token, owner=belongs_to)
        if earlier is None:
            raise
        return earlier, False
    return row, True


def sent_token(data) -> uuid.UUID | None:
    """The creation token a form sent (`data` is request.POST), before the form is checked:
    for a form whose choices depend on what exists, so that the row its first sending made
    does not make the second one invalid."""
    try:
        return uuid.UUID(str(data.get("token", "")))
    except ValueError:
        return None
