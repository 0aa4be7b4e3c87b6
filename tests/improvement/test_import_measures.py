"""Measures by import: a tracker's measure, unit, baseline, target and dated actual values
import onto the row's item (once per item and name), through the real pages. The value's date
is its own column's, else the update date's, else the file's one date. Numbers like "45%",
"45.5" and "1,200" are read; anything else, a second value for a date, a value the plan has
otherwise for a date, and a measure on a strength are errors grouped like the others. A
measure already on the item is reused (its baseline and target in the file not applied) and
a value it already has is skipped, so the same file twice adds nothing. Undoing the import
removes its measures and values, until they are changed or built on."""

import datetime
from decimal import Decimal

import pytest
import time_machine

from improvement import importing, measure_services
from improvement.models import Measure, MeasureValue
from tests import factories
from tests.dates import LONDON
from tests.improvement.test_import_trackers import (
    as_at,
    csv_bytes,
    do_import,
    errors_of,
    preview,
    upload,
)

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture(autouse=True)
def _today():
    # Whether a value's date is in the future depends on today.
    with time_machine.travel(datetime.datetime(2026, 6, 1, 10, tzinfo=LONDON), tick=True):
        yield


HEADER = ["Ref", "Recommendation", "Measure", "Unit", "Baseline", "Target", "Actual",
          "Value date"]  # fmt: skip
TRACKER = [
    HEADER,
    ["1", "Audit the case files.", "Cases audited", "", "40%", "80%", "45%", "31/01/2026"],
    ["1", "Audit the case files.", "Cases audited", "", "", "", "50.5%", "28 Feb 2026"],
    ["2", "See the children.", "Children seen", "children", "1,200", "1,500", "1,250",
     "March 2026"],
]  # fmt: skip


def values_of(plan) -> list[tuple]:
    return [
        (v.measure.recommendation.reference, v.measure.name, v.recorded_on, v.value)
        for v in MeasureValue.objects.filter(measure__recommendation__plan=plan).order_by(
            "measure__recommendation__reference", "recorded_on"
        )
    ]


def test_measures_and_their_values_import_from_a_tracker(client, plan, lead):
    url = upload(client, plan, csv_bytes(TRACKER), "tracker.csv")

    data, page = preview(client, url)

    assert [data[key] for key in importing.MEASURE_FIELDS] == ["2", "3", "4", "5", "6", "7"]
    assert errors_of(page) == []
    assert 'data-count="measures">2<' in page
    assert 'data-count="measure-values">3<' in page
    assert page.count("data-measure>") == 2
    assert "<span data-value>45 as at 31 Jan 2026</span>" in page
    message = do_import(client, url, data, plan)
    assert (
        "Imported 2 recommendations, 0 actions, 0 progress updates, 2 measures and 3 values of "
        "measures." in message
    )
    batch = plan.imports.get()
    measures = {m.name: m for m in Measure.objects.filter(recommendation__plan=plan)}
    audited, seen = measures["Cases audited"], measures["Children seen"]
    assert (audited.recommendation.reference, audited.unit, audited.baseline, audited.target) == (
        "1", "%", Decimal(40), Decimal(80),
    )  # fmt: skip
    assert (seen.unit, seen.baseline, seen.target) == ("children", Decimal(1200), Decimal(1500))
    assert values_of(plan) == [
        ("1", "Cases audited", D(2026, 1, 31), Decimal(45)),
        ("1", "Cases audited", D(2026, 2, 28), Decimal("50.5")),
        ("2", "Children seen", D(2026, 3, 1), Decimal(1250)),
    ]
    assert {m.import_batch_id for m in measures.values()} == {batch.pk}
    assert set(MeasureValue.objects.values_list("import_batch_id", flat=True)) == {batch.pk}


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Measure", "measure"),
        ("Indicator", "measure"),
        ("Performance indicator", "measure"),
        ("Unit", "measure_unit"),
        ("Baseline", "baseline"),
        ("Target", "target"),
        ("Actual", "actual"),
        ("Current", "actual"),
        ("Value", "actual"),
        ("Current value", "actual"),
        ("Value date", "actual_on"),
    ],
)
def test_measure_headers_are_guessed(header, field):
    assert importing.guess_mapping(["Recommendation", header])[field] == "1"


