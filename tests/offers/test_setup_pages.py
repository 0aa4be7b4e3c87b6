"""A programme's set-up pages for its offers (with their team composition), key lines of
enquiry and golden threads, and cycles, through the test client: what each list shows, adding
and changing with GOV.UK errors that keep what was typed, closing instead of deleting what is
in use, who changed a row last, and that a coordinator of another programme reaches none of
it. List pages run a fixed number of queries."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.setup import setup_links
from offers import selectors
from offers.enums import EnquiryKind, PublicationRule, TeamRequirement, TeamRole
from offers.models import Cycle, LineOfEnquiry, ReviewType, TeamPlace
from tests import factories
from tests.pages import error_links, errors_of, fresh_form, messages_of
from tests.queries import queries_for_get

pytestmark = pytest.mark.django_db


def url(name: str, programme, *args) -> str:
    return reverse(f"offers:{name}", args=[programme.pk, *args])


def team(offer) -> list[tuple[str, int, str]]:
    return sorted((p.role, p.count, p.requirement) for p in offer.team_places.all())


def offer_data(name="Focused review", places=(), *, initial=0, **overrides) -> dict:
    """What the offer page sends: the offer's answers and its places (role, count,
    requirement), of which the first `initial` were on the page when it was opened."""
    data = {
        "name": name,
        "description": "Two days on site looking at one area of the service.",
        "days_on_site": "2",
        "virtual_allowed": "no",
        "reviewer_days": "8",
        "funding": "1500.50",
        "publication_rule": PublicationRule.SERVICE_DECIDES,
        "position": "2",
        "is_active": "yes",
        "seen": "",
        "places-TOTAL_FORMS": str(len(places)),
        "places-INITIAL_FORMS": str(initial),
        "places-MIN_NUM_FORMS": "0",
        "places-MAX_NUM_FORMS": "20",
        **fresh_form(),
    }
    for index, place in enumerate(places):
        role, count, requirement, *delete = place
        data[f"places-{index}-role"] = role
        data[f"places-{index}-count"] = str(count)
        data[f"places-{index}-requirement"] = requirement
        if delete:
            data[f"places-{index}-DELETE"] = "on"
    return data | overrides


def opened(client, page_url: str) -> dict:
    """The change form's answers as the page shows them (its hidden `seen` included)."""
    response = client.get(page_url)
    form = response.context["form"]
    return {name: form[name].value() for name in form.fields}


def line_data(name="Governance and leadership", **overrides) -> dict:
    data = {
        "kind": EnquiryKind.KEY_LINE,
        "name": name,
        "description": "How the management board sets direction.",
        "position": "1",
        "is_active": "yes",
        "seen": "",
        **fresh_form(),
    }
    return data | overrides


def date_fields(name: str, value: datetime.date) -> dict[str, str]:
    parts = (value.day, value.month, value.year)
    return {f"{name}_{index}": str(part) for index, part in enumerate(parts)}


def cycle_data(name="2027 to 2028", starts=datetime.date(2027, 4, 1), ends=None, **overrides):
    data = {
        "name": name,
        **date_fields("starts_on", starts),
        **date_fields("ends_on", ends or datetime.date(2028, 3, 31)),
        "funding": "60000",
        "reviewer_days": "240",
        "is_open": "yes",
        "seen": "",
        **fresh_form(),
    }
    return data | overrides


@pytest.fixture
def coordinator(programme):
    return factories.coordinator(programme=programme)


@pytest.fixture
def signed_in(client, coordinator):
    client.force_login(coordinator)
    return client


# --- The set-up page's sections ---------------------------------------------------------------


