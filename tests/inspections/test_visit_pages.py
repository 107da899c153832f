"""Logging a visit through its pages: each item saved as it is given (plain POST and the fetch path), photos
checked by content, finishing, and who may open, answer and finish a visit."""
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import AuditEvent
from core.files import MSG_PHOTO_TYPE
from inspections import services
from inspections.models import Answer, AnswerPhoto, InspectionType, Result, Visit, VisitStatus
from inspections.services.common import MSG_UNANSWERED

from .conftest import HTML, JPEG, PNG, answer_all, finished_visit, items_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def visit(users, institutions, checklists):
    return services.visit_start(institution=institutions["a"], type=InspectionType.ROUTINE, by=users["inspector_a"])


def answer_url(visit, item):
    return reverse("inspections:visit_answer", args=[visit.pk, item.pk])


def detail_url(visit):
    return reverse("inspections:visit_detail", args=[visit.pk])


def first_item(visit):
    return next(iter(items_of(visit).values()))


def test_the_inspectors_page_starts_a_visit_of_the_chosen_type(client, users, institutions, checklists):
    client.force_login(users["inspector_a"])
    page = client.get(reverse("inspections:visit_start", args=[institutions["a"].pk]))
    assert page.status_code == 200 and "质量评估" in page.content.decode()
    response = client.post(reverse("inspections:visit_start", args=[institutions["a"].pk]), {"type": "fire"})
    visit = Visit.objects.get()
    assert response["Location"] == detail_url(visit)
    assert visit.status == VisitStatus.IN_PROGRESS and visit.template == checklists["fire"]
    assert list(visit.inspectors.all()) == [users["inspector_a"]]
    assert AuditEvent.objects.filter(action="visit.start", object_id=str(visit.pk), region_code="130102").exists()


def test_each_answer_is_saved_at_once_and_shown_on_reload(client, users, visit):
    client.force_login(users["inspector_a"])
    item = first_item(visit)
    response = client.post(answer_url(visit, item), {"result": "not_met", "note": "实际在托32人，超出备案托位"})
    assert response.status_code == 302
    assert response["Location"] == f"{detail_url(visit)}?saved={item.pk}#item-{item.pk}"
    answer = Answer.objects.get(visit=visit, item=item)
    assert answer.result == Result.NOT_MET and answer.answered_by == users["inspector_a"]

    page = client.get(response["Location"]).content.decode()
    assert "实际在托32人，超出备案托位" in page and "is-answered-not_met" in page and "saved-flag" in page
    assert "已填写 1 / 14" in page

    # Changing an answer replaces it and is audited with before/after.
    client.post(answer_url(visit, item), {"result": "met", "note": "已核实"})
    answer.refresh_from_db()
    assert answer.result == Result.MET and answer.note == "已核实"
    event = AuditEvent.objects.get(action="visit.answer")
    assert event.before == {"result": "not_met", "note": "实际在托32人，超出备案托位"}


def test_the_fetch_path_returns_the_item_to_swap_in_place(client, users, visit):
    client.force_login(users["inspector_a"])
    item = first_item(visit)
    response = client.post(answer_url(visit, item), {"result": "na", "note": ""}, HTTP_X_REQUESTED_WITH="fetch")
    assert response.status_code == 200
    assert response["X-Visit-Item"] == str(item.pk) and response["X-Answered-Count"] == "1"
    html = response.content.decode()
    assert html.lstrip().startswith("<article") and f'id="item-{item.pk}"' in html and "is-answered-na" in html


def test_a_note_or_photo_can_be_added_without_changing_the_result(client, users, visit):
    client.force_login(users["inspector_a"])
    item = first_item(visit)
    client.post(answer_url(visit, item), {"result": "not_met", "note": ""})
    photo = SimpleUploadedFile("现场.png", PNG, content_type="image/png")
    client.post(answer_url(visit, item), {"result": "", "note": "通道堆放杂物", "photo": photo})
    answer = Answer.objects.get(visit=visit, item=item)
    assert answer.result == Result.NOT_MET and answer.note == "通道堆放杂物"
    stored = AnswerPhoto.objects.get(answer=answer)
    assert stored.content_type == "image/png" and stored.file.name.endswith(".png")
    served = client.get(reverse("inspections:photo", args=[visit.pk, stored.pk]))
    assert served.status_code == 200 and served["Content-Type"] == "image/png"
    assert served["X-Content-Type-Options"] == "nosniff"


