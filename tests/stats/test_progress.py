"""Daily progress: one day's submissions, approvals and slots added per child region (stats.progress), its
dashboard partial, the e-mail opt-in (/stats/progress-mail/) and the 07:30 beat task that mails it."""
import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.http import Http404
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.utils import timezone

from accounts.models import Role
from filings import services
from filings.models import Filing
from stats.models import ProgressMailSubscription
from stats.progress import daily_progress
from stats.tasks import send_daily_progress
from tests.factories import UserFactory, region
from tests.filings.helpers import submitted_filing

from .html_rows import table_rows

pytestmark = pytest.mark.django_db

TOGGLE = "/stats/progress-mail/"
# toddler_large 20 + toddler_small 15 = 35 slots (the helper's default classes hold 15 + 20 + 5 = 40).
CLASSES_35 = [{"name": "托大班", "class_type": "toddler_large", "capacity": "20", "enrolled": "14", "caregivers": "2"},
              {"name": "托小班", "class_type": "toddler_small", "capacity": "15", "enrolled": "10", "caregivers": "2"}]
CLASSES_50 = [{"name": "托大一班", "class_type": "toddler_large", "capacity": "20", "enrolled": "14", "caregivers": "2"},
              {"name": "托大二班", "class_type": "toddler_large", "capacity": "20", "enrolled": "14", "caregivers": "2"},
              {"name": "乳儿班", "class_type": "infant", "capacity": "10", "enrolled": "3", "caregivers": "1"}]


def shift(filing: Filing, days: int) -> None:
    """Move a filing's submission and decision back by `days` (the services stamp them with now)."""
    delta = datetime.timedelta(days=days)
    Filing.objects.filter(pk=filing.pk).update(
        first_submitted_at=filing.first_submitted_at - delta, submitted_at=filing.submitted_at - delta,
        decided_at=filing.decided_at - delta if filing.decided_at else None)


@pytest.fixture
def activity(users, regions):
    """Today, in city 1301 and in province 37 (another province):
    | county           | submitted today                          | approved today                 | slots added |
    |------------------|------------------------------------------|--------------------------------|-------------|
    | A 130102         | new N1 (40), new N2 (township), change C1 | N1, C1 (C1 raises I0 to 50)   | 40          |
    | B 130104         | new N3 (35)                              | N3                             | 35          |
    | 370830 (prov 37) | new N4 (40)                              | N4                             | 40          |
    Not today: I0's own filing (A, approved 10 days ago); Y1 (B, 40 slots, submitted and approved yesterday).
    """
    today = timezone.localdate()
    reviewer_other = UserFactory(username="reviewer_other", role=Role.REVIEWER, region=regions["other_county"])
    operator_other = UserFactory(username="operator_other", role=Role.OPERATOR)
    a, b = users["reviewer_a"], users["reviewer_b"]

    old = services.filing_approve(filing=submitted_filing(users["operator_a"], name="老机构"), by=a,
                                  on=today - datetime.timedelta(days=10))
    shift(old, 10)
    y1 = services.filing_approve(filing=submitted_filing(users["operator_b"], region="130104", name="昨日托育园"),
                                 by=b, on=today - datetime.timedelta(days=1))
    shift(y1, 1)

    n1 = services.filing_approve(filing=submitted_filing(users["operator_a"], name="新一托育园"), by=a)
    submitted_filing(users["operator_a"], region="130102001", name="新二托育园")
    change = services.filing_start_change(institution=old.institution, by=users["operator_a"])
    service = dict(change.data["service"], rows=CLASSES_50)
    change = services.filing_save_step(filing=change, step="service", values=service, by=users["operator_a"])
    services.filing_approve(filing=services.filing_submit(filing=change, by=users["operator_a"]), by=a)
    services.filing_approve(filing=submitted_filing(users["operator_b"], region="130104", name="新三托育园",
                                                    classes=CLASSES_35), by=b)
    services.filing_approve(filing=submitted_filing(operator_other, region="370830", name="汶上新四托育园"),
                            by=reviewer_other)
    return {"today": today, "n1": n1, "old": old}


def rows(progress) -> dict[str, tuple]:
    return {r.region_code: (r.region_name, r.submissions, r.approvals, r.slots_added) for r in progress.rows}


def test_a_city_sees_each_county_with_its_submissions_approvals_and_slots(activity, users):
    progress = daily_progress(users["city_admin"], "1301", activity["today"])
    assert (progress.region_code, progress.region_name, progress.day) == ("1301", "石家庄市", activity["today"])
    assert rows(progress) == {"130102": ("长安区", 3, 2, 40), "130104": ("桥西区", 1, 1, 35)}
    assert (progress.totals.submissions, progress.totals.approvals, progress.totals.slots_added) == (4, 3, 75)