def test_the_set_up_page_lists_offers_lines_and_cycles_in_order(programme):
    links = {link.label: link for link in setup_links(programme.pk)}

    assert links["Offers"].url == f"/programmes/{programme.pk}/offers/"
    assert links["Key lines of enquiry and golden threads"].url == (
        f"/programmes/{programme.pk}/offers/lines/"
    )
    assert links["Cycles"].url == f"/programmes/{programme.pk}/offers/cycles/"
    labels = [link.label for link in setup_links(programme.pk)]
    assert labels.index("Offers") < labels.index("Key lines of enquiry and golden threads")
    assert labels.index("Key lines of enquiry and golden threads") < labels.index("Cycles")
    assert all(links[label].description for label in ("Offers", "Cycles"))


# --- Offers -------------------------------------------------------------------------------------


def test_offer_list_shows_each_offer_with_its_figures_team_and_status(signed_in, programme):
    factories.ReviewTypeFactory(programme=programme, name="Full peer review", position=1)
    factories.ReviewTypeFactory(
        programme=programme,
        name="Bespoke peer support",
        position=2,
        days_on_site=2,
        reviewer_days=6,
        funding=Decimal("1500.50"),
        publication_rule=PublicationRule.ALWAYS_PUBLIC,
        is_active=False,
        team=False,
    )
    factories.ReviewTypeFactory(name="Another programme's offer")

    response = signed_in.get(url("offers", programme))

    assert response.status_code == 200
    assert [offer.name for offer in response.context["offers"]] == [
        "Full peer review",
        "Bespoke peer support",
    ]
    page = response.content.decode()
    assert "6 people" in page  # 2 co-leads and 4 reviewers
    assert "2 Co-lead (Fully qualified)" in page
    assert "£1,500.50" in page
    assert "The report is always published" in page
    assert ">Closed<" in page
    assert ">Open<" in page
    assert "Another programme&#x27;s offer" not in page


def test_offer_list_without_offers_says_so_and_offers_to_add_one(signed_in, programme):
    response = signed_in.get(url("offers", programme))

    page = response.content.decode()
    assert "The programme has no offers yet." in page
    assert url("offer_new", programme) in page


def test_coordinator_adds_an_offer_with_its_team(signed_in, programme, coordinator):
    response = signed_in.post(
        url("offer_new", programme),
        offer_data(
            places=[
                (TeamRole.LEAD, 1, TeamRequirement.FULLY_QUALIFIED),
                (TeamRole.REVIEWER, 3, TeamRequirement.TRAINED),
                ("", "", TeamRequirement.NONE),  # the blank place is left out
            ]
        ),
    )

    assert response.status_code == 302
    assert response["Location"] == url("offers", programme)
    offer = ReviewType.objects.get(programme=programme)
    assert (offer.name, offer.days_on_site, offer.reviewer_days) == ("Focused review", 2, 8)
    assert offer.funding == Decimal("1500.50")
    assert (offer.position, offer.is_active, offer.virtual_allowed) == (2, True, False)
    assert team(offer) == [
        (TeamRole.LEAD, 1, TeamRequirement.FULLY_QUALIFIED),
        (TeamRole.REVIEWER, 3, TeamRequirement.TRAINED),
    ]
    assert offer.history.get().history_user == coordinator
    assert messages_of(signed_in.get(url("offers", programme))) == [
        "Focused review has been added to the offers."
    ]


def test_add_another_place_shows_one_more_blank_place_and_saves_nothing(signed_in, programme):
    data = offer_data(
        name="",  # not checked until the offer is saved
        places=[(TeamRole.LEAD, 1, TeamRequirement.FULLY_QUALIFIED), ("", "", "none")],
    )
    data["description"] = "Typed before adding a place."

    response = signed_in.post(url("offer_new", programme), data | {"add_place": "1"})

    assert response.status_code == 200
    assert not ReviewType.objects.exists()
    page = response.content.decode()
    assert "govuk-error-summary" not in page
    assert "Typed before adding a place." in page
    places = response.context["places"]
    assert len(places.forms) == 3  # the lead, the blank place sent, and one more
    assert places.forms[0]["role"].value() == TeamRole.LEAD
    assert places.forms[0]["count"].value() == "1"
    assert 'name="places-TOTAL_FORMS" value="3"' in page


