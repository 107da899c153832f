"""The staff side: complaints land with the inspectors covering their county, are acknowledged, taken up
and closed with a public resolution (each an audit row and a notice to the colleagues), out of scope is 404,
readers get 403 on actions, and the list shows the 5-working-day deadline with one query set per page."""
import datetime

import pytest
from django.urls import reverse

from accounts.models import AuditEvent, Role
from complaints import services, views
from complaints.models import Complaint, ComplaintNote, ComplaintStatus
from complaints.tasks import complaint_received_notify
from core.models import Holiday
from notifications.models import Notification
from tests.factories import UserFactory

from .conftest import received_on

pytestmark = pytest.mark.django_db

LIST = reverse("complaints:list")


def detail(complaint):
    return reverse("complaints:detail", args=[complaint.pk])


def act(complaint):
    return reverse("complaints:act", args=[complaint.pk])


def notices(user, kind=None):
    rows = Notification.objects.filter(recipient=user)
    return list((rows.filter(kind=kind) if kind else rows).values_list("title", flat=True))


# --- arrival ------------------------------------------------------------------------------------------

def test_new_complaint_notifies_the_county_inspectors_only(users, inspector_a2, make_complaint,
                                                           django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        complaint = make_complaint(contact_name="李女士", contact_phone="13800001111")
    for inspector in (users["inspector_a"], inspector_a2):
        (title,) = notices(inspector, "complaint.received")
        assert "长安区阳光托育园" in title and "安全隐患" in title
    assert notices(users["inspector_b"]) == [] and notices(users["reviewer_a"]) == []
    body = Notification.objects.filter(recipient=users["inspector_a"]).get().body
    assert complaint.tracking_number in body and "李女士" not in body and "13800001111" not in body
    assert Notification.objects.get(recipient=users["inspector_a"]).url == detail(complaint)
    # Running the task again sends nothing twice.
    assert complaint_received_notify(complaint.pk) == 2
    assert Notification.objects.filter(kind="complaint.received").count() == 2
    event = AuditEvent.objects.get(action="complaint.receive")
    assert event.actor is None and event.region_code == "130102" and "李女士" not in event.summary


def test_city_inspector_hears_of_every_county_of_the_city(users, regions, make_complaint,
                                                          django_capture_on_commit_callbacks):
    city_inspector = UserFactory(username="city_inspector", role=Role.INSPECTOR, region=regions["city"])
    with django_capture_on_commit_callbacks(execute=True):
        make_complaint(institution="b")
    assert len(notices(city_inspector)) == 1 and notices(users["inspector_a"]) == []


# --- actions ------------------------------------------------------------------------------------------

def test_acknowledge_investigate_close_flow(login, users, inspector_a2, complaint_a,
                                            django_capture_on_commit_callbacks):
    client = login(users["inspector_a"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(act(complaint_a), {"action": "acknowledge"})
    assert response.status_code == 302
    complaint_a.refresh_from_db()
    assert complaint_a.status == ComplaintStatus.ACKNOWLEDGED
    assert complaint_a.acknowledged_by == users["inspector_a"] and complaint_a.acknowledged_at is not None
    assert len(notices(inspector_a2, "complaint.acknowledged")) == 1
    assert notices(users["inspector_a"], "complaint.acknowledged") == []  # not told of one's own action

    with django_capture_on_commit_callbacks(execute=True):
        client.post(act(complaint_a), {"action": "investigate"})
    complaint_a.refresh_from_db()
    assert complaint_a.status == ComplaintStatus.INVESTIGATING and complaint_a.investigating_at

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(act(complaint_a), {"action": "close", "resolution": "已责令机构加装护栏并复查合格。",
                                                  "visit_ref": "42"})
    assert response.status_code == 302
    complaint_a.refresh_from_db()
    assert complaint_a.status == ComplaintStatus.CLOSED and complaint_a.closed_by == users["inspector_a"]
    assert (complaint_a.resolution, complaint_a.visit_ref) == ("已责令机构加装护栏并复查合格。", "42")
    (closed,) = Notification.objects.filter(recipient=inspector_a2, kind="complaint.closed")
    assert "已责令机构加装护栏" in closed.body
    actions = list(AuditEvent.objects.filter(object_type="complaints.complaint", object_id=str(complaint_a.pk))
                   .order_by("id").values_list("action", flat=True))
    assert actions == ["complaint.receive", "complaint.acknowledge", "complaint.investigate", "complaint.close"]
    body = client.get(detail(complaint_a)).content.decode()
    assert "已责令机构加装护栏并复查合格。" in body and 'id="complaint-actions"' not in body


def test_close_directly_acknowledges_and_needs_a_resolution(login, users, complaint_a):
    client = login(users["admin_a"])
    response = client.post(act(complaint_a), {"action": "close", "resolution": "", "visit_ref": "9"})
    assert response.status_code == 400
    assert str(services.MSG_RESOLUTION_REQUIRED) in response.content.decode()
    assert 'value="9"' in response.content.decode()  # what was typed is kept
    assert client.post(act(complaint_a), {"action": "close", "resolution": "查无实据。"}).status_code == 302
    complaint_a.refresh_from_db()
    assert complaint_a.status == ComplaintStatus.CLOSED
    assert complaint_a.acknowledged_by == users["admin_a"] and complaint_a.acknowledged_at == complaint_a.closed_at


def test_acting_twice_is_refused_with_a_message(login, users, complaint_a):
    client = login(users["inspector_a"])
    client.post(act(complaint_a), {"action": "acknowledge"})
    response = client.post(act(complaint_a), {"action": "acknowledge"})
    assert response.status_code == 409
    assert "已由" in response.content.decode()
    client.post(act(complaint_a), {"action": "close", "resolution": "已处理。"})
    response = client.post(act(complaint_a), {"action": "investigate"})
    assert response.status_code == 409 and str(services.MSG_CLOSED) in response.content.decode()


def test_internal_notes_are_kept_and_shown_to_staff(login, users, complaint_a):
    client = login(users["inspector_a"])
    assert client.post(act(complaint_a), {"action": "note", "note": "已电话回访投诉人"}).status_code == 302
    assert ComplaintNote.objects.get().by == users["inspector_a"]
    response = client.post(act(complaint_a), {"action": "note", "note": ""})
    assert response.status_code == 400 and str(services.MSG_NOTE_REQUIRED) in response.content.decode()
    assert "已电话回访投诉人" in login(users["viewer_a"]).get(detail(complaint_a)).content.decode()


# --- who may see and do what ----------------------------------------------------------------------------

def test_inspector_of_county_b_gets_404_on_a_complaint_of_county_a(login, users, complaint_a):
    client = login(users["inspector_b"])
    assert client.get(detail(complaint_a)).status_code == 404
    assert client.post(act(complaint_a), {"action": "acknowledge"}).status_code == 404
    complaint_a.refresh_from_db()
    assert complaint_a.status == ComplaintStatus.RECEIVED


@pytest.mark.parametrize("role", ["viewer_a", "reviewer_a"])
def test_readers_read_without_contact_data_and_get_403_on_actions(login, users, complaint_a, role):
    client = login(users[role])
    body = client.get(detail(complaint_a)).content.decode()
    assert "楼梯没有护栏" in body and "李女士" not in body and "13800001111" not in body
    assert 'id="complaint-actions"' not in body
    assert client.post(act(complaint_a), {"action": "acknowledge"}).status_code == 403
    assert client.get(LIST).status_code == 200


def test_handlers_see_the_contact_masked_and_reveal_it_with_an_audit_row(login, users, complaint_a):
    from accounts.models import AuditEvent

    client = login(users["inspector_a"])
    body = client.get(detail(complaint_a)).content.decode()
    assert "李女士" not in body and "13800001111" not in body and "李**" in body and "138****1111" in body
    body = client.get(detail(complaint_a), {"reveal": "1"}).content.decode()
    assert "李女士" in body and "13800001111" in body
    event = AuditEvent.objects.get(action="personal.reveal", object_id=str(complaint_a.pk))
    assert event.actor == users["inspector_a"] and event.region_code == "130102"


def test_operators_have_no_complaint_pages(login, users, complaint_a):
    client = login(users["operator_a"])
    assert client.get(LIST).status_code == 403
    assert client.get(detail(complaint_a)).status_code == 404


def test_list_shows_the_scope_only(login, users, complaint_a, complaint_b):
    numbers = [c.tracking_number for c in login(users["inspector_a"]).get(LIST).context["page_obj"].object_list]
    assert numbers == [complaint_a.tracking_number]
    city = [c.tracking_number for c in login(users["city_admin"]).get(LIST).context["page_obj"].object_list]
    assert set(city) == {complaint_a.tracking_number, complaint_b.tracking_number}
    assert list(login(users["other_province_admin"]).get(LIST).context["page_obj"].object_list) == []


def test_township_inspector_sees_complaints_about_institutions_of_the_township(login, users, regions,
                                                                              make_complaint, institutions):
    inst = institutions["a"]
    inst.region = regions["township_a"]
    inst.save(update_fields=["region"])
    complaint = make_complaint()
    assert complaint.county_id == "130102"
    township_inspector = UserFactory(username="township_inspector", role=Role.INSPECTOR,
                                     region=regions["township_a"])
    assert login(township_inspector).get(detail(complaint)).status_code == 200
    assert login(users["inspector_b"]).get(detail(complaint)).status_code == 404


def test_list_filters(login, users, make_complaint):
    first = make_complaint()
    second = make_complaint(description="收费不透明，多收了伙食费。", category="fees")
    services.complaint_close(complaint=second, by=users["inspector_a"], resolution="已退费。")
    client = login(users["inspector_a"])
    assert [c.pk for c in client.get(LIST).context["page_obj"].object_list] == [first.pk]
    closed = client.get(LIST, {"status": "closed"}).context["page_obj"].object_list
    assert [c.pk for c in closed] == [second.pk]
    every = client.get(LIST, {"status": "", "q": second.tracking_number[-6:]}).context["page_obj"].object_list
    assert [c.pk for c in every] == [second.pk]


# --- the working-day deadline on the list ---------------------------------------------------------------

THURSDAY = datetime.date(2025, 6, 5)


@pytest.fixture
def on_day(monkeypatch):
    def _set(day):
        monkeypatch.setattr(views, "today", lambda: day)
    return _set


def test_overdue_highlighting_counts_a_holiday(login, users, make_complaint, on_day):
    late = received_on(make_complaint(), THURSDAY)
    on_time = received_on(make_complaint(), datetime.date(2025, 6, 10))
    client = login(users["inspector_a"])
    # Thu 06-05 + 5 working days = Thu 06-12; Monday 06-09 off moves it to Fri 06-13.
    on_day(datetime.date(2025, 6, 13))
    rows = {c.pk: c for c in client.get(LIST).context["page_obj"].object_list}
    assert rows[late.pk].acknowledge_due == datetime.date(2025, 6, 12) and rows[late.pk].overdue
    assert 'data-overdue="1"' in client.get(LIST).content.decode()

    Holiday.objects.create(date=datetime.date(2025, 6, 9), name="测试假日")
    response = client.get(LIST)
    rows = {c.pk: c for c in response.context["page_obj"].object_list}
    assert rows[late.pk].acknowledge_due == datetime.date(2025, 6, 13)
    assert not rows[late.pk].overdue and rows[late.pk].due_soon
    assert rows[late.pk].working_days == 5 and not rows[on_time.pk].overdue
    assert 'data-overdue="1"' not in response.content.decode()

    on_day(datetime.date(2025, 6, 16))
    response = client.get(LIST, {"overdue": "on"})
    assert [c.pk for c in response.context["page_obj"].object_list] == [late.pk]
    assert "超期" in response.content.decode()
    services.complaint_acknowledge(complaint=late, by=users["inspector_a"])
    assert list(client.get(LIST, {"overdue": "on"}).context["page_obj"].object_list) == []


def test_list_query_count_does_not_grow_with_the_page(login, users, make_complaint, institutions,
                                                      django_assert_max_num_queries):
    client = login(users["city_admin"])
    for _ in range(3):
        make_complaint()
    client.get(LIST)  # the navbar badge's count is cached from here on, for both measurements
    with django_assert_max_num_queries(10) as small:
        client.get(LIST)
    for index in range(12):
        make_complaint(institution="b" if index % 2 else "a")
    make_complaint(institution=None, county="county_b", place="某小区")
    with django_assert_max_num_queries(10) as large:
        response = client.get(LIST)
    assert len(response.context["page_obj"].object_list) == 16
    assert len(large.captured_queries) == len(small.captured_queries)
    assert Complaint.objects.count() == 16
