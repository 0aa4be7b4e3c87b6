"""Creating once per form (core.once), as the forms and services of every app use it: each
showing of a blank form carries a fresh creation token; a form sent without one, or with a
mangled one, is refused at the top of the page and shown again with a fresh one; the same
token saves one row, whoever asks; a token that made someone else's row is refused."""

import datetime
import uuid

import pytest
from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied

from core.forms import CreateOnceForm
from core.once import create_once
from reviewers.models import Unavailability
from tests import factories

AGAIN = "The form could not be sent. Check your answers and send it again."


class NoteForm(CreateOnceForm):
    note = forms.CharField()


def test_each_blank_form_carries_a_fresh_token():
    tokens = {NoteForm()["token"].value() for _ in range(3)}

    assert len(tokens) == 3
    assert all(uuid.UUID(token) for token in tokens)


def test_the_token_sent_is_the_one_read_and_shown_again():
    token = str(uuid.uuid4())
    form = NoteForm({"note": "", "token": token})

    assert not form.is_valid()
    assert form["token"].value() == token

    sent = NoteForm({"note": "Annual leave", "token": token})
    assert sent.is_valid()
    assert sent.cleaned_data["token"] == uuid.UUID(token)


@pytest.mark.parametrize("sent", [{}, {"token": ""}, {"token": "not-a-token"}])
def test_a_missing_or_mangled_token_is_an_error_for_the_whole_form_with_a_fresh_token(sent):
    form = NoteForm({"note": "Annual leave", **sent})

    assert not form.is_valid()
    assert form.errors == {NON_FIELD_ERRORS: [AGAIN]}
    assert uuid.UUID(form["token"].value())


@pytest.fixture
def two_people(db):
    return factories.PoolMembershipFactory().reviewer, factories.PoolMembershipFactory().reviewer


def away(reviewer, day: int = 14) -> Unavailability:
    return Unavailability(
        reviewer=reviewer,
        starts_on=datetime.date(2031, 7, day),
        ends_on=datetime.date(2031, 7, day),
    )


def test_the_same_token_saves_one_row_and_gives_it_back(two_people):
    reviewer, _other = two_people
    token = uuid.uuid4()

    first, made = create_once(away(reviewer), token=token, owner=["reviewer"])
    again, made_again = create_once(away(reviewer, 21), token=token, owner=["reviewer"])

    assert (made, made_again) == (True, False)
    assert again == first
    assert list(Unavailability.objects.values_list("starts_on", flat=True)) == [
        datetime.date(2031, 7, 14)
    ]


def test_without_a_token_each_row_is_saved(two_people):
    reviewer, _other = two_people

    create_once(away(reviewer, 14), token=None, owner=["reviewer"])
    create_once(away(reviewer, 21), token=None, owner=["reviewer"])

    assert Unavailability.objects.count() == 2


def test_a_token_that_made_someone_elses_row_is_refused(two_people):
    reviewer, other = two_people
    token = uuid.uuid4()
    create_once(away(reviewer), token=token, owner=["reviewer"])

    with pytest.raises(PermissionDenied):
        create_once(away(other), token=token, owner=["reviewer"])

    assert list(Unavailability.objects.values_list("reviewer", flat=True)) == [reviewer.pk]