def test_the_places_added_on_the_page_are_saved_with_the_offer(signed_in, programme):
    first = signed_in.post(
        url("offer_new", programme),
        offer_data(places=[(TeamRole.LEAD, 1, "none")]) | {"add_place": "1"},
    )
    data = {
        name: value
        for name, value in offer_data(places=[(TeamRole.LEAD, 1, "none")]).items()
        if not name.startswith("places-")
    }
    management = first.context["places"].management_form
    data |= {f"places-{name}": value for name, value in management.initial.items()}
    data |= {
        "places-0-role": TeamRole.LEAD,
        "places-0-count": "1",
        "places-0-requirement": "none",
        "places-1-role": TeamRole.SHADOW,
        "places-1-count": "1",
        "places-1-requirement": "none",
    }

    response = signed_in.post(url("offer_new", programme), data)

    assert response.status_code == 302
    assert team(ReviewType.objects.get()) == [
        (TeamRole.LEAD, 1, "none"),
        (TeamRole.SHADOW, 1, "none"),
    ]


def test_changing_an_offer_changes_removes_and_adds_its_places(client, programme):
    offer = factories.ReviewTypeFactory(programme=programme, name="Full peer review")
    editor = factories.coordinator(programme=programme, full_name="Ffion Rees")
    client.force_login(editor)
    page_url = url("offer", programme, offer.pk)
    seen = opened(client, page_url)["seen"]

    response = client.post(
        page_url,
        offer_data(
            "Full peer review",
            initial=2,
            places=[
                (TeamRole.CO_LEAD, 2, TeamRequirement.FULLY_QUALIFIED, "remove"),
                (TeamRole.REVIEWER, 5, TeamRequirement.TRAINED),
                (TeamRole.LEAD, 1, TeamRequirement.FULLY_QUALIFIED),
            ],
            is_active="no",
            seen=seen,
        ),
    )

    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.is_active is False
    assert team(offer) == [
        (TeamRole.LEAD, 1, TeamRequirement.FULLY_QUALIFIED),
        (TeamRole.REVIEWER, 5, TeamRequirement.TRAINED),
    ]
    assert offer.history.latest().history_user == editor
    removed = TeamPlace.history.filter(history_type="-").get()
    assert (removed.role, removed.history_user) == (TeamRole.CO_LEAD, editor)
    page = client.get(page_url).content.decode()
    assert "Last changed by Ffion Rees on" in page


def test_an_offer_needs_at_least_one_place(signed_in, programme):
    response = signed_in.post(
        url("offer_new", programme), offer_data(places=[("", "", TeamRequirement.NONE)])
    )

    assert response.context["places"].non_form_errors() == ["Add at least one place to the team"]
    assert "Add at least one place to the team" in response.content.decode()
    assert 'href="#id_places-0-role"' in response.content.decode()
    assert not ReviewType.objects.exists()


def test_a_role_and_requirement_twice_is_an_error_on_the_place(signed_in, programme):
    response = signed_in.post(
        url("offer_new", programme),
        offer_data(
            places=[
                (TeamRole.REVIEWER, 2, TeamRequirement.TRAINED),
                (TeamRole.REVIEWER, 1, TeamRequirement.TRAINED),
            ]
        ),
    )

    assert response.status_code == 200
    places = response.context["places"]
    assert places.forms[1].errors["role"] == [
        "Place 2 has the same role and requirement as another place: change one, or remove it"
    ]
    assert 'href="#id_places-1-role"' in response.content.decode()
    assert not ReviewType.objects.exists()


def test_a_place_without_role_or_number_gets_errors_and_keeps_what_was_typed(signed_in, programme):
    response = signed_in.post(
        url("offer_new", programme),
        offer_data(places=[("", "lots", TeamRequirement.TRAINED)], days_on_site="eleven"),
    )

    place = response.context["places"].forms[0]
    assert place.errors == {
        "role": ["Select the role of place 1"],
        "count": ["The number of people in place 1 must be a whole number, like 2"],
    }
    assert errors_of(response) == ["The number of days on site must be a whole number, like 3"]
    page = response.content.decode()
    assert 'value="lots"' in page
    assert 'value="eleven"' in page
    assert page.startswith("<!DOCTYPE html>")
    assert "<title>Error: Add an offer" in page


