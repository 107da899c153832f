import datetime

import pytest
from django.core.exceptions import ValidationError

from accounts.models import AuditEvent
from institutions.models import CapacityRecord, FilingState, Institution
from institutions.services import capacity_record_add, institution_deregister
from tests.factories import InstitutionFactory

D = datetime.date


@pytest.mark.django_db
def test_new_record_closes_previous_and_keeps_its_figures(regions):
    inst = InstitutionFactory(filed_on=D(2024, 1, 1), capacity=(40, 30))
    capacity_record_add(institution=inst, effective_from=D(2025, 3, 1), slots=60, enrolled=50)
    first, second = CapacityRecord.objects.filter(institution=inst).order_by("effective_from")
    assert (first.slots, first.enrolled, first.effective_to) == (40, 30, D(2025, 3, 1))
    assert (second.slots, second.effective_to) == (60, None)
    assert inst.capacity_at(D(2025, 2, 28)).slots == 40
    assert inst.capacity_at(D(2025, 3, 1)).slots == 60
    assert inst.capacity_at(D(2023, 12, 31)) is None
    assert AuditEvent.objects.filter(action="capacity.add", object_id=str(inst.pk)).exists()


@pytest.mark.django_db
def test_record_must_start_after_the_last_one(regions):
    inst = InstitutionFactory(filed_on=D(2024, 1, 1), capacity=(40, 30))
    with pytest.raises(ValidationError) as info:
        capacity_record_add(institution=inst, effective_from=D(2024, 1, 1), slots=50, enrolled=10)
    assert "effective_from" in info.value.message_dict


@pytest.mark.django_db
def test_capacity_annotation_for_many_institutions(regions):
    a = InstitutionFactory(filed_on=D(2024, 1, 1), capacity=(40, 30))
    InstitutionFactory(filed_on=D(2025, 6, 1), capacity=(20, 5))
    capacity_record_add(institution=a, effective_from=D(2025, 1, 1), slots=45, enrolled=40)
    rows = {i.pk: (i.slots, i.enrolled) for i in Institution.objects.with_capacity_at(D(2024, 12, 31))}
    assert rows[a.pk] == (40, 30)
    assert sorted(rows.values(), key=str) == sorted([(40, 30), (None, None)], key=str)


@pytest.mark.django_db
def test_deregistration_ends_the_capacity_record(regions):
    inst = InstitutionFactory(filed_on=D(2024, 1, 1), capacity=(40, 30))
    institution_deregister(institution=inst, on=D(2025, 6, 30), reason="停办")
    inst.refresh_from_db()
    assert inst.filing_state == FilingState.DEREGISTERED
    assert inst.capacity_at(D(2025, 6, 29)).slots == 40
    assert inst.capacity_at(D(2025, 6, 30)) is None
    assert not Institution.objects.public().filter(pk=inst.pk).exists()
