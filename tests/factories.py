"""factory_boy factories shared by every test module."""
import datetime
import itertools

import factory

from accounts.models import Role, User
from institutions.models import CapacityRecord, FilingState, Institution, Nature, OperatingModel
from institutions.validators import CREDIT_CODE_CHARSET, credit_code_check_char
from regions.models import LEVEL_BY_LENGTH, Region

_serial = itertools.count(1)


def make_credit_code(n: int | None = None) -> str:
    """A valid unified social credit code, distinct for each n."""
    n = next(_serial) if n is None else n
    body = "9113"
    digits = ""
    value = n
    for _ in range(13):
        digits = CREDIT_CODE_CHARSET[value % 31] + digits
        value //= 31
    first17 = body + digits
    return first17 + credit_code_check_char(first17)


def region(code: str, name: str | None = None) -> Region:
    """Get or create a region and its ancestors (names default to the code)."""
    parent = None
    for length in (2, 4, 6, 9):
        if len(code) < length:
            break
        part = code[:length]
        parent, _ = Region.objects.get_or_create(
            code=part,
            defaults={"name": name if part == code and name else f"区划{part}", "level": LEVEL_BY_LENGTH[length],
                      "parent": parent},
        )
    return parent


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    role = Role.VIEWER
    password = factory.PostGenerationMethodCall("set_password", "pass-Word-123")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class InstitutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Institution
        skip_postgeneration_save = True

    credit_code = factory.LazyFunction(make_credit_code)
    name = factory.Sequence(lambda n: f"测试托育园{n}")
    region = factory.LazyFunction(lambda: region("130102"))
    address = "测试路1号"
    nature = Nature.FOR_PROFIT
    operating_model = OperatingModel.INDEPENDENT
    filing_state = FilingState.FILED
    filed_on = datetime.date(2024, 3, 1)
    service_types = factory.LazyFunction(lambda: ["full_day"])

    @factory.post_generation
    def capacity(obj, create, extracted, **kwargs):
        """InstitutionFactory(capacity=(slots, enrolled)) adds a record from filed_on."""
        if create and extracted:
            slots, enrolled = extracted
            CapacityRecord.objects.create(institution=obj, effective_from=obj.filed_on or datetime.date(2024, 1, 1),
                                          slots=slots, enrolled=enrolled)