def test_a_team_sent_without_its_management_form_is_an_error_not_a_crash(signed_in, programme):
    data = {k: v for k, v in offer_data().items() if not k.startswith("places-")}

    response = signed_in.post(url("offer_new", programme), data)
    another = signed_in.post(url("offer_new", programme), data | {"add_place": "1"})

    assert response.status_code == 200
    assert response.context["places"].non_form_errors()
    assert "govuk-error-summary" in response.content.decode()
    assert len(another.context["places"].forms) == 1
    assert not ReviewType.objects.exists()


def test_an_offer_name_is_unique_in_its_programme_shown_on_the_name(signed_in, programme):
    factories.ReviewTypeFactory(programme=programme, name="Focused review")
    factories.ReviewTypeFactory(name="Elsewhere")

    taken = signed_in.post(
        url("offer_new", programme), offer_data(places=[(TeamRole.LEAD, 1, "none")])
    )
    elsewhere = signed_in.post(
        url("offer_new", programme),
        offer_data("Elsewhere", places=[(TeamRole.LEAD, 1, "none")]),
    )

    assert taken.context["form"].errors == {
        "name": ["The programme already has an offer with this name."]
    }
    assert 'href="#id_name"' in taken.content.decode()
    assert ReviewType.objects.filter(programme=programme).count() == 2
    assert elsewhere.status_code == 302


def test_an_offer_changed_by_someone_else_meanwhile_is_not_overwritten(signed_in, programme):
    offer = factories.ReviewTypeFactory(programme=programme, name="Full peer review")
    page_url = url("offer", programme, offer.pk)
    seen = opened(signed_in, page_url)["seen"]
    # Someone else saves the offer after the page was opened.
    offer.days_on_site = 3
    offer.save()

    response = signed_in.post(
        page_url,
        offer_data("Renamed", places=[(TeamRole.LEAD, 1, "none")], initial=2, seen=seen),
    )

    assert errors_of(response) == [
        "Someone else has changed this since you opened it. Your changes are below: check "
        "them against theirs, then save again."
    ]
    assert 'value="Renamed"' in response.content.decode()
    offer.refresh_from_db()
    assert (offer.name, offer.days_on_site) == ("Full peer review", 3)
    # The page now carries the version it shows: saving again goes through.
    again = response.context["form"]["seen"].value()
    response = signed_in.post(
        page_url,
        offer_data("Renamed", places=[(TeamRole.LEAD, 1, "none")], initial=2, seen=again),
    )
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.name == "Renamed"


def test_an_offer_that_applications_use_cannot_be_deleted_and_can_be_closed(signed_in, programme):
    offer = factories.ReviewTypeFactory(programme=programme, name="Full peer review")
    factories.ApplicationFactory(review_type=offer)
    delete_url = url("offer_delete", programme, offer.pk)

    page = signed_in.get(delete_url).content.decode()
    response = signed_in.post(delete_url)

    assert "Full peer review cannot be deleted" in page
    assert "1 application" in page
    assert "Close it to applications instead" in page
    assert response.status_code == 302
    assert response["Location"] == url("offer", programme, offer.pk)
    assert messages_of(signed_in.get(response["Location"])) == [
        "Full peer review cannot be deleted: it is used by 1 application. Close it to "
        "applications instead: change the offer, and answer No to “Is the offer open to "
        "applications?”. Services will no longer be able to ask for it."
    ]
    assert ReviewType.objects.filter(pk=offer.pk).exists()


