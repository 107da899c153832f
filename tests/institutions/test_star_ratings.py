"""Star ratings (星级): admins in scope set, raise, lower or revoke a rating, always with a reason; every change
is kept with its actor and shown on the staff pages, and on the public page as date and change only."""
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import AuditEvent
from institutions.models import FilingState, StarRatingChange, StarRatingDirection
from institutions.services import (
    MSG_STAR_NOT_FILED,
    MSG_STAR_RATING_UNCHANGED,
    MSG_STAR_REASON_REQUIRED,
    MSG_STAR_REVOKE_NONE,
    star_rating_set,
)

pytestmark = pytest.mark.django_db


def page(inst):
    return reverse("institutions:star_rating", args=[inst.pk])


def history(inst) -> list[tuple]:
    return list(inst.star_rating_changes.order_by("at", "id").values_list("old_rating", "new_rating", "direction"))


# --- the service -----------------------------------------------------------------------------------

def test_set_up_down_and_revoke_are_recorded_with_reason_and_actor(users, institutions):
    inst, admin = institutions["a"], users["admin_a"]
    star_rating_set(institution=inst, rating=3, reason="首次评定", by=admin)
    star_rating_set(institution=inst, rating=4, reason="质量评估为A", by=admin, visit_ref="118")
    star_rating_set(institution=inst, rating=2, reason="发现安全隐患", by=admin)
    change = star_rating_set(institution=inst, rating=None, reason="停业整顿", by=admin)

    inst.refresh_from_db()
    assert inst.star_rating is None
    assert history(inst) == [
        (None, 3, StarRatingDirection.SET), (3, 4, StarRatingDirection.UP),
        (4, 2, StarRatingDirection.DOWN), (2, None, StarRatingDirection.REVOKED),
    ]
    assert change.actor == admin and change.reason == "停业整顿"
    assert StarRatingChange.objects.get(new_rating=4).visit_ref == "118"
    events = AuditEvent.objects.filter(action="institution.star_rating", object_id=str(inst.pk))
    assert events.count() == 4
    assert events.filter(actor=admin, region_code="130102").count() == 4
    assert events.order_by("id").last().before == {"star_rating": 2}


def test_a_rating_after_a_revocation_is_set_again(users, institutions):
    inst = institutions["a"]
    star_rating_set(institution=inst, rating=3, reason="评定", by=users["admin_a"])
    star_rating_set(institution=inst, rating=None, reason="撤销", by=users["admin_a"])
    star_rating_set(institution=inst, rating=2, reason="重新评定", by=users["admin_a"])
    assert history(inst)[-1] == (None, 2, StarRatingDirection.SET)


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_change_without_a_reason_is_refused(users, institutions, reason):
    with pytest.raises(ValidationError) as error:
        star_rating_set(institution=institutions["a"], rating=3, reason=reason, by=users["admin_a"])
    assert error.value.message_dict == {"reason": [MSG_STAR_REASON_REQUIRED]}
    assert not StarRatingChange.objects.exists()


def test_a_no_op_change_is_refused(users, institutions):
    inst = institutions["a"]
    star_rating_set(institution=inst, rating=3, reason="评定", by=users["admin_a"])
    with pytest.raises(ValidationError) as error:
        star_rating_set(institution=inst, rating=3, reason="再评一次", by=users["admin_a"])
    assert error.value.message_dict == {"rating": [MSG_STAR_RATING_UNCHANGED]}
    with pytest.raises(ValidationError) as error:
        star_rating_set(institution=institutions["b"], rating=None, reason="撤销", by=users["admin_b"])
    assert error.value.message_dict == {"rating": [MSG_STAR_REVOKE_NONE]}
    assert StarRatingChange.objects.count() == 1


def test_only_a_filed_institution_gets_a_rating(users, institutions):
    inst = institutions["a"]
    inst.filing_state = FilingState.DEREGISTERED
    inst.save(update_fields=["filing_state"])
    with pytest.raises(ValidationError) as error:
        star_rating_set(institution=inst, rating=3, reason="评定", by=users["admin_a"])
    assert error.value.message_dict == {"rating": [MSG_STAR_NOT_FILED]}


# --- the admin page --------------------------------------------------------------------------------

def quality_visit(inst, users, grade="A"):
    """A finished quality assessment of the institution, to base a rating on."""
    import datetime

    from inspections.models import ChecklistTemplate, InspectionType, Visit, VisitStatus

    template = ChecklistTemplate.objects.filter(is_active=True).first() or ChecklistTemplate.objects.create(
        kind="quality", name="质量评估", version=1, is_active=True)
    return Visit.objects.create(institution=inst, type=InspectionType.QUALITY, template=template,
                                status=VisitStatus.FINISHED, finished_on=datetime.date(2026, 5, 6), grade=grade)


def test_county_admin_sets_a_rating_on_the_page(login, users, institutions):
    inst = institutions["a"]
    visit = quality_visit(inst, users)
    client = login(users["admin_a"])
    form = client.get(page(inst)).content.decode()
    assert f'<option value="{visit.pk}">#{visit.pk} 质量评估 2026-05-06 · A 级</option>' in form  # picked, not typed
    response = client.post(page(inst), {"rating": "4", "reason": "质量评估为A级", "visit_ref": str(visit.pk)})
    assert response.status_code == 302 and response["Location"] == page(inst)
    inst.refresh_from_db()
    assert inst.star_rating == 4
    body = client.get(page(inst)).content.decode()
    assert "质量评估为A级" in body and f">#{visit.pk}</a>" in body and "评定为 4 星" in body
    assert str(users["admin_a"]) in body  # the admins' page names who changed it


