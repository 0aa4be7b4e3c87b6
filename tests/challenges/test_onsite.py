"""The team's work on site: the schedule of activities, evidence notes saved once whatever the
connection does, findings with their triangulation, the lead's merging and ordering, and the
confidentiality of evidence: nobody outside the team reads a word of it, anywhere."""

import datetime
import time
import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from challenges import onsite_services as onsite
from challenges import services
from challenges.enums import ChallengeAction, Phase, SourceType
from challenges.models import Activity, ChallengeEvent, EvidenceNote, Finding, TeamMember
from challenges.triangulation import triangulation
from core.middleware import SESSION_LAST_SEEN_KEY
from offers.enums import EnquiryKind
from offers.models import LineOfEnquiry
from tests import factories

from .world import challenge, on_site, pool_member, staffed, world

pytestmark = pytest.mark.django_db

EVIDENCE_CANARY = "CANARY-EVIDENCE-7f3a9"
FINDING_CANARY = "CANARY-FINDING-51c2e"
NINE, ELEVEN = datetime.time(9, 0), datetime.time(11, 0)


@pytest.fixture
def t():
    return on_site(world())


def _activity(t, *, kind="focus_group", day=None, members=None, **extra) -> Activity:
    fields = {
        "kind": kind,
        "day": day or t["challenge"].starts_on,
        "starts_at": NINE,
        "ends_at": ELEVEN,
        "reviewers": members or [t["lead"]],
        "met_description": "case managers",
        "met_count": 4,
    } | extra
    return onsite.activity_add(challenge=t["challenge"], by=t["lead"].reviewer.user, **fields)


def _note(t, activity, *, member=None, text="Staff describe", source=SourceType.HEARD, key=None):
    member = member or t["lead"]
    note, _created = onsite.evidence_note_save(
        activity=activity,
        by=member.reviewer.user,
        key=key or uuid.uuid4(),
        text=text,
        source_type=source,
        line_of_enquiry=t["key_line"],
    )
    return note


def _activity_post(day, **extra) -> dict:
    return {
        "token": str(uuid.uuid4()),
        "kind": "group_discussion",
        "day": day.isoformat(),
        "starts_at": "09:30",
        "ends_at": "10:30",
        "met_description": "police officers on the joint decision-making panel",
        "met_count": "3",
    } | extra


# --- Activities --------------------------------------------------------------------------------


def test_an_activity_goes_on_the_schedule_once_and_on_the_timeline_without_who_was_met(client, t):
    lead = t["lead"]
    client.force_login(lead.reviewer.user)
    url = reverse("challenges:activity_new", args=[t["challenge"].pk])
    data = _activity_post(t["challenge"].starts_on, reviewers=[lead.pk, t["reviewers"][0].pk])
    for _ in range(2):  # a double click adds one activity
        response = client.post(url, data)
    activity = Activity.objects.get()
    assert response.url == activity.get_absolute_url()
    assert set(activity.reviewers.all()) == {lead, t["reviewers"][0]}
    assert (activity.met_count, activity.met_description) == (
        3,
        "police officers on the joint decision-making panel",
    )
    event = ChallengeEvent.objects.get(action=ChallengeAction.ADD_ACTIVITY)
    assert event.message.startswith("Group discussion on ")
    assert "police" not in event.message
    schedule = client.get(reverse("challenges:onsite", args=[t["challenge"].pk]))
    assert "3 police officers on the joint decision-making panel" in schedule.text


def test_activity_times_are_written_as_gov_uk_writes_them(client, t):
    client.force_login(t["lead"].reviewer.user)
    url = reverse("challenges:activity_new", args=[t["challenge"].pk])
    client.post(
        url,
        _activity_post(
            t["challenge"].starts_on, reviewers=[t["lead"].pk], starts_at="12:00", ends_at="13:30"
        ),
    )
    activity = Activity.objects.get()

    schedule = client.get(reverse("challenges:onsite", args=[t["challenge"].pk])).text
    page = client.get(activity.get_absolute_url()).text

    assert "midday to 1:30pm" in schedule
    assert "midday to 1:30pm" in page
    assert "12:00" not in schedule + page
    assert "13:30" not in schedule + page


def test_an_activity_has_no_field_for_a_name():
    names = {field.name for field in Activity._meta.get_fields()}
    assert not {n for n in names if "name" in n}
    assert not {f.name for f in EvidenceNote._meta.get_fields() if "name" in f.name}


