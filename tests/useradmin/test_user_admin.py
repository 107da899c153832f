"""Region admins run their own users (issue 15 point 4): open, change, deactivate and notify staff accounts of
their region and below, never above it (a county admin cannot raise anyone to city scope), never another
region's users (404), never their own role; bulk opening from an XLSX template with row errors; every change
audited with before and after; the list is searchable, exportable and its queries do not grow with rows."""
import io

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from accounts import sms
from accounts.models import AuditEvent, Role, User
from tests.factories import UserFactory, region

pytestmark = pytest.mark.django_db

LIST, NEW, IMPORT = "/accounts/users/", "/accounts/users/new/", "/accounts/users/import/"


@pytest.fixture(autouse=True)
def outbox():
    sms.outbox.clear()
    cache.clear()
    return sms.outbox


def new_user(client, **values):
    data = {"username": "li_inspector", "display_name": "李检", "phone": "13600000001", "email": "",
            "role": Role.INSPECTOR, "region_code": "130102", "is_active": "on", **values}
    return client.post(NEW, data)


def test_a_county_admin_opens_an_inspector_and_cannot_raise_anyone_to_city_scope(client, users, outbox):
    client.force_login(users["admin_a"])  # 130102
    assert client.get(LIST).status_code == 200
    created = new_user(client)
    assert created.status_code == 302
    user = User.objects.get(username="li_inspector")
    assert (user.role, user.region_id, user.has_usable_password()) == (Role.INSPECTOR, "130102", False)
    assert outbox and outbox[-1][0] == "13600000001" and "/accounts/password/reset/" in outbox[-1][1]
    listed = client.get(LIST).content.decode()
    assert "li_inspector" in listed and "13600000001" not in listed  # personal data masked in the list
    assert "13600000001" in client.get(reverse("useradmin:edit", args=[user.pk])).content.decode()
    event = AuditEvent.objects.get(action="user.create", object_id=str(user.pk))
    assert event.before is None and event.after["role"] == Role.INSPECTOR and event.actor == users["admin_a"]

    raised = new_user(client, username="to_city", phone="13600000002", region_code="1301")
    assert raised.status_code == 400 and "不在您的管辖范围内" in raised.content.decode()
    edit = reverse("useradmin:edit", args=[user.pk])
    refused = client.post(edit, {"display_name": "李检", "phone": "13600000001", "role": Role.ADMIN,
                                 "region_code": "1301", "is_active": "on"})
    assert refused.status_code == 400
    changed = client.post(edit, {"display_name": "李检查", "phone": "13600000001", "role": Role.REVIEWER,
                                 "region_code": "130102", "is_active": "on"})
    assert changed.status_code == 302
    event = AuditEvent.objects.get(action="user.update", object_id=str(user.pk))
    assert event.before == {"display_name": "李检", "role": Role.INSPECTOR}
    assert event.after == {"display_name": "李检查", "role": Role.REVIEWER}


def test_another_regions_users_are_404_and_nobody_changes_their_own_role(client, users):
    client.force_login(users["admin_a"])
    other = users["reviewer_b"]  # 130104
    assert client.get(reverse("useradmin:edit", args=[other.pk])).status_code == 404
    assert client.post(reverse("useradmin:edit", args=[other.pk]), {"action": "invite"}).status_code == 404
    assert "reviewer_b" not in client.get(LIST).content.decode()
    own = users["admin_a"]
    own.phone = "13600000009"
    own.save()
    response = client.post(reverse("useradmin:edit", args=[own.pk]), {
        "display_name": "甲", "phone": "13600000009", "role": Role.VIEWER, "region_code": "130102", "is_active": "on"})
    assert response.status_code == 400 and "不能修改自己的角色" in response.content.decode()
    for username in ("reviewer_a", "inspector_a", "viewer_a", "operator_a"):
        client.force_login(users[username])
        assert client.get(LIST).status_code == 403, username


def test_a_deactivated_account_is_signed_out_and_cannot_sign_in(client, users):
    from django.test import Client

    target = users["inspector_a"]
    target.phone = "13600000003"
    target.save()
    elsewhere = Client()
    elsewhere.force_login(target)
    client.force_login(users["city_admin"])
    response = client.post(reverse("useradmin:edit", args=[target.pk]), {
        "display_name": "检查员", "phone": "13600000003", "role": Role.INSPECTOR, "region_code": "130102"})
    assert response.status_code == 302
    target.refresh_from_db()
    assert not target.is_active
    assert elsewhere.get(reverse("inspections:home")).status_code == 302