def test_an_offer_nothing_uses_is_deleted_with_its_team_after_asking(
    signed_in, programme, coordinator
):
    offer = factories.ReviewTypeFactory(programme=programme, name="Pilot review")
    delete_url = url("offer_delete", programme, offer.pk)

    asked = signed_in.get(delete_url)
    response = signed_in.post(delete_url)

    assert "Delete Pilot review?" in asked.content.decode()
    assert response["Location"] == url("offers", programme)
    assert not ReviewType.objects.exists()
    assert not TeamPlace.objects.exists()
    deleted = ReviewType.history.filter(history_type="-").get()
    assert deleted.history_user == coordinator


# --- Key lines of enquiry and golden threads ------------------------------------------------------


def line(programme, name, kind=EnquiryKind.KEY_LINE, **fields) -> LineOfEnquiry:
    return LineOfEnquiry.objects.create(programme=programme, kind=kind, name=name, **fields)


def test_lines_are_listed_by_kind_in_their_order(signed_in, programme):
    line(programme, "Partnership working", position=2)
    line(programme, "Governance and leadership", position=1)
    line(programme, "Voice of the child", EnquiryKind.GOLDEN_THREAD, is_active=False)
    line(factories.ProgrammeFactory(), "Another programme's line")

    response = signed_in.get(url("lines", programme))

    assert [
        (kind.value, [item.name for item in items]) for kind, items in response.context["kinds"]
    ] == [
        ("key_line", ["Governance and leadership", "Partnership working"]),
        ("golden_thread", ["Voice of the child"]),
    ]
    page = response.content.decode()
    assert ">Not in use<" in page
    assert f"{url('line_new', programme)}?kind=golden_thread" in page


def test_lines_page_without_lines_says_so(signed_in, programme):
    page = signed_in.get(url("lines", programme)).content.decode()

    assert "The programme has no key lines of enquiry yet." in page
    assert "The programme has no golden threads yet." in page


def test_coordinator_adds_a_golden_thread(signed_in, programme, coordinator):
    form = signed_in.get(url("line_new", programme) + "?kind=golden_thread").context["form"]
    response = signed_in.post(
        url("line_new", programme),
        line_data("Voice of the child", kind=EnquiryKind.GOLDEN_THREAD),
    )

    assert form["kind"].value() == "golden_thread"
    assert response["Location"] == url("lines", programme)
    added = LineOfEnquiry.objects.get(programme=programme)
    assert (added.kind, added.name, added.is_active) == (
        EnquiryKind.GOLDEN_THREAD,
        "Voice of the child",
        True,
    )
    assert added.history.get().history_user == coordinator


def test_a_line_name_is_unique_in_its_programme_shown_on_the_name(signed_in, programme):
    line(programme, "Governance and leadership")

    response = signed_in.post(url("line_new", programme), line_data(kind=""))

    assert response.context["form"].errors == {
        "kind": ["Select whether it is a key line of enquiry or a golden thread"],
    }
    response = signed_in.post(url("line_new", programme), line_data())
    assert errors_of(response) == ["The programme already has one with this name."]
    assert response.context["form"].errors["name"]
    assert LineOfEnquiry.objects.count() == 1


def test_a_line_taken_out_of_use_is_offered_no_more(signed_in, programme):
    governance = line(programme, "Governance and leadership")
    page_url = url("line", programme, governance.pk)

    response = signed_in.post(page_url, opened(signed_in, page_url) | {"is_active": "no"})

    assert response.status_code == 302
    assert list(selectors.lines_in_use(kind=EnquiryKind.KEY_LINE, programme_id=programme.pk)) == []
    assert LineOfEnquiry.objects.get().is_active is False


def test_a_line_an_application_chose_cannot_be_deleted(signed_in, programme):
    governance = line(programme, "Governance and leadership")
    factories.ApplicationFactory(review_type__programme=programme).lines_of_enquiry.add(governance)
    delete_url = url("line_delete", programme, governance.pk)

    page = signed_in.get(delete_url).content.decode()
    signed_in.post(delete_url)

    assert "Governance and leadership cannot be deleted" in page
    assert "Stop using it instead" in page
    assert governance.applications.count() == 1
    assert LineOfEnquiry.objects.filter(pk=governance.pk).exists()


