"""Keeping the working-day calendar (节假日与调休) of the review deadlines: national admins edit it."""
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from accounts.audit_text import AuditText
from accounts.models import User
from accounts.services import audit_record
from core.models import Holiday


def holiday_save(*, date, name: str, is_workday: bool, by: User) -> Holiday:
    with transaction.atomic():
        holiday, created = Holiday.objects.select_for_update().get_or_create(
            date=date, defaults={"name": name, "is_workday": is_workday})
        before = None if created else {"name": holiday.name, "is_workday": holiday.is_workday}
        if not created:
            holiday.name, holiday.is_workday = name, is_workday
            holiday.save(update_fields=["name", "is_workday"])
        audit_record(actor=by, action="holiday.save", obj=holiday,
                     summary=AuditText(_("{date} {name} 调休上班") if is_workday else _("{date} {name} 放假"),
                                       date=date, name=name), before=before,
                     after={"name": name, "is_workday": is_workday})
        return holiday


def holiday_delete(*, holiday: Holiday, by: User) -> None:
    with transaction.atomic():
        audit_record(actor=by, action="holiday.delete", obj=holiday, summary=AuditText(_("{date} {name}"), date=holiday.date, name=holiday.name),
                     before={"name": holiday.name, "is_workday": holiday.is_workday})
        holiday.delete()
