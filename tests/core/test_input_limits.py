"""Limits on what clients may send (issue 12 point 10): item comments of a return, field sizes, open drafts,
and a double-clicked public complaint."""
import re

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from complaints.models import Complaint
from filings import services
from filings.models import Filing
from filings.serializers import MAX_RETURN_COMMENTS
from tests.filings.helpers import submitted_filing

pytestmark = pytest.mark.django_db


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_a_return_accepts_only_the_filings_items_and_a_bounded_number(users):
    filing = submitted_filing(users["operator_a"])
    reviewer = api(users["reviewer_a"])
    url = f"/api/v1/filings/{filing.pk}/return/"
    junk = {f"key{i}": "x" for i in range(10_000)}
    response = reviewer.post(url, {"reason": "补正", "comments": junk}, format="json")
    assert response.status_code == 400 and f"逐项意见最多 {MAX_RETURN_COMMENTS} 条" in str(response.json()["comments"])
    response = reviewer.post(url, {"comments": {"entity.nonsense": "x"}}, format="json")
    assert response.status_code == 400 and "“entity.nonsense”不是备案材料中的项目" in str(response.json()["comments"])
    assert reviewer.post(url, {"comments": {"premises.address": "x" * 1001}}, format="json").status_code == 400
    ok = reviewer.post(url, {"comments": {"premises.address": "请写到门牌号", "documents.fire_safety": "过期"}},
                       format="json")
    assert ok.status_code == 200


def test_a_15_mb_field_is_refused_and_not_stored(client, users):
    filing = services.filing_start_new(by=users["operator_a"])
    client.force_login(users["operator_a"])
    response = client.post(reverse("filings:step", args=[filing.pk, "entity"]), {"name": "x" * (15 * 1024 * 1024)})
    assert response.status_code == 302
    assert "entity" not in Filing.objects.get(pk=filing.pk).data
    assert "填写的内容过长" in str(list(response.wsgi_request._messages))
    response = api(users["operator_a"]).put(f"/api/v1/filings/{filing.pk}/steps/entity/",
                                            {"name": "y" * 5000}, format="json")
    assert response.status_code in (400, 409)
    assert "entity" not in Filing.objects.get(pk=filing.pk).data


def test_open_drafts_are_capped_per_operator(client, users, settings):
    settings.FILING_MAX_OPEN_DRAFTS = 3
    client.force_login(users["operator_a"])
    for _ in range(3):
        assert client.post(reverse("filings:new")).status_code == 302
    response = client.post(reverse("filings:new"), follow=True)
    assert Filing.objects.filter(created_by=users["operator_a"]).count() == 3
    assert "您已有 3 份未提交的草稿" in response.content.decode()
    assert api(users["operator_a"]).post("/api/v1/filings/", {"kind": "new"}, format="json").status_code == 409
    assert services.filing_start_new(by=users["operator_b"])  # another operator is not affected


def test_a_double_clicked_complaint_creates_one_and_shows_the_same_receipt(institutions):
    browser = Client()
    page = browser.get(reverse("complaints:new"), {"institution": institutions["a"].pk}).content.decode()
    token = re.search(r'name="form_token" value="([^"]+)"', page).group(1)
    data = {"category": "safety", "description": "午睡室没有人看护，孩子哭了很久。", "contact_name": "",
            "contact_phone": "", "website": "", "institution": institutions["a"].pk, "form_token": token}
    first = browser.post(reverse("complaints:new"), data)
    second = browser.post(reverse("complaints:new"), data)
    assert first.status_code == second.status_code == 302
    complaint = Complaint.objects.get()
    assert complaint.tracking_number in browser.get(reverse("complaints:submitted")).content.decode()
    # A new form (a new token) makes a new complaint.
    page = browser.get(reverse("complaints:new"), {"institution": institutions["a"].pk}).content.decode()
    data["form_token"] = re.search(r'name="form_token" value="([^"]+)"', page).group(1)
    browser.post(reverse("complaints:new"), data)
    assert Complaint.objects.count() == 2


def test_a_refused_complaint_keeps_its_token_usable(institutions):
    browser = Client()
    page = browser.get(reverse("complaints:new"), {"institution": institutions["a"].pk}).content.decode()
    token = re.search(r'name="form_token" value="([^"]+)"', page).group(1)
    data = {"category": "safety", "description": "太短", "website": "", "institution": institutions["a"].pk,
            "form_token": token}
    assert browser.post(reverse("complaints:new"), data).status_code == 400
    data["description"] = "午睡室没有人看护，孩子哭了很久。"
    assert browser.post(reverse("complaints:new"), data).status_code == 302
    assert Complaint.objects.count() == 1