def test_a_line_nothing_chose_is_deleted(signed_in, programme):
    typo = line(programme, "Governnace")

    response = signed_in.post(url("line_delete", programme, typo.pk))

    assert response["Location"] == url("lines", programme)
    assert not LineOfEnquiry.objects.exists()


# --- Cycles ---------------------------------------------------------------------------------------


def test_cycles_are_listed_latest_first_with_their_own_figures(signed_in, programme):
    factories.CycleFactory(
        programme=programme,
        name="2026 to 2027",
        starts_on=datetime.date(2026, 4, 1),
        ends_on=datetime.date(2027, 3, 31),
        is_open=False,
    )
    factories.CycleFactory(
        programme=programme,
        name="2027 to 2028",
        starts_on=datetime.date(2027, 4, 1),
        ends_on=datetime.date(2028, 3, 31),
        funding=Decimal("60000"),
        reviewer_days=240,
    )
    factories.CycleFactory(name="Another programme's cycle")

    response = signed_in.get(url("cycles", programme))

    assert [cycle.name for cycle in response.context["cycles"]] == ["2027 to 2028", "2026 to 2027"]
    page = response.content.decode()
    assert "1 April 2027 to 31 March 2028" in page
    assert "£60,000" in page
    assert ">240<" in page
    assert ">Open for applications<" in page
    assert ">Closed<" in page


def test_cycles_page_without_cycles_says_so(signed_in, programme):
    page = signed_in.get(url("cycles", programme)).content.decode()

    assert "The programme has no cycles yet." in page


def test_coordinator_adds_a_cycle(signed_in, programme, coordinator):
    response = signed_in.post(url("cycle_new", programme), cycle_data())

    assert response["Location"] == url("cycles", programme)
    cycle = Cycle.objects.get(programme=programme)
    assert (cycle.name, cycle.starts_on, cycle.ends_on) == (
        "2027 to 2028",
        datetime.date(2027, 4, 1),
        datetime.date(2028, 3, 31),
    )
    assert (cycle.funding, cycle.reviewer_days, cycle.is_open) == (Decimal(60000), 240, True)
    assert cycle.history.get().history_user == coordinator


def test_a_cycle_ending_before_it_starts_is_an_error_on_the_end_date(signed_in, programme):
    response = signed_in.post(
        url("cycle_new", programme),
        cycle_data(starts=datetime.date(2027, 4, 1), ends=datetime.date(2027, 3, 31)),
    )

    assert response.context["form"].errors == {"ends_on": ["The cycle must end after it starts."]}
    page = response.content.decode()
    assert 'href="#id_ends_on_0"' in page
    assert 'value="31"' in page
    assert not Cycle.objects.exists()


def test_a_cycle_name_is_unique_in_its_programme_shown_on_the_name(signed_in, programme):
    factories.CycleFactory(programme=programme, name="2027 to 2028")

    response = signed_in.post(url("cycle_new", programme), cycle_data())

    assert response.context["form"].errors == {
        "name": ["The programme already has a cycle with this name."]
    }
    assert Cycle.objects.count() == 1


def test_bad_cycle_figures_get_gov_uk_errors(signed_in, programme):
    response = signed_in.post(
        url("cycle_new", programme),
        cycle_data(funding="lots", reviewer_days="-1", **{"starts_on_1": "13"}),
    )

    assert response.context["form"].errors == {
        "starts_on": ["The start date must be a real date"],
        "funding": ["Enter an amount in pounds, like £6,000"],
        "reviewer_days": ["The number of reviewer-days must be 0 or more"],
    }
    assert not Cycle.objects.exists()