def test_an_activity_outside_the_on_site_days_or_team_is_refused_in_words(client, t):
    made = t["challenge"]
    client.force_login(t["lead"].reviewer.user)
    url = reverse("challenges:activity_new", args=[made.pk])
    before = made.starts_on - datetime.timedelta(days=7)
    response = client.post(
        url, _activity_post(before, reviewers=[t["lead"].pk], starts_at="11:00", ends_at="10")
    )
    assert "Choose one of the on-site days" in response.text
    assert "Enter the end time as a 24-hour time" in response.text
    response = client.post(
        url, _activity_post(made.starts_on, reviewers=[t["lead"].pk], ends_at="08:00")
    )
    assert "The end time must be after the start time" in response.text
    # The form keeps what was typed.
    assert "police officers on the joint decision-making panel" in response.text
    assert not Activity.objects.exists()
    # The service checks again what the form offers.
    elsewhere = world()
    other = staffed(elsewhere, challenge(elsewhere))[0]
    with pytest.raises(ValidationError) as refused:
        _activity(t, day=before, members=[other], met_count=0)
    assert refused.value.message_dict == {
        "day": [
            f"The day must be one of the on-site days, {made.starts_on:%-d %B %Y} to "
            f"{made.ends_on:%-d %B %Y}"
        ],
        "reviewers": [
            f"{other.reviewer} is not on the team: choose reviewers who have accepted a place"
        ],
        "met_count": ["Enter how many, 1 or more"],
    }


def test_nothing_is_recorded_before_the_team_is_confirmed(t):
    t["challenge"].phase = Phase.SCHEDULING
    t["challenge"].save()
    with pytest.raises(services.ChallengeError, match="once the dates and the team"):
        _activity(t)


# --- Evidence notes ----------------------------------------------------------------------------


def test_a_note_saved_twice_with_one_key_is_one_note_with_the_latest_words(t):
    activity = _activity(t)
    key = uuid.uuid4()
    first = _note(t, activity, key=key, text="Managers know their data")
    again = _note(t, activity, key=key, text="Managers know their data well")
    assert first.pk == again.pk
    note = EvidenceNote.objects.get()
    assert note.text == "Managers know their data well"
    # Another reviewer's note under the same key is theirs, not a change to the lead's.
    other = _note(t, activity, key=key, member=t["reviewers"][0])
    assert other.pk != first.pk
    assert EvidenceNote.objects.count() == 2
    # No timeline line for a note: the coordinators read the timeline.
    assert not ChallengeEvent.objects.filter(message__contains="Managers").exists()


def test_a_key_made_for_another_activity_is_refused(t):
    one, two = _activity(t), _activity(t, kind="observation")
    key = uuid.uuid4()
    _note(t, one, key=key)
    with pytest.raises(PermissionDenied):
        _note(t, two, key=key)


def test_the_note_form_sent_twice_saves_once(client, t):
    activity = _activity(t)
    client.force_login(t["lead"].reviewer.user)
    url = activity.get_absolute_url()
    page = client.get(url)
    key = page.context["form"]["key"].value()
    data = {
        "key": str(key),
        "text": "Children's views are recorded in plans",
        "source_type": "case_files",
        "line_of_enquiry": t["thread"].pk,
    }
    first, second = client.post(url, data), client.post(url, data)
    note = EvidenceNote.objects.get()
    assert first.url == second.url == f"{url}#note-{note.pk}"
    assert (note.author, note.source_type, note.line_of_enquiry) == (
        t["lead"],
        "case_files",
        t["thread"],
    )
    # The page lists the key as saved, which clears the browser's draft.
    assert str(key) in client.get(url).context["saved_keys"]


def test_a_note_sent_after_the_session_ended_is_given_back_and_saved_once_after_sign_in(client, t):
    activity = _activity(t)
    user = t["lead"].reviewer.user
    client.force_login(user)
    session = client.session
    session[SESSION_LAST_SEEN_KEY] = time.time() - 3 * 3600
    session.save()
    data = {
        "key": str(uuid.uuid4()),
        "text": "Panel minutes show the rationale for each decision",
        "source_type": "documents",
        "line_of_enquiry": t["key_line"].pk,
    }
    url = activity.get_absolute_url()
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Your note was not saved" in response.text
    assert "Panel minutes show the rationale for each decision" in response.text
    assert f"/accounts/login/?next={url}" in response.text
    assert not EvidenceNote.objects.exists()
    # Signed in again, the form (with the browser's copy and its key) is sent again: once.
    client.force_login(user)
    for _ in range(2):
        assert client.post(url, data).status_code == 302
    assert EvidenceNote.objects.get().text == data["text"]