def test_a_target_date_is_still_the_due_date():
    guessed = importing.guess_mapping(["Action", "Target date", "Target"])

    assert (guessed["due_on"], guessed["target"]) == ("1", "2")


@pytest.mark.parametrize(
    ("text", "value", "percent"),
    [
        ("45", Decimal(45), False),
        ("45%", Decimal(45), True),
        (" 45 % ", Decimal(45), True),
        ("45.5", Decimal("45.5"), False),
        ("45.50", Decimal("45.5"), False),
        ("1,200", Decimal(1200), False),
        ("1,200.75", Decimal("1200.75"), False),
        ("-3", Decimal(-3), False),
        (".5", Decimal("0.5"), False),
    ],
)
def test_numbers_as_trackers_write_them(text, value, percent):
    assert importing.parse_number(text) == importing.ParsedNumber(value, percent)


@pytest.mark.parametrize(
    "text", ["", "lots", "45.555", "12,34", "10-20", "£5", "1.2.3", "10000000000", "n/a"]
)
def test_what_is_not_a_number(text):
    assert importing.parse_number(text) is None


def test_a_value_with_no_date_of_its_own_takes_the_update_date(client, plan, lead):
    rows = [
        ["Ref", "Recommendation", "Measure", "Actual", "Update date", "RAG", "Progress"],
        ["1", "Audit the files.", "Cases audited", "45", "31/01/2026", "A", "Begun."],
        ["1", "Audit the files.", "Cases audited", "50", "28/02/2026", "", ""],
    ]
    url = upload(client, plan, csv_bytes(rows), "tracker.csv")

    data, page = preview(client, url)

    assert errors_of(page) == []
    do_import(client, url, data, plan)
    assert values_of(plan) == [
        ("1", "Cases audited", D(2026, 1, 31), Decimal(45)),
        ("1", "Cases audited", D(2026, 2, 28), Decimal(50)),
    ]
    # The second row gives a value and its date: no progress update.
    assert plan.recommendations.get().updates.count() == 1


def test_a_value_with_no_date_column_takes_the_files_date(client, plan, lead):
    rows = [["Ref", "Recommendation", "Indicator", "Current"], ["1", "Audit.", "Audited", "45"]]
    url = upload(client, plan, csv_bytes(rows), "tracker.csv")

    _data, page = preview(client, url)
    assert errors_of(page) == [
        "No column holds the date of the actual values: choose one, or give one date for the "
        "whole file"
    ]
    data, page = preview(client, url, **as_at(D(2026, 4, 30)))

    assert errors_of(page) == []
    do_import(client, url, data, plan)
    assert values_of(plan) == [("1", "Audited", D(2026, 4, 30), Decimal(45))]


def test_measure_errors_are_grouped_by_cause(client, plan, lead):
    rows = [
        ["Ref", "Recommendation", "Kind", "Measure", "Baseline", "Actual", "Value date"],
        ["1", "Audit.", "", "Audited", "", "45", "31/01/2026"],
        ["1", "Audit.", "", "Audited", "lots", "45.555", "28/02/2026"],
        ["1", "Audit.", "", "Audited", "", "47", "31/01/2026"],
        ["2", "Good partners.", "Strength", "Meetings held", "", "", ""],
        ["3", "Plan.", "", "", "", "12", "31/01/2026"],
        ["4", "Report.", "", "Reports", "", "5", "31/12/2026"],
        ["5", "Train.", "", "Trained", "", "", "31/01/2026"],
        ["6", "Visit.", "", "Visits", "", "6", "someday"],
    ]
    url = upload(client, plan, csv_bytes(rows), "tracker.csv")

    _data, page = preview(client, url)

    assert errors_of(page) == [
        "1 row has a baseline, target or actual value that is not a number: 'lots', "
        "'45.555' (row 3): write numbers like 45, 45.5, 45% or 1,200, to two decimal places "
        "at most",
        "1 row gives a measure a second, different value for the same date: Audited as at "
        "31 January 2026 (row 4): keep one value for each measure and date",
        "1 row gives a strength a measure (row 5): strengths carry no measures, so leave it "
        "out or change the item's kind",
        "1 row gives a unit, baseline, target or actual value but no measure (row 6): fill in "
        "the measure's name, or choose no column for those",
        "1 row has an actual value dated in the future: '31/12/2026' (row 7): a value is as "
        "at today or earlier",
        "1 row has a date for an actual value but no value (row 8): fill it in, or leave the "
        "date out",
        "1 row has a date of an actual value we do not recognise: 'someday' (row 9): write "
        "dates like 31/03/2026 or 31 March 2026, or a month like March 2026",
    ]
    assert 'id="row-4"' in page
    assert 'name="import"' not in page