@pytest.mark.parametrize("typed", ["£60,000", "60000", "60,000.00", " £ 60,000 ", "£60000.00"])
def test_funding_is_read_as_people_write_money(signed_in, programme, typed):
    response = signed_in.post(url("cycle_new", programme), cycle_data(funding=typed))

    assert response.status_code == 302
    assert Cycle.objects.get(programme=programme).funding == Decimal(60000)


@pytest.mark.parametrize("typed", ["lots", "6,00", "60.000,00", "1,2345", "6 000p"])
def test_funding_that_is_not_an_amount_says_how_to_write_one(signed_in, programme, typed):
    response = signed_in.post(url("cycle_new", programme), cycle_data(funding=typed))

    assert error_links(response) == [("Enter an amount in pounds, like £6,000", "#id_funding")]
    assert f'value="{typed}"' in response.content.decode()
    assert not Cycle.objects.exists()


def test_a_cycle_page_shows_its_funding_as_money_is_written(signed_in, programme):
    cycle = factories.CycleFactory(programme=programme, funding=Decimal("60000.00"))

    page = signed_in.get(url("cycle", programme, cycle.pk)).content.decode()

    assert 'name="funding" value="60,000"' in page


def test_a_closed_cycle_is_no_longer_open_for_applications(signed_in, programme):
    cycle = factories.CycleFactory(programme=programme)
    page_url = url("cycle", programme, cycle.pk)
    answers = opened(signed_in, page_url)
    data = {name: value for name, value in answers.items() if name not in ("starts_on", "ends_on")}
    data |= date_fields("starts_on", cycle.starts_on) | date_fields("ends_on", cycle.ends_on)

    response = signed_in.post(page_url, data | {"is_open": "no"})

    assert response.status_code == 302
    assert list(selectors.cycles_open(programme_id=programme.pk)) == []


def test_a_cycle_that_applications_use_cannot_be_deleted(signed_in, programme):
    cycle = factories.CycleFactory(programme=programme, name="2027 to 2028")
    factories.ApplicationFactory(review_type__programme=programme, cycle=cycle)

    response = signed_in.post(url("cycle_delete", programme, cycle.pk))

    assert response["Location"] == url("cycle", programme, cycle.pk)
    assert Cycle.objects.filter(pk=cycle.pk).exists()


# --- Who may ------------------------------------------------------------------------------------


@pytest.fixture
def theirs():
    """Another programme's offer, line of enquiry and cycle."""
    other = factories.ProgrammeFactory()
    return {
        "programme": other,
        "offer": factories.ReviewTypeFactory(programme=other, name="Their offer"),
        "line": line(other, "Their line"),
        "cycle": factories.CycleFactory(programme=other, name="Their cycle"),
    }


WRITES = [
    ("offer_new", None, offer_data("Mine now", places=[(TeamRole.LEAD, 1, "none")])),
    ("offer", "offer", offer_data("Mine now", places=[(TeamRole.LEAD, 1, "none")])),
    ("offer_delete", "offer", {}),
    ("line_new", None, line_data("Mine now")),
    ("line", "line", line_data("Mine now")),
    ("line_delete", "line", {}),
    ("cycle_new", None, cycle_data("Mine now")),
    ("cycle", "cycle", cycle_data("Mine now")),
    ("cycle_delete", "cycle", {}),
]


def _snapshot() -> list:
    return [
        sorted(ReviewType.objects.values_list("name", flat=True)),
        sorted(LineOfEnquiry.objects.values_list("name", flat=True)),
        sorted(Cycle.objects.values_list("name", flat=True)),
        TeamPlace.objects.count(),
    ]


@pytest.mark.parametrize(("name", "obj", "data"), WRITES)
def test_a_coordinator_of_another_programme_changes_nothing_in_it(
    signed_in, theirs, name, obj, data
):
    args = [theirs[obj].pk] if obj else []
    before = _snapshot()

    got = signed_in.get(url(name, theirs["programme"], *args))
    sent = signed_in.post(url(name, theirs["programme"], *args), data)

    assert (got.status_code, sent.status_code) == (404, 404)
    assert _snapshot() == before


