"""The audit log is append-only and hash-chained; verify_audit names the first broken row."""
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.test import Client

from accounts.audit_chain import GENESIS
from accounts.models import AuditEvent, AuditImmutableError
from tests.conftest import PASSWORD
from tests.factories import UserFactory


def verify_output() -> str:
    out = StringIO()
    call_command("verify_audit", stdout=out)
    return out.getvalue()


def raw(sql: str, params=()) -> None:
    """A database administrator's edit that bypasses the portal (and, on PostgreSQL, its trigger)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute(sql, params)


@pytest.fixture
def chained(users, django_capture_on_commit_callbacks):
    """Five log-ins through the page, each sealed after its commit."""
    for username in ("reviewer_a", "inspector_a", "admin_a", "viewer_a", "reviewer_b"):
        with django_capture_on_commit_callbacks(execute=True):
            Client().post("/accounts/login/", {"username": username, "password": PASSWORD})
    return list(AuditEvent.objects.filter(action="auth.login").order_by("seal_seq"))


@pytest.mark.django_db
def test_rows_are_sealed_in_a_chain_after_their_commit(chained):
    first = AuditEvent.objects.get(seal_seq=1)
    assert first.prev_hash == GENESIS
    total = AuditEvent.objects.count()  # the fixtures' users and the five log-ins
    assert sorted(AuditEvent.objects.values_list("seal_seq", flat=True)) == list(range(1, total + 1))
    start = chained[0].seal_seq
    assert [event.seal_seq for event in chained] == list(range(start, start + 5))
    assert all(later.prev_hash == earlier.row_hash for earlier, later in zip(chained, chained[1:], strict=False))
    assert f"audit chain intact: {total} rows" in verify_output()


@pytest.mark.django_db
def test_an_edited_row_is_named_by_verify_audit(chained):
    target = chained[2]
    with transaction.atomic():
        raw("UPDATE accounts_auditevent SET summary = %s WHERE id = %s", ["someone else", target.pk])
    with pytest.raises(CommandError, match=f"audit record #{target.pk}: content changed"):
        verify_output()


@pytest.mark.django_db
def test_the_parameters_of_a_translated_summary_are_sealed_too(chained, users, django_capture_on_commit_callbacks):
    from accounts.services import api_token_rotate

    with django_capture_on_commit_callbacks(execute=True):
        api_token_rotate(user=users["reviewer_a"])
    event = AuditEvent.objects.get(action="token.rotate")
    assert event.summary.startswith("有效期至 ") and event.summary_params["m"] == "有效期至 {expiry}"
    assert "audit chain intact" in verify_output()
    with transaction.atomic():
        raw("UPDATE accounts_auditevent SET summary_params = %s WHERE id = %s",
            ['{"m": "有效期至 {expiry}", "a": {"expiry": "2099-01-01"}}', event.pk])
    with pytest.raises(CommandError, match=f"audit record #{event.pk}: content changed"):
        verify_output()


@pytest.mark.django_db
def test_a_deleted_row_is_found_as_a_gap(chained):
    with transaction.atomic():
        raw("DELETE FROM accounts_auditevent WHERE id = %s", [chained[1].pk])
    gap = chained[1].seal_seq
    with pytest.raises(CommandError, match=f"audit record #{chained[2].pk}: missing seal numbers {gap}–{gap}"):
        verify_output()


@pytest.mark.django_db
def test_a_rechained_edit_without_the_key_breaks_the_next_link(chained):
    """Someone who edits a row and recomputes its hash without the HMAC key still cannot forge it."""
    import hashlib

    target = chained[3]
    forged = hashlib.sha256(b"forged").hexdigest()
    with transaction.atomic():
        raw("UPDATE accounts_auditevent SET summary = %s, row_hash = %s WHERE id = %s", ["x", forged, target.pk])
    with pytest.raises(CommandError, match=f"#{target.pk}"):
        verify_output()


@pytest.mark.django_db
def test_the_orm_and_the_admin_refuse_to_change_or_delete(chained, regions):
    event = chained[0]
    with pytest.raises(AuditImmutableError):
        AuditEvent.objects.filter(pk=event.pk).update(summary="x")
    with pytest.raises(AuditImmutableError):
        AuditEvent.objects.filter(pk=event.pk).delete()
    event.summary = "x"
    with pytest.raises(AuditImmutableError):
        event.save()
    with pytest.raises(AuditImmutableError):
        event.delete()
    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    admin = Client()
    admin.force_login(root)
    assert admin.get(f"/admin/accounts/auditevent/{event.pk}/delete/").status_code == 403
    response = admin.post("/admin/accounts/auditevent/", {"action": "delete_selected", "_selected_action": [event.pk]})
    assert AuditEvent.objects.filter(pk=event.pk).exists() and response.status_code in (200, 302)
    assert "audit chain intact" in verify_output()


@pytest.mark.django_db
def test_an_account_with_audit_history_cannot_be_deleted(chained, users):
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        users["reviewer_a"].delete()


@pytest.mark.services
@pytest.mark.django_db
def test_postgresql_refuses_edits_and_deletes_of_audit_rows(chained):
    if connection.vendor != "postgresql":
        pytest.fail("needs PostgreSQL (REQUIRE_SERVICES=1 runs on it)")
    for sql in ("UPDATE accounts_auditevent SET summary = 'x' WHERE id = %s",
                "UPDATE accounts_auditevent SET summary_params = '{}' WHERE id = %s",
                "DELETE FROM accounts_auditevent WHERE id = %s"):
        with pytest.raises(DatabaseError, match="audit records"), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(sql, [chained[0].pk])
    assert f"audit chain intact: {AuditEvent.objects.count()} rows" in verify_output()