def test_a_note_is_checked_and_kept_when_it_is_wrong(client, t):
    activity = _activity(t)
    client.force_login(t["lead"].reviewer.user)
    other_line = LineOfEnquiry.objects.create(
        programme=t["programme"], kind=EnquiryKind.KEY_LINE, name="Not chosen by the service"
    )
    response = client.post(
        activity.get_absolute_url(),
        {
            "key": str(uuid.uuid4()),
            "text": "Typed on a train",
            "line_of_enquiry": other_line.pk,
        },
    )
    assert "Choose where the evidence came from" in response.text
    assert "Choose one of the challenge&#x27;s key lines of enquiry" in response.text
    assert "Typed on a train" in response.text
    assert not EvidenceNote.objects.exists()


def test_only_its_author_changes_a_note(client, t):
    activity = _activity(t, members=[t["lead"], t["reviewers"][0]])
    note = _note(t, activity, member=t["reviewers"][0], text="Supervision is regular")
    url = reverse("challenges:evidence_edit", args=[t["challenge"].pk, note.pk])
    client.force_login(t["lead"].reviewer.user)
    assert client.get(url).status_code == 403
    client.force_login(t["reviewers"][0].reviewer.user)
    response = client.post(
        url,
        {
            "key": str(uuid.uuid4()),  # ignored: this form changes this note
            "text": "Supervision is regular and recorded",
            "source_type": "heard",
            "line_of_enquiry": t["key_line"].pk,
        },
    )
    assert response.status_code == 302
    note.refresh_from_db()
    assert note.text == "Supervision is regular and recorded"
    assert EvidenceNote.objects.count() == 1


def test_the_evidence_page_filters_by_line_source_and_reviewer(client, t):
    activity = _activity(t, members=[t["lead"], t["reviewers"][0]])
    _note(t, activity, text="Heard from the lead's notes", source=SourceType.HEARD)
    _note(t, activity, text="Read in files", source=SourceType.CASE_FILES)
    _note(t, activity, text="The reviewer's own", member=t["reviewers"][0])
    client.force_login(t["reviewers"][1].reviewer.user)
    url = reverse("challenges:evidence", args=[t["challenge"].pk])

    def texts(**query):
        return [n.text for n in client.get(url, query).context["page"].object_list]

    assert len(texts()) == 3
    assert texts(source="case_files") == ["Read in files"]
    assert texts(reviewer=t["reviewers"][0].pk) == ["The reviewer's own"]
    assert texts(line=t["thread"].pk) == []


# --- Findings ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("notes", "activities", "sources", "single", "reason"),
    [
        (0, 0, 0, True, "No evidence"),
        (3, 1, 3, True, "one activity"),
        (3, 3, 1, True, "of one kind"),
        (2, 2, 2, False, ""),
    ],
)
def test_triangulation_needs_two_activities_and_two_kinds_of_source(
    notes, activities, sources, single, reason
):
    answer = triangulation(notes=notes, activities=activities, source_types=sources)
    assert answer.single_source is single
    assert reason in str(answer.reason)
    assert bool(answer.reason) is single


def test_findings_show_their_triangulation_and_flag_a_single_source(client, t):
    focus, audit = _activity(t), _activity(t, kind="case_file_audit", met_description="files")
    heard = _note(t, focus, source=SourceType.HEARD)
    heard_again = _note(t, focus, source=SourceType.HEARD)
    read = _note(t, audit, source=SourceType.CASE_FILES)
    by = t["lead"].reviewer.user
    triangulated = onsite.finding_add(
        challenge=t["challenge"],
        by=by,
        kind="strength",
        text="Decisions are well evidenced",
        line_of_enquiry=t["key_line"],
        evidence=[heard, heard_again, read],
    )
    single = onsite.finding_add(
        challenge=t["challenge"],
        by=by,
        kind="area_for_development",
        text="Children are rarely asked",
        line_of_enquiry=t["thread"],
        evidence=[heard, heard_again],
    )
    client.force_login(t["reviewers"][0].reviewer.user)
    page = client.get(reverse("challenges:findings", args=[t["challenge"].pk]))
    shown = {f.pk: f.triangulation for g in page.context["groups"] for f in g.findings}
    assert (shown[triangulated.pk].notes, shown[triangulated.pk].activities) == (3, 2)
    assert shown[triangulated.pk].source_types == 2
    assert not shown[triangulated.pk].single_source
    assert (shown[single.pk].notes, shown[single.pk].activities) == (2, 1)
    assert shown[single.pk].single_source
    assert page.text.count("Single source</strong>") == 1
    assert "All its evidence comes from one activity." in page.text
    assert [g.line for g in page.context["groups"]] == [t["key_line"], t["thread"]]