@pytest.mark.parametrize(("name", "obj", "data"), [w for w in WRITES if w[1]])
def test_another_programmes_row_is_not_found_under_ones_own_programme(
    signed_in, programme, theirs, name, obj, data
):
    before = _snapshot()

    sent = signed_in.post(url(name, programme, theirs[obj].pk), data)

    assert sent.status_code == 404
    assert _snapshot() == before


def test_people_who_coordinate_nothing_are_refused(client, programme):
    client.force_login(factories.board_member(programme=programme))

    response = client.post(url("offer_new", programme), offer_data())

    assert response.status_code == 403
    assert not ReviewType.objects.exists()


def test_technical_staff_may_set_up_any_programme(client, programme):
    client.force_login(factories.superuser())

    response = client.post(url("cycle_new", programme), cycle_data())

    assert response.status_code == 302
    assert Cycle.objects.get().programme == programme


# --- Queries ------------------------------------------------------------------------------------


def test_offer_list_queries_do_not_grow_with_offers(signed_in, programme):
    factories.ReviewTypeFactory(programme=programme)
    one = queries_for_get(signed_in, url("offers", programme))
    for _ in range(29):
        factories.ReviewTypeFactory(programme=programme)

    assert queries_for_get(signed_in, url("offers", programme)) == one


def test_lines_list_queries_do_not_grow_with_lines(signed_in, programme):
    line(programme, "Line 0")
    one = queries_for_get(signed_in, url("lines", programme))
    for number in range(1, 30):
        kind = EnquiryKind.KEY_LINE if number % 2 else EnquiryKind.GOLDEN_THREAD
        line(programme, f"Line {number}", kind)

    assert queries_for_get(signed_in, url("lines", programme)) == one


def test_cycle_list_queries_do_not_grow_with_cycles(signed_in, programme):
    factories.CycleFactory(programme=programme)
    one = queries_for_get(signed_in, url("cycles", programme))
    for _ in range(29):
        factories.CycleFactory(programme=programme)

    assert queries_for_get(signed_in, url("cycles", programme)) == one


# --- The demo world -------------------------------------------------------------------------------


@pytest.mark.dates
def test_the_demo_programmes_offers_lines_and_cycles_are_on_their_pages(client, demo_world):
    from accounts.models import Programme, User

    client.force_login(User.objects.get(email="coordinator@example.org"))
    yjsip = Programme.objects.get(short_name="YJSIP")

    offers = client.get(url("offers", yjsip)).content.decode()
    lines = client.get(url("lines", yjsip)).content.decode()
    cycles = client.get(url("cycles", yjsip)).content.decode()
    in_use = client.get(
        url("offer_delete", yjsip, ReviewType.objects.get(name="Full peer review").pk)
    )

    assert {"Full peer review", "Bespoke peer support", "SEND peer review"} <= {
        offer.name for offer in ReviewType.objects.filter(programme=yjsip)
    }
    assert all(name in offers for name in ("Full peer review", "Bespoke peer support"))
    assert "Governance and leadership" in lines
    assert "Voice of the child" in lines
    assert "Restorative justice and victim work" in lines  # shown, though no longer in use
    assert ">Not in use<" in lines
    assert all(cycle.name in cycles for cycle in Cycle.objects.filter(programme=yjsip))
    assert in_use.context["uses"]


@pytest.mark.parametrize(
    ("name", "model", "data"),
    [
        ("offer_new", ReviewType, lambda: offer_data(places=[(TeamRole.LEAD, 1, "none")])),
        ("line_new", LineOfEnquiry, line_data),
        ("cycle_new", Cycle, cycle_data),
    ],
)
def test_the_same_add_form_sent_twice_makes_one_row(signed_in, programme, name, model, data):
    sent = data()

    first = signed_in.post(url(name, programme), sent)
    second = signed_in.post(url(name, programme), sent)

    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert model.objects.filter(programme=programme).count() == 1