def test_the_default_day_is_yesterday(activity, users):
    progress = daily_progress(users["city_admin"], "1301")
    assert progress.day == activity["today"] - datetime.timedelta(days=1)
    assert rows(progress) == {"130102": ("长安区", 0, 0, 0), "130104": ("桥西区", 1, 1, 40)}


def test_province_country_and_county_tables(activity, users, regions):
    region("1302", "唐山市")  # a city without filings still has its (empty) row
    province = daily_progress(users["province_admin"], "13", activity["today"])
    assert rows(province) == {"1301": ("石家庄市", 4, 3, 75), "1302": ("唐山市", 0, 0, 0)}
    country = daily_progress(users["national_admin"], "", activity["today"])
    assert country.region_name == "全国"
    assert rows(country) == {"13": ("河北省", 4, 3, 75), "37": ("山东省", 1, 1, 40)}
    # Filings belong to counties: a county's table is the county itself.
    county = daily_progress(users["admin_a"], "130102", activity["today"])
    assert rows(county) == {"130102": ("长安区", 3, 2, 40)}


def test_outside_the_scope_is_404(activity, users):
    for user, code in ((users["admin_a"], "130104"), (users["city_admin"], "13"), (users["operator_a"], "130102"),
                       (users["other_province_admin"], "1301"), (AnonymousUser(), "")):
        with pytest.raises(Http404):
            daily_progress(user, code, activity["today"])


def test_queries_do_not_grow_with_the_regions_or_filings(activity, users, django_assert_num_queries):
    with django_assert_num_queries(2):
        daily_progress(users["national_admin"], "", activity["today"])
    for code in ("130105", "130107", "130108"):
        region(code)
    services.filing_approve(filing=submitted_filing(users["operator_b"], region="130104", name="又一托育园"),
                            by=users["reviewer_b"])
    with django_assert_num_queries(2):
        progress = daily_progress(users["city_admin"], "1301", activity["today"])
    assert len(progress.rows) == 5 and progress.totals.slots_added == 115


def test_the_dashboard_partial_renders_the_table_and_the_opt_in(activity, users):
    region("130105", "新华区")
    region("130107", "井陉矿区")
    request = RequestFactory().get("/stats/?region=1301")
    request.user = users["city_admin"]
    progress = daily_progress(users["city_admin"], "1301", activity["today"])
    html = render_to_string("stats/_daily_progress.html", {"progress": progress}, request=request)
    table = table_rows(html, "data-region")
    # Regions with nothing that day are named in one line rather than as rows of zeros.
    assert table == {"130102": ["长安区", "3", "2", "40"], "130104": ["桥西区", "1", "1", "35"],
                     "quiet": ["其余地区当日无备案提交或通过：新华区、井陉矿区"], "total": ["合计", "4", "3", "75"]}
    assert 'action="/stats/progress-mail/"' in html and 'name="subscribe" value="1"' in html
    assert 'name="next" value="/stats/?region=1301"' in html
    ProgressMailSubscription.objects.create(user=users["city_admin"])
    request.user = type(users["city_admin"]).objects.get(pk=users["city_admin"].pk)
    assert 'name="subscribe" value="0"' in render_to_string("stats/_daily_progress.html", {"progress": progress},
                                                            request=request)
    request.user = users["viewer_a"]  # not an admin: the table without the opt-in
    html = render_to_string("stats/_daily_progress.html",
                            {"progress": daily_progress(users["viewer_a"], "130102", activity["today"])},
                            request=request)
    assert "progress-mail" not in html and table_rows(html, "data-region")["130102"] == ["长安区", "3", "2", "40"]


def csrf_client(user) -> tuple[Client, str]:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    client.get("/notifications/")  # every page carries the language form, which sets the CSRF cookie
    return client, client.cookies["csrftoken"].value


def test_an_admin_subscribes_and_unsubscribes_with_a_csrf_protected_post(users):
    admin = users["admin_a"]
    client, token = csrf_client(admin)
    assert client.post(TOGGLE, {"subscribe": "1"}).status_code == 403  # no token
    response = client.post(TOGGLE, {"subscribe": "1", "next": "/stats/bulletin/?region=130102",
                                    "csrfmiddlewaretoken": token})
    assert response.status_code == 302 and response["Location"] == "/stats/bulletin/?region=130102"
    assert ProgressMailSubscription.objects.filter(user=admin).count() == 1
    client.post(TOGGLE, {"subscribe": "1", "csrfmiddlewaretoken": token})  # twice: still one
    assert ProgressMailSubscription.objects.filter(user=admin).count() == 1
    response = client.post(TOGGLE, {"subscribe": "0", "next": "https://evil.example/", "csrfmiddlewaretoken": token})
    assert response["Location"] == "/stats/"  # an outside address is not followed
    assert not ProgressMailSubscription.objects.filter(user=admin).exists()
    opened = client.get(TOGGLE)  # typed or bookmarked: the opt-in lives on the dashboard's panel
    assert opened.status_code == 302 and opened["Location"] == "/stats/#daily-progress"
    assert not ProgressMailSubscription.objects.filter(user=admin).exists()
    assert client.post(TOGGLE, {"subscribe": "yes", "csrfmiddlewaretoken": token}).status_code == 400