def xlsx(rows) -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("users.xlsx", buffer.getvalue(),
                              content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


HEADER = ["用户名", "姓名", "手机号码", "电子邮箱", "角色", "区划代码"]


def test_a_city_admin_opens_county_inspectors_from_the_xlsx_template(client, users, outbox):
    client.force_login(users["city_admin"])  # 1301
    template = client.get(reverse("useradmin:import_template"))
    assert load_workbook(io.BytesIO(b"".join(template.streaming_content))).active["A1"].value == "用户名"
    bad = client.post(IMPORT, {"file": xlsx([HEADER,
                                             ["wang_a", "王一", "13700000001", "", "监督员", "130102"],
                                             ["wang_b", "王二", "13700000001", "", "监督员", "130104"],
                                             ["wang_c", "王三", "13700000003", "", "局长", "130102"],
                                             ["wang_d", "王四", "13700000004", "", "监督员", "3708"]])})
    assert bad.status_code == 400
    page = bad.content.decode()
    assert "与第 2 行重复" in page and "角色“局长”无效" in page and "不在您的管辖范围内" in page
    assert not User.objects.filter(username__startswith="wang_").exists() and not outbox
    good = client.post(IMPORT, {"file": xlsx([HEADER,
                                              ["wang_a", "王一", "13700000001", "", "监督员", "130102"],
                                              ["wang_b", "王二", "13700000002", "", "审核员", 130104]])})
    assert good.status_code == 302
    created = dict(User.objects.filter(username__startswith="wang_").values_list("username", "region_id"))
    assert created == {"wang_a": "130102", "wang_b": "130104"}
    assert len(outbox) == 2 and AuditEvent.objects.filter(action="user.create").count() == 2


def test_the_list_searches_exports_and_keeps_its_queries(client, users, django_assert_max_num_queries):
    county = region("130102")
    for n in range(30):
        UserFactory(username=f"staff{n:02d}", role=Role.VIEWER, region=county, display_name=f"职员{n}")
    client.force_login(users["city_admin"])
    with django_assert_max_num_queries(12):
        page = client.get(LIST)
    assert page.status_code == 200 and "staff00" in page.content.decode()
    found = client.get(LIST, {"q": "职员7"}).content.decode()
    assert "staff07" in found and "staff08" not in found
    exported = client.get(LIST, {"export": "xlsx", "role": Role.VIEWER})
    sheet = load_workbook(io.BytesIO(b"".join(exported.streaming_content))).active
    assert sheet["A1"].value == "用户名" and sheet.max_row == 1 + 30 + 2  # the header, 30 staff, viewer_a and _b


def test_an_admin_resets_a_users_second_factor_from_the_users_page(client, users):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.create(user=users["inspector_a"], name="authenticator", confirmed=True)
    client.force_login(users["admin_a"])
    page = reverse("useradmin:edit", args=[users["inspector_a"].pk])
    assert client.post(page, {"action": "reset_2fa"}).status_code == 302
    assert not TOTPDevice.objects.filter(user=users["inspector_a"]).exists()
    assert AuditEvent.objects.filter(action="auth.2fa_reset", actor=users["admin_a"]).exists()
    other = reverse("useradmin:edit", args=[users["inspector_b"].pk])
    assert client.post(other, {"action": "reset_2fa"}).status_code == 404


def test_fellow_admins_of_a_region_are_managed_from_the_level_above(client, users):
    """No admin takes over another's account (its phone, its second factor): peers are 404 to each other."""
    peer = UserFactory(username="admin_a2", role=Role.ADMIN, region=region("130102"), phone="13600000077")
    client.force_login(users["admin_a"])
    assert "admin_a2" not in client.get(LIST).content.decode()
    assert client.get(reverse("useradmin:edit", args=[peer.pk])).status_code == 404
    assert client.post(reverse("accounts:lockouts"), {"action": "reset_2fa", "username": "admin_a2"}).status_code == 404
    assert client.get(reverse("useradmin:edit", args=[users["admin_a"].pk])).status_code == 200  # oneself
    client.force_login(users["city_admin"])
    assert client.get(reverse("useradmin:edit", args=[peer.pk])).status_code == 200
    assert client.post(reverse("accounts:sessions"), {"session": "abc"}).status_code == 302  # not a 500


def test_an_api_update_keeps_what_it_leaves_out(users):
    from rest_framework.test import APIClient

    target = users["viewer_a"]
    target.is_active, target.email, target.phone = False, "v@example.gov.cn", "13600000088"
    target.save()
    client = APIClient()
    client.force_authenticate(users["admin_a"])
    response = client.put(f"/api/v1/users/{target.pk}/", {"display_name": "查看员", "phone": "13600000088",
                                                          "role": Role.VIEWER}, format="json")
    assert response.status_code == 200
    target.refresh_from_db()
    assert (target.is_active, target.email, target.region_id) == (False, "v@example.gov.cn", "130102")
