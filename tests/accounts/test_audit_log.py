"""The audit log page: admins read their region's events, filtered; other roles get 403."""
import pytest
from django.urls import reverse

from filings import services
from tests.filings.helpers import submitted_filing

pytestmark = pytest.mark.django_db
URL = reverse("accounts:audit_log")


def test_county_admin_sees_own_county_events_only(client, users, regions):
    submitted_filing(users["operator_a"], name="甲托育园")
    submitted_filing(users["operator_b"], region="130104", name="乙托育园")
    client.force_login(users["admin_a"])
    page = client.get(URL).content.decode()
    assert "甲托育园" in page and "乙托育园" not in page
    client.force_login(users["city_admin"])
    page = client.get(URL).content.decode()
    assert "甲托育园" in page and "乙托育园" in page


def test_filters_by_action_and_actor(client, users, regions):
    filing = submitted_filing(users["operator_a"], name="甲托育园")
    services.filing_return(filing=filing, by=users["reviewer_a"], reason="请补正材料XYZ")
    client.force_login(users["city_admin"])
    page = client.get(URL, {"action": "filing.return"}).content.decode()
    assert "请补正材料XYZ" in page and "filing_form.pdf" not in page
    page = client.get(URL, {"actor": "reviewer_a"}).content.decode()
    assert "请补正材料XYZ" in page
    page = client.get(URL, {"actor": "nobody"}).content.decode()
    assert "没有符合条件的记录" in page


@pytest.mark.parametrize("who", ["reviewer_a", "viewer_a", "operator_a", "inspector_a"])
def test_other_roles_get_403(client, users, who):
    client.force_login(users[who])
    assert client.get(URL).status_code == 403


@pytest.mark.parametrize("count", [3, 40])
def test_query_count_is_constant(client, users, regions, django_assert_max_num_queries, count):
    from accounts.models import AuditEvent
    AuditEvent.objects.bulk_create([AuditEvent(actor=users["reviewer_a"], action="filing.submit",
                                               object_type="filings.filing", object_id=str(i),
                                               region_code="130102", summary=f"s{i}") for i in range(count)])
    client.force_login(users["city_admin"])
    with django_assert_max_num_queries(8):
        assert client.get(URL).status_code == 200


def test_objects_and_changes_are_shown_by_label_in_the_readers_language(client, users, regions):
    """Not "filings.filing #3" and a Python dict: the object's name and a table of labelled values."""
    filing = submitted_filing(users["operator_a"], name="甲托育园")
    services.filing_return(filing=filing, by=users["reviewer_a"], reason="请补正",
                           comments={"premises.address": "写到门牌号"})
    client.force_login(users["city_admin"])
    chinese = client.get(URL, {"action": "filing.return"}).content.decode()
    assert f"备案申请 #{filing.pk}" in chinese and "filings.filing #" not in chinese
    assert "{'status'" not in chinese and "premises.address" not in chinese
    assert "待审核" in chinese and "退回补正" in chinese  # the status's labels, before and after
    assert "场地与地址 · 详细地址：写到门牌号" in chinese
    english = client.get(URL, {"action": "filing.return"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f"Filing #{filing.pk}" in english and "备案申请 #" not in english
    assert "Status" in english and "premises.address" not in english and "returned'" not in english
    assert "详细地址" not in english and ": 写到门牌号" in english


def test_login_rows_show_username_and_address_labelled(client, users):
    from accounts.models import AuditEvent
    client.post(reverse("accounts:login"), {"username": "reviewer_a", "password": "wrong"})
    assert AuditEvent.objects.filter(action__startswith="auth.").exists()
    client.force_login(users["superuser"] if "superuser" in users else users["province_admin"])
    english = client.get(URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "IP address" in english and "{'username'" not in english
    assert "accounts.user" not in english


def test_each_app_registers_its_own_audit_actions():
    """accounts names no other app's actions: each app registers its own labels from its AppConfig.ready."""
    import importlib
    from pathlib import Path

    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured

    from accounts.audit_registry import audit_action_choices, audit_action_label, register_audit_actions

    registered = dict(audit_action_choices())
    for app in ("accounts", "filings", "institutions", "inspections", "complaints", "imports", "exports"):
        actions = importlib.import_module(f"{app}.audit_actions").AUDIT_ACTIONS
        assert actions and all(registered[action] is label for action, label in actions.items())
    assert audit_action_label("filing.return") == "退回补正" and audit_action_label("no.such") == "no.such"
    accounts_source = "".join(path.read_text() for path in (Path(settings.BASE_DIR) / "accounts").glob("*.py")
                              if path.name != "audit_actions.py")
    assert "filing.return" not in accounts_source and "visit.start" not in accounts_source
    with pytest.raises(ImproperlyConfigured):
        register_audit_actions({"filing.return": "another label"})


def test_the_action_filter_offers_every_apps_actions(client, users):
    client.force_login(users["city_admin"])
    page = client.get(URL).content.decode()
    for label in ("退回补正", "完成检查", "受理投诉", "数据导入", "登录失败"):
        assert f">{label}</option>" in page