def test_only_admins_may_subscribe(users, login, client):
    for username in ("reviewer_a", "inspector_a", "viewer_a", "operator_a"):
        assert login(users[username]).post(TOGGLE, {"subscribe": "1"}).status_code == 404, username
    client.logout()
    assert client.post(TOGGLE, {"subscribe": "1"}).status_code == 302  # to the log-in page
    assert not ProgressMailSubscription.objects.exists()


@pytest.fixture
def subscribers(users):
    emails = {"city_admin": "city@example.cn", "province_admin": "province@example.cn",
              "other_province_admin": "sd@example.cn", "admin_a": "", "reviewer_a": "reviewer@example.cn"}
    for username, email in emails.items():
        users[username].email = email
        users[username].save(update_fields=["email"])
        ProgressMailSubscription.objects.create(user=users[username])
    users["admin_b"].email = "b@example.cn"  # not subscribed
    users["admin_b"].save(update_fields=["email"])
    gone = UserFactory(username="gone_admin", role=Role.ADMIN, region=users["city_admin"].region,
                       email="gone@example.cn", is_active=False)
    ProgressMailSubscription.objects.create(user=gone)
    return users


def test_the_morning_task_mails_each_subscribed_admin_their_own_scope(activity, subscribers):
    today = activity["today"]
    region("1302", "唐山市")  # a city of province 13 with nothing that day
    assert send_daily_progress.delay(today.isoformat()).get() == 3
    by_recipient = {message.to[0]: message for message in mail.outbox}
    # admin_a has no address, the reviewer is no admin, the inactive admin and admin_b are left out.
    assert set(by_recipient) == {"city@example.cn", "province@example.cn", "sd@example.cn"}
    city = by_recipient["city@example.cn"]
    assert city.subject == f"托育服务每日进展 Daily progress：石家庄市 {today.isoformat()}"
    assert "长安区：提交申请 3，通过备案 2，新增托位 40" in city.body
    assert "桥西区：提交申请 1，通过备案 1，新增托位 35" in city.body
    assert "合计：提交申请 4，通过备案 3，新增托位 75" in city.body
    assert "Total: 4 submitted, 3 approved, 75 slots added" in city.body
    html, mimetype = city.alternatives[0]
    assert mimetype == "text/html" and "石家庄市" in html and ">75<" in html
    province = by_recipient["province@example.cn"]
    assert "石家庄市：提交申请 4，通过备案 3，新增托位 75" in province.body
    assert "其余地区当日无备案提交或通过：唐山市" in province.body
    other = by_recipient["sd@example.cn"]
    assert "汶上县" not in other.body  # the province's table lists its cities
    assert "提交申请 1，通过备案 1，新增托位 40" in other.body
    # Nobody reads another region's data.
    for message in (city, province):
        text = message.body + message.alternatives[0][0]
        assert "山东" not in text and "济宁" not in text and "汶上" not in text
    text = other.body + other.alternatives[0][0]
    assert "石家庄" not in text and "长安区" not in text and "桥西区" not in text and "河北" not in text


def test_running_the_task_twice_mails_nobody_twice(activity, subscribers):
    day = activity["today"].isoformat()
    assert send_daily_progress(day) == 3
    assert send_daily_progress(day) == 0
    assert len(mail.outbox) == 3
    assert set(ProgressMailSubscription.objects.filter(last_sent_for__isnull=False)
               .values_list("user__username", flat=True)) == {"city_admin", "province_admin", "other_province_admin"}


def test_a_failed_send_is_retried_by_the_next_run(activity, subscribers, settings, monkeypatch):
    from stats import progress_mail

    calls = []

    def failing(*args, **kwargs):
        calls.append(args[3])
        raise OSError("SMTP down")

    monkeypatch.setattr(progress_mail, "send_mail", failing)
    day = activity["today"].isoformat()
    assert send_daily_progress(day) == 0 and len(calls) == 3
    assert not ProgressMailSubscription.objects.filter(last_sent_for__isnull=False).exists()
    monkeypatch.undo()
    assert send_daily_progress(day) == 3


def test_the_beat_runs_the_task_at_half_past_seven(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["stats-daily-progress-mail"]
    assert entry["task"] == "stats.tasks.send_daily_progress" == send_daily_progress.name
    assert (entry["schedule"].hour, entry["schedule"].minute) == ({7}, {30})