def test_a_finding_rests_only_on_its_own_challenges_evidence(t):
    elsewhere = on_site(world())
    foreign = _note(elsewhere, _activity(elsewhere))
    with pytest.raises(ValidationError) as refused:
        onsite.finding_add(
            challenge=t["challenge"],
            by=t["lead"].reviewer.user,
            kind="strength",
            text="Strong partnership",
            line_of_enquiry=t["key_line"],
            evidence=[foreign],
        )
    assert refused.value.message_dict == {
        "evidence": ["Choose evidence recorded for this challenge"]
    }


def test_a_finding_added_on_its_page_once(client, t):
    note = _note(t, _activity(t))
    client.force_login(t["reviewers"][0].reviewer.user)
    url = reverse("challenges:finding_new", args=[t["challenge"].pk])
    response = client.post(url, {"token": str(uuid.uuid4())})
    assert "Choose the kind of finding" in response.text
    assert "Enter the finding" in response.text
    data = {
        "token": str(uuid.uuid4()),
        "kind": "recommendation",
        "line_of_enquiry": t["key_line"].pk,
        "text": "Review the panel's terms of reference",
        "evidence": [note.pk],
    }
    client.post(url, data)
    client.post(url, data)
    finding = Finding.objects.get()
    assert list(finding.evidence.all()) == [note]
    event = ChallengeEvent.objects.get(action=ChallengeAction.ADD_FINDING)
    assert event.message == "Recommendation, Out-of-court disposals"


def _findings(t, *texts, line=None):
    return [
        onsite.finding_add(
            challenge=t["challenge"],
            by=t["lead"].reviewer.user,
            kind="strength",
            text=text,
            line_of_enquiry=line or t["key_line"],
        )
        for text in texts
    ]


def test_the_lead_merges_a_duplicate_which_is_kept_but_no_longer_listed(client, t):
    activity = _activity(t)
    kept, duplicate = _findings(t, "Strong leadership", "Leaders are strong")
    duplicate.evidence.add(_note(t, activity))
    client.force_login(t["reviewers"][0].reviewer.user)
    url = reverse("challenges:finding_merge", args=[t["challenge"].pk, duplicate.pk])
    assert client.get(url).status_code == 403
    with pytest.raises(PermissionDenied):
        onsite.finding_merge(finding=duplicate, into=kept, by=t["reviewers"][0].reviewer.user)
    client.force_login(t["lead"].reviewer.user)
    page = client.get(url)
    assert "will no longer be listed" in page.text
    response = client.post(url, {"into": kept.pk})
    assert response.status_code == 302
    duplicate.refresh_from_db()
    assert duplicate.merged_into == kept
    assert kept.evidence.count() == 1
    listed = client.get(reverse("challenges:findings", args=[t["challenge"].pk]))
    assert [f.pk for g in listed.context["groups"] for f in g.findings] == [kept.pk]
    assert "1 duplicate merged into it." in listed.text
    # A merged finding has no page of its own any more.
    assert client.get(url).status_code == 404


def test_the_lead_orders_the_findings_of_a_line(client, t):
    *_rest, third = _findings(t, "One", "Two", "Three")
    (elsewhere,) = _findings(t, "Thread", line=t["thread"])
    move = reverse("challenges:finding_move", args=[t["challenge"].pk, third.pk])
    client.force_login(t["reviewers"][0].reviewer.user)
    assert client.post(move, {"direction": "up"}).status_code == 403
    client.force_login(t["lead"].reviewer.user)
    client.post(move, {"direction": "up"})
    client.post(move, {"direction": "up"})
    client.post(move, {"direction": "up"})  # already first: stays
    page = client.get(reverse("challenges:findings", args=[t["challenge"].pk]))
    order = [[f.text for f in g.findings] for g in page.context["groups"]]
    assert order == [["Three", "One", "Two"], ["Thread"]]
    assert elsewhere.pk in [f.pk for f in page.context["groups"][1].findings]
    assert ChallengeEvent.objects.filter(action=ChallengeAction.ORDER_FINDINGS).count() == 2