def test_a_measure_already_on_the_item_is_reused_and_its_values_kept(client, plan, lead):
    item = factories.RecommendationFactory(plan=plan, reference="1", text="Audit.")
    measure = measure_services.measure_add(
        item=item, name="Cases audited", unit="%", baseline=Decimal(40), by=lead
    )
    measure_services.measure_value_add(
        measure=measure, recorded_on=D(2026, 1, 31), value=Decimal(45), by=lead
    )
    rows = [
        ["Ref", "Recommendation", "Measure", "Baseline", "Actual", "Value date"],
        ["1", "Audit.", "cases  AUDITED", "10", "45%", "31/01/2026"],
        ["1", "Audit.", "Cases audited", "", "50", "28/02/2026"],
    ]
    url = upload(client, plan, csv_bytes(rows), "tracker.csv")

    data, page = preview(client, url)

    assert errors_of(page) == []
    assert 'data-count="measures">0<' in page
    assert 'data-count="measure-values">1<' in page
    assert (
        "Measure &#x27;Cases audited&#x27; of recommendation 1 is already in the plan: only new "
        "values are added, not its unit, baseline or target in the file" in page
    )
    message = do_import(client, url, data, plan)
    assert "0 measures and 1 value of a measure (0 progress updates on items already" in message
    assert list(Measure.objects.values_list("pk", "baseline")) == [(measure.pk, Decimal(40))]
    assert values_of(plan) == [
        ("1", "Cases audited", D(2026, 1, 31), Decimal(45)),
        ("1", "Cases audited", D(2026, 2, 28), Decimal(50)),
    ]

    # The same file again adds nothing.
    url = upload(client, plan, csv_bytes(rows), "tracker.csv")
    _data, page = preview(client, url)
    assert "data-nothing-new" in page


def test_a_value_the_plan_has_otherwise_for_the_date_is_an_error(client, plan, lead):
    item = factories.RecommendationFactory(plan=plan, reference="1", text="Audit.")
    measure = measure_services.measure_add(item=item, name="Cases audited", by=lead)
    measure_services.measure_value_add(
        measure=measure, recorded_on=D(2026, 1, 31), value=Decimal(45), by=lead
    )
    rows = [["Ref", "Measure", "Actual", "Value date"], ["1", "Cases audited", "46", "31/01/2026"]]
    url = upload(client, plan, csv_bytes(rows), "tracker.csv")

    _data, page = preview(client, url)

    assert errors_of(page) == [
        "1 row gives a measure a value for a date the plan already has another value for: "
        "Cases audited as at 31 January 2026 (row 2): correct the value in the file or in the "
        "plan"
    ]


def import_tracker(client, plan):
    url = upload(client, plan, csv_bytes(TRACKER), "tracker.csv")
    data, _page = preview(client, url)
    do_import(client, url, data, plan)
    return plan.imports.get()


def test_undoing_the_import_removes_its_measures_and_values(client, plan, lead):
    item = factories.RecommendationFactory(plan=plan, reference="1", text="Audit.")
    kept = measure_services.measure_add(item=item, name="Cases audited", by=lead)
    batch = import_tracker(client, plan)
    assert MeasureValue.objects.filter(measure=kept).count() == 2  # added to the plan's measure

    importing.import_undo(batch=batch, by=lead)

    assert list(Measure.objects.all()) == [kept]
    assert MeasureValue.objects.count() == 0


def test_a_corrected_imported_measure_goes_with_the_undo(client, plan, lead):
    batch = import_tracker(client, plan)
    measure = Measure.objects.get(name="Children seen")

    measure_services.measure_update(
        measure=measure, name=measure.name, unit="", baseline=None, target=None, by=lead
    )

    assert importing.undo_blocker(batch) is None
    assert importing.corrections_since(batch) == 1
    importing.import_undo(batch=batch, by=lead)
    assert not Measure.objects.filter(pk=measure.pk).exists()


