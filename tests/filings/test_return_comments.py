"""Return comments name the field by its label, never by its internal key, on both sides, in 办理记录 and in
the API (issue 13, point 5)."""
import pytest
from django.urls import reverse

from .helpers import submitted_filing

pytestmark = pytest.mark.django_db


def test_return_comments_show_the_fields_label(client, users, regions, settings):
    filing = submitted_filing(users["operator_a"])
    client.force_login(users["reviewer_a"])
    client.post(reverse("filings:decide", args=[filing.pk]), {
        "action": "return", "reason": "请补正", "comment_field_0": "documents.premises", "comment_text_0": "租赁合同缺页",
        "comment_field_1": "entity.legal_representative", "comment_text_1": "与营业执照不一致"})
    for user in (users["reviewer_a"], users["operator_a"]):
        client.force_login(user)
        page = client.get(reverse("filings:detail", args=[filing.pk])).content.decode()
        assert "documents.premises" not in page and "entity.legal_representative" not in page
        assert "备案材料 · 场地证明" in page and "租赁合同缺页" in page
        assert "举办主体 · 法定代表人/负责人" in page
        history = page[page.index('class="mb-0 event-comments"'):]
        assert "备案材料 · 场地证明" in history[:history.index("</ul>")]  # 办理记录

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    events = client.get(f"/api/v1/filings/{filing.pk}/", HTTP_ACCEPT_LANGUAGE="en").json()["events"]
    items = [item for event in events for item in event["comment_items"]]
    assert {"field": "documents.premises", "label": "Documents · Proof of premises", "comment": "租赁合同缺页"} in items
