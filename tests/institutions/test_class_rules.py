import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from institutions.models import NurseryClass
from institutions.rules import MAX_CLASSES_PER_INSTITUTION, ClassType, class_errors
from institutions.services import nursery_class_add
from tests.factories import InstitutionFactory


@pytest.mark.parametrize("ctype,max_children", [
    (ClassType.INFANT, 10), (ClassType.TODDLER_SMALL, 15), (ClassType.TODDLER_LARGE, 20),
    (ClassType.MIXED, 18), (ClassType.FAMILY, 5),
])
def test_class_size_limits(ctype, max_children):
    assert "capacity" not in class_errors(class_type=ctype, capacity=max_children, enrolled=0, caregivers=10)
    errors = class_errors(class_type=ctype, capacity=max_children + 1, enrolled=0, caregivers=10)
    assert str(max_children) in errors["capacity"]


@pytest.mark.parametrize("ctype,enrolled,needed", [
    (ClassType.INFANT, 10, 4), (ClassType.TODDLER_SMALL, 15, 3), (ClassType.TODDLER_LARGE, 20, 3),
    (ClassType.FAMILY, 5, 2),
])
def test_caregiver_ratio(ctype, enrolled, needed):
    assert "caregivers" not in class_errors(class_type=ctype, capacity=enrolled, enrolled=enrolled, caregivers=needed)
    message = class_errors(class_type=ctype, capacity=enrolled, enrolled=enrolled, caregivers=needed - 1)["caregivers"]
    assert "保育人员" in message
    with translation.override("en"):
        english = class_errors(class_type=ctype, capacity=enrolled, enrolled=enrolled, caregivers=needed - 1)
    assert "caregiver" in english["caregivers"] and "保育" not in english["caregivers"]


def test_mixed_class_has_no_national_ratio():
    assert class_errors(class_type=ClassType.MIXED, capacity=18, enrolled=18, caregivers=1) == {}


@pytest.mark.django_db  # the rules in force are read from the standards table
def test_model_validation_uses_the_rules():
    with pytest.raises(ValidationError) as info:
        NurseryClass(name="乳儿一班", class_type=ClassType.INFANT, capacity=12, enrolled=12, caregivers=2).clean()
    assert set(info.value.message_dict) == {"capacity", "caregivers"}


@pytest.mark.django_db
def test_at_most_ten_classes(regions):
    inst = InstitutionFactory()
    for n in range(MAX_CLASSES_PER_INSTITUTION):
        nursery_class_add(institution=inst, name=f"托大{n}班", class_type=ClassType.TODDLER_LARGE,
                          capacity=20, enrolled=14, caregivers=2)
    with pytest.raises(ValidationError) as info:
        nursery_class_add(institution=inst, name="第十一班", class_type=ClassType.TODDLER_LARGE,
                          capacity=20, enrolled=14, caregivers=2)
    assert "10" in info.value.message_dict["__all__"][0]
    assert inst.classes.count() == MAX_CLASSES_PER_INSTITUTION