def test_list_pages_run_the_same_queries_for_one_and_three_rows(client, t):
    activity = _activity(t)
    client.force_login(t["lead"].reviewer.user)
    pages = [
        reverse("challenges:onsite", args=[t["challenge"].pk]),
        reverse("challenges:evidence", args=[t["challenge"].pk]),
        reverse("challenges:findings", args=[t["challenge"].pk]),
        activity.get_absolute_url(),
    ]

    def counts():
        out = []
        for url in pages:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            out.append(len(queries))
        return out

    _findings(t, "Finding 1")[0].evidence.add(_note(t, activity))
    one = counts()
    for n in (2, 3):
        other = _activity(t, kind="observation")
        _findings(t, f"Finding {n}")[0].evidence.add(_note(t, other), _note(t, activity))
    assert counts() == one


# --- Confidentiality ---------------------------------------------------------------------------


def _read(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def test_no_one_outside_the_team_reads_evidence_or_findings_anywhere(client, t):
    made = t["challenge"]
    activity = _activity(t, members=[t["lead"], t["reviewers"][0]])
    note = _note(t, activity, member=t["reviewers"][0], text=f"Staff said {EVIDENCE_CANARY}")
    finding = onsite.finding_add(
        challenge=made,
        by=t["lead"].reviewer.user,
        kind="strength",
        text=f"Finding {FINDING_CANARY}",
        line_of_enquiry=t["key_line"],
        evidence=[note],
    )
    # Someone invited to a place (the shadowing place, say) who has not answered yet.
    invited = pool_member(t, qualified=False)
    TeamMember.objects.create(
        challenge=made, reviewer=invited, role="shadow", invited_by=t["coordinator"]
    )
    outside = {
        "anonymous": None,
        "no role": factories.UserFactory(),
        "another reviewer": t["outsider"],
        "a reviewer invited, not accepted": invited.user,
        "the receiving service's lead": t["service_lead"],
        "a board member": t["member"],
        "the programme's coordinator": t["coordinator"],
        "another programme's coordinator": factories.coordinator(),
        "a superuser": factories.superuser(),
    }
    pk = made.pk
    confidential = [
        reverse("challenges:onsite", args=[pk]),
        reverse("challenges:activity", args=[pk, activity.pk]),
        reverse("challenges:activity_new", args=[pk]),
        reverse("challenges:activity_edit", args=[pk, activity.pk]),
        reverse("challenges:evidence", args=[pk]),
        reverse("challenges:evidence_edit", args=[pk, note.pk]),
        reverse("challenges:findings", args=[pk]),
        reverse("challenges:finding_new", args=[pk]),
        reverse("challenges:finding_edit", args=[pk, finding.pk]),
        reverse("challenges:finding_merge", args=[pk, finding.pk]),
    ]
    others = [
        reverse("challenges:list"),
        reverse("challenges:export"),
        reverse("challenges:detail", args=[pk]),
        reverse("challenges:team", args=[pk]),
        reverse("challenges:milestones", args=[pk]),
        reverse("challenges:invitation", args=[pk]),
        reverse("start"),
    ]
    login = reverse("accounts:login")
    for who, user in outside.items():
        client.logout()
        if user is not None:
            client.force_login(user)
        for url in confidential + others:
            response = client.get(url)
            text = _read(response)
            assert EVIDENCE_CANARY not in text, (who, url)
            assert FINDING_CANARY not in text, (who, url)
            if url in confidential:
                expected = {403, 404} if user else {302}
                assert response.status_code in expected, (who, url, response.status_code)
                if user is None:
                    assert response.url.startswith(login)
        move = reverse("challenges:finding_move", args=[pk, finding.pk])
        assert client.post(move, {"direction": "up"}).status_code in ({403, 404} if user else {302})
    # The team reads it.
    client.force_login(t["reviewers"][1].reviewer.user)
    assert EVIDENCE_CANARY in client.get(reverse("challenges:evidence", args=[pk])).text
    assert FINDING_CANARY in client.get(reverse("challenges:findings", args=[pk])).text


def test_coordinators_see_how_much_was_done_on_site_not_what_was_found(client, t):
    _activity(t, met_count=4)
    _activity(t, kind="case_file_audit", met_description="case files", met_count=12)
    client.force_login(t["coordinator"])
    page = client.get(reverse("challenges:detail", args=[t["challenge"].pk]))
    assert "2 activities, 4 people met, 12 case files and documents read." in page.text
    assert "for the team only" in page.text
    assert reverse("challenges:evidence", args=[t["challenge"].pk]) not in page.text
    client.force_login(t["lead"].reviewer.user)
    page = client.get(reverse("challenges:detail", args=[t["challenge"].pk]))
    assert reverse("challenges:evidence", args=[t["challenge"].pk]) in page.text