def test_revoke_on_the_page(login, users, institutions):
    inst = institutions["a"]
    star_rating_set(institution=inst, rating=3, reason="评定", by=users["city_admin"])
    response = login(users["admin_a"]).post(page(inst), {"rating": "revoke", "reason": "发生安全事故"})
    assert response.status_code == 302
    inst.refresh_from_db()
    assert inst.star_rating is None
    assert history(inst)[-1] == (3, None, StarRatingDirection.REVOKED)


def test_bad_input_keeps_the_typed_reason_with_a_bilingual_error(login, users, institutions):
    inst = institutions["a"]
    star_rating_set(institution=inst, rating=3, reason="评定", by=users["admin_a"])
    client = login(users["admin_a"])
    response = client.post(page(inst), {"rating": "3", "reason": "复核后维持原星级"})
    assert response.status_code == 400
    body = response.content.decode()
    assert str(MSG_STAR_RATING_UNCHANGED) in body and " / " not in str(MSG_STAR_RATING_UNCHANGED)
    assert "复核后维持原星级" in body  # what was typed is still in the form
    visit = quality_visit(inst, users)
    response = client.post(page(inst), {"rating": "5", "reason": " ", "visit_ref": str(visit.pk)})
    assert response.status_code == 400
    assert str(MSG_STAR_REASON_REQUIRED) in response.content.decode()
    assert f'<option value="{visit.pk}" selected>' in response.content.decode()
    assert client.post(page(inst), {"rating": "5", "reason": "示范", "visit_ref": "V-9"}).status_code == 400
    assert StarRatingChange.objects.count() == 1


def test_city_and_national_admins_rate_in_their_scope(login, users, institutions):
    assert login(users["city_admin"]).post(page(institutions["b"]), {"rating": "5", "reason": "示范"}).status_code == 302
    assert login(users["national_admin"]).get(page(institutions["other"])).status_code == 200


def test_county_admin_of_b_gets_404_for_an_institution_of_a(login, users, institutions):
    client = login(users["admin_b"])
    assert client.get(page(institutions["a"])).status_code == 404
    assert client.post(page(institutions["a"]), {"rating": "1", "reason": "x"}).status_code == 404
    institutions["a"].refresh_from_db()
    assert institutions["a"].star_rating is None


@pytest.mark.parametrize("role", ["reviewer_a", "viewer_a", "inspector_a", "operator_a"])
def test_other_roles_in_scope_get_403(login, users, institutions, role, settings):
    client = login(users[role])
    refused = client.get(page(institutions["a"]))
    # The portal's own 403 page in the user's language, not a bare "403 Forbidden" (issue 13, point 10).
    assert refused.status_code == 403 and 'id="error-title"' in refused.content.decode()
    assert "Forbidden" not in refused.content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(page(institutions["a"])).content.decode()
    assert 'id="error-title"' in english and '<html lang="en">' in english
    client.cookies.pop(settings.LANGUAGE_COOKIE_NAME)
    assert client.post(page(institutions["a"]), {"rating": "5", "reason": "x"}).status_code == 403
    assert not StarRatingChange.objects.exists()


def test_anonymous_is_sent_to_login(client, institutions):
    response = client.get(page(institutions["a"]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# --- where the history is shown ----------------------------------------------------------------------

@pytest.fixture
def rated(users, institutions):
    inst = institutions["a"]
    users["admin_a"].display_name = "王评审"
    users["admin_a"].save(update_fields=["display_name"])
    star_rating_set(institution=inst, rating=3, reason="首次评定理由", by=users["admin_a"])
    star_rating_set(institution=inst, rating=4, reason="升星理由", by=users["admin_a"])
    star_rating_set(institution=inst, rating=2, reason="降星理由含敏感细节", by=users["admin_a"])
    return inst


def test_staff_page_shows_the_rating_card_with_history(login, users, rated):
    body = login(users["reviewer_a"]).get(reverse("institutions:staff_detail", args=[rated.pk])).content.decode()
    assert 'id="star-rating-card"' in body
    assert "评定为 3 星" in body and "由 3 星升为 4 星" in body and "由 4 星降为 2 星" in body
    assert "升星理由" in body
    assert 'id="star-rating-link"' not in body  # reviewers do not rate
    admin_body = login(users["admin_a"]).get(reverse("institutions:staff_detail", args=[rated.pk])).content.decode()
    assert page(rated) in admin_body


def test_operator_sees_the_history_without_actor_names(login, users, rated):
    body = login(users["operator_a"]).get(reverse("institutions:staff_detail", args=[rated.pk])).content.decode()
    assert "由 4 星降为 2 星" in body and "王评审" not in body


def test_public_page_shows_date_and_change_but_no_reason_or_actor(client, rated):
    response = client.get(reverse("institutions:public_detail", args=[rated.pk]))
    body = response.content.decode()
    assert 'id="star-rating-history"' in body
    assert "评定为 3 星" in body and "由 3 星升为 4 星" in body and "由 4 星降为 2 星" in body
    assert "理由" not in body and "降星理由含敏感细节" not in body
    assert "王评审" not in body and "admin_a" not in body
    assert "★★☆☆☆" in body


def test_public_page_without_changes_has_no_history_card(client, institutions):
    body = client.get(reverse("institutions:public_detail", args=[institutions["b"].pk])).content.decode()
    assert 'id="star-rating-history"' not in body
