"""Access cases for the calendars (/calendar/): merged into the main MATRIX.

A person's own calendar, by month and as a list, and the page of their feed address are for
everyone signed in (each sees only their own dates). Replacing the address is for those who
have one (the others are sent to make one first). A programme's calendar is for its
coordinators: people who coordinate nothing get 403, another programme's coordinator 404. The
feed needs no sign-in (its address is the secret): a known address answers everyone, an
unknown one answers nobody."""

from types import SimpleNamespace

from .matrix import COORDINATORS, EVERYONE, LOGIN, REDIRECT, SIGNED_IN, Case, answers

CASES: dict[str, Case] = {
    "calendar:month": Case(SIGNED_IN),
    "calendar:list": Case(SIGNED_IN),
    "calendar:programme": Case(COORDINATORS, args=lambda w: [w.programme.pk]),
    "calendar:feed": Case(SIGNED_IN),
    # Only users["reviewer"] has an address to replace.
    "calendar:feed_replace": Case(
        answers(REDIRECT("/calendar/feed/"), anonymous=LOGIN, reviewer=200)
    ),
    "calendar:ics": Case(EVERYONE, args=lambda w: [w.calendar_feed.token]),
    "calendar:ics#unknown": Case(answers(404), args=lambda w: ["not-a-calendar-address"]),
}

OTHER_PROGRAMME_CASES: dict[str, Case] = {
    "calendar:programme": Case(
        answers(403, anonymous=LOGIN, coordinator=404, superuser=200),
        args=lambda w: [w.other_programme.pk],
    ),
}


def world(base: SimpleNamespace) -> dict:
    """users["reviewer"]'s feed address."""
    from challenges.calendar_services import calendar_feed_renew

    return {"calendar_feed": calendar_feed_renew(user=base.users["reviewer"])}