def test_a_jpg_that_is_really_html_is_refused_with_a_bilingual_message(client, users, visit):
    client.force_login(users["inspector_a"])
    item = first_item(visit)
    fake = SimpleUploadedFile("photo.jpg", HTML, content_type="image/jpeg")
    response = client.post(answer_url(visit, item), {"result": "not_met", "note": "", "photo": fake},
                           HTTP_X_REQUESTED_WITH="fetch")
    assert response.status_code == 400
    assert str(MSG_PHOTO_TYPE) in response.content.decode()
    assert "JPEG" in str(MSG_PHOTO_TYPE) and "照片只接受" in str(MSG_PHOTO_TYPE)
    assert not AnswerPhoto.objects.exists()
    # The answer itself was saved: only the photo was refused.
    assert Answer.objects.get(visit=visit, item=item).result == Result.NOT_MET

    # Without JavaScript the message waits for the page, at the item.
    fake = SimpleUploadedFile("photo.jpg", HTML, content_type="image/jpeg")
    response = client.post(answer_url(visit, item), {"result": "not_met", "photo": fake})
    assert response["Location"].endswith(f"#item-{item.pk}")
    page = client.get(response["Location"]).content.decode()
    assert str(MSG_PHOTO_TYPE) in page and "item-error" in page


def test_a_real_jpeg_is_accepted(client, users, visit):
    client.force_login(users["inspector_a"])
    item = first_item(visit)
    client.post(answer_url(visit, item), {"result": "met", "photo": SimpleUploadedFile("a.jpg", JPEG)})
    assert AnswerPhoto.objects.get().content_type == "image/jpeg"


def test_finish_refuses_while_items_are_unanswered_then_shows_the_result(client, users, visit):
    client.force_login(users["inspector_a"])
    client.post(answer_url(visit, first_item(visit)), {"result": "met"})
    response = client.post(reverse("inspections:visit_finish", args=[visit.pk]), follow=True)
    assert MSG_UNANSWERED.format(count=13) in response.content.decode()
    assert Visit.objects.get(pk=visit.pk).status == VisitStatus.IN_PROGRESS

    answer_all(visit, users["inspector_a"], {("安全", 1): Result.NOT_MET})
    response = client.post(reverse("inspections:visit_finish", args=[visit.pk]), follow=True)
    page = response.content.decode()
    assert 'id="visit-result"' in page and 'id="issue"' in page and "疏散通道" in page
    visit.refresh_from_db()
    assert visit.status == VisitStatus.FINISHED and visit.findings.count() == 1
    # A finished visit takes no more answers.
    again = client.post(answer_url(visit, first_item(visit)), {"result": "not_met"}, HTTP_X_REQUESTED_WITH="fetch")
    assert again.status_code == 400 and "不能记录或完成" in again.content.decode()


def test_inspector_of_another_county_gets_404_on_every_visit_page(client, users, visit):
    client.force_login(users["inspector_b"])
    item = first_item(visit)
    assert client.get(detail_url(visit)).status_code == 404
    assert client.post(answer_url(visit, item), {"result": "met"}).status_code == 404
    assert client.post(reverse("inspections:visit_finish", args=[visit.pk])).status_code == 404
    assert client.get(reverse("inspections:visit_start", args=[visit.institution_id])).status_code == 404
    assert not Answer.objects.exists()


def test_read_only_roles_in_scope_see_the_visit_but_get_403_on_writes(client, users, visit):
    for username in ("viewer_a", "admin_a", "reviewer_a"):
        client.force_login(users[username])
        assert client.get(detail_url(visit)).status_code == 200
        assert client.post(answer_url(visit, first_item(visit)), {"result": "met"}).status_code == 403
        assert client.post(reverse("inspections:visit_finish", args=[visit.pk])).status_code == 403
    assert not Answer.objects.exists()


def test_operators_see_finished_visits_of_their_institutions_only_without_inspector_names(
        client, users, institutions, checklists):
    users["inspector_a"].display_name = "赵监督"
    users["inspector_a"].save()
    in_progress = services.visit_start(institution=institutions["a"], type="routine", by=users["inspector_a"])
    client.force_login(users["operator_a"])
    # Visits are unannounced: an operator never sees one before it is finished.
    assert client.get(detail_url(in_progress)).status_code == 404
    answer_all(in_progress, users["inspector_a"])
    services.visit_finish(visit=in_progress, by=users["inspector_a"])
    page = client.get(detail_url(in_progress))
    assert page.status_code == 200 and "赵监督" not in page.content.decode()
    client.force_login(users["operator_b"])
    assert client.get(detail_url(in_progress)).status_code == 404


def test_a_planned_visit_is_begun_on_site(client, users, institutions, checklists):
    import datetime
    planned = services.visit_plan(institution=institutions["a"], type="health", on=datetime.date.today(),
                                  by=users["inspector_a"])
    client.force_login(users["inspector_a"])
    assert 'id="begin-button"' in client.get(detail_url(planned)).content.decode()
    client.post(reverse("inspections:visit_begin", args=[planned.pk]))
    planned.refresh_from_db()
    assert planned.status == VisitStatus.IN_PROGRESS and planned.started_at is not None


def test_visit_list_shows_scope_only(client, users, institutions, checklists):
    finished_visit(institutions["a"], users["inspector_a"])
    finished_visit(institutions["b"], users["inspector_b"])
    client.force_login(users["inspector_a"])
    page = client.get(reverse("inspections:visit_list")).content.decode()
    assert institutions["a"].name in page and institutions["b"].name not in page