def test_a_value_added_to_an_imported_measure_blocks_the_undo(client, plan, lead):
    batch = import_tracker(client, plan)
    measure = Measure.objects.get(name="Children seen")

    measure_services.measure_value_add(
        measure=measure, recorded_on=D(2026, 5, 1), value=Decimal(1300), by=lead
    )

    assert importing.undo_blocker(batch) == "Something has been added to the plan since this import"
    assert not importing.may_undo(batch, lead)


def test_checking_a_file_with_measures_takes_a_fixed_number_of_queries(
    plan, lead, django_assert_max_num_queries
):
    item = factories.RecommendationFactory(plan=plan, reference="1", text="Audit.")
    measure_services.measure_add(item=item, name="Cases audited", by=lead)
    rows = [[str(number), *row] for number, row in enumerate(TRACKER[1:] * 40, start=2)]

    with django_assert_max_num_queries(5):
        checked = importing.check(rows=rows, mapping=importing.guess_mapping(HEADER), plan=plan)

    assert checked.errors == []
    assert (checked.measure_count, checked.measure_value_count) == (1, 3)


def test_import_into_refuses_a_measure_deleted_since_the_check(plan, lead):
    item = factories.RecommendationFactory(plan=plan, reference="1", text="Audit.")
    measure = measure_services.measure_add(item=item, name="Cases audited", by=lead)
    rows = [["2", "1", "Cases audited", "45", "31/01/2026"]]
    header = ["Ref", "Measure", "Actual", "Value date"]
    checked = importing.check(rows=rows, mapping=importing.guess_mapping(header), plan=plan)
    assert (checked.errors, checked.measure_count, checked.measure_value_count) == ([], 0, 1)
    measure_services.measure_delete(measure=measure, by=lead)

    with pytest.raises(importing.GoneFromPlanError) as raised:
        importing.import_into(plan=plan, preview=checked, by=lead)

    assert raised.value.args[0] == [
        "Measure 'Cases audited' of recommendation 1 is no longer in the plan: nothing was "
        "imported. Preview the import again"
    ]
    assert (Measure.objects.count(), MeasureValue.objects.count(), plan.imports.count()) == (
        0, 0, 0,
    )  # fmt: skip


def test_import_into_refuses_a_value_added_since_the_check(plan, lead):
    item = factories.RecommendationFactory(plan=plan, reference="1", text="Audit.")
    measure = measure_services.measure_add(item=item, name="Cases audited", by=lead)
    rows = [["2", "1", "Cases audited", "45", "31/01/2026"]]
    header = ["Ref", "Measure", "Actual", "Value date"]
    checked = importing.check(rows=rows, mapping=importing.guess_mapping(header), plan=plan)
    measure_services.measure_value_add(
        measure=measure, recorded_on=D(2026, 1, 31), value=Decimal(44), by=lead
    )

    with pytest.raises(importing.GoneFromPlanError) as raised:
        importing.import_into(plan=plan, preview=checked, by=lead)

    assert raised.value.args[0] == [
        "Measure 'Cases audited' of recommendation 1 has had values added since the preview: "
        "nothing was imported. Preview the import again"
    ]
    assert list(MeasureValue.objects.values_list("value", flat=True)) == [Decimal(44)]


def test_the_same_value_repeated_for_a_date_is_taken_once(client, plan, lead):
    """A Word table's merged cell repeats its text in each row it covers: the same value for
    the same date again is the same value, not a second one."""
    rows = [
        ["Ref", "Recommendation", "Measure", "Actual", "Value date"],
        ["1", "Audit.", "Cases audited", "45", "31/01/2026"],
        ["1", "Audit.", "Cases audited", "45.00", "31 January 2026"],
    ]
    url = upload(client, plan, csv_bytes(rows), "tracker.csv")

    data, page = preview(client, url)

    assert errors_of(page) == []
    assert 'data-count="measure-values">1<' in page
    do_import(client, url, data, plan)
    assert values_of(plan) == [("1", "Cases audited", D(2026, 1, 31), Decimal(45))]
