"""The hand-built data set of the statistics acceptance: province 13 → city 1301 → counties 130102 (A, with
township 130102001) and 130104 (B). Population and targets exist at county level only.

| inst | region    | filed      | model        | incl. | pilot    | capacity                                   | staff (certified) |
|------|-----------|------------|--------------|-------|----------|--------------------------------------------|-------------------|
| I1   | 130102    | 2022-05-10 | brand_chain  | yes   | county   | 100/80, changed 2024-03-01 to 120/90       | 4 (3)             |
| I2   | 130102001 | 2023-06-01 | community    | yes   | city     | 60/45                                      | 2 (2)             |
| I3   | 130102    | 2021-03-01 | family       | no    | —        | 10/8, deregistered 2024-07-01              | 2 (0; one "  ")   |
| I4   | 130104    | 2023-09-15 | kindergarten | no    | —        | 80/50                                      | 5 (4)             |
| I5   | 130104    | 2024-02-20 | independent  | yes   | province | 40/30                                      | 3 (1)             |
| I6   | 130104    | 2025-01-10 | employer     | no    | —        | 30/20 (filed after both years)             | 1 (1)             |
| I7   | 130102    | draft      | medical      | no    | —        | never filed                                | —                 |

Population: A 48,000 (2022), 50,000 (2023); B 30,000 (2023), 32,000 (2024).
Targets: A 50 (2023), 40 (2024); B 100 (2023), 60 (2024).
"""
import datetime
import io

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from institutions.models import CapacityRecord, FilingState, OperatingModel, PilotLevel, StaffMember
from institutions.services import capacity_record_add, institution_deregister
from regions.models import RegionPopulation, SlotTarget
from tests.factories import InstitutionFactory, region
from tests.inspections.conftest import checklists  # noqa: F401 (a fixture of test_supervision.py)

D = datetime.date


def staff(institution, certificates):
    StaffMember.objects.bulk_create([
        StaffMember(institution=institution, name=f"员工{i}", role="caregiver", qualification_cert_no=cert)
        for i, cert in enumerate(certificates)])


@pytest.fixture
def stats_regions(db):
    return {
        "province": region("13", "河北省"),
        "city": region("1301", "石家庄市"),
        "county_a": region("130102", "长安区"),
        "county_b": region("130104", "桥西区"),
        "township_a": region("130102001", "建北街道"),
    }


@pytest.fixture
def dataset(stats_regions):
    r = stats_regions
    i1 = InstitutionFactory(name="I1", region=r["county_a"], filed_on=D(2022, 5, 10), capacity=(100, 80),
                            operating_model=OperatingModel.BRAND_CHAIN, inclusive=True, pilot_level=PilotLevel.COUNTY)
    capacity_record_add(institution=i1, effective_from=D(2024, 3, 1), slots=120, enrolled=90)  # the change
    staff(i1, ["C-1", "C-2", "C-3", ""])
    i2 = InstitutionFactory(name="I2", region=r["township_a"], filed_on=D(2023, 6, 1), capacity=(60, 45),
                            operating_model=OperatingModel.COMMUNITY, inclusive=True, pilot_level=PilotLevel.CITY)
    staff(i2, ["C-4", "C-5"])
    i3 = InstitutionFactory(name="I3", region=r["county_a"], filed_on=D(2021, 3, 1), capacity=(10, 8),
                            operating_model=OperatingModel.FAMILY)
    institution_deregister(institution=i3, on=D(2024, 7, 1), reason="停办")
    staff(i3, ["", "  "])
    i4 = InstitutionFactory(name="I4", region=r["county_b"], filed_on=D(2023, 9, 15), capacity=(80, 50),
                            operating_model=OperatingModel.KINDERGARTEN)
    staff(i4, ["C-6", "C-7", "C-8", "C-9", ""])
    i5 = InstitutionFactory(name="I5", region=r["county_b"], filed_on=D(2024, 2, 20), capacity=(40, 30),
                            operating_model=OperatingModel.INDEPENDENT, inclusive=True,
                            pilot_level=PilotLevel.PROVINCE)
    staff(i5, ["C-10", "", ""])
    i6 = InstitutionFactory(name="I6", region=r["county_b"], filed_on=D(2025, 1, 10), capacity=(30, 20),
                            operating_model=OperatingModel.EMPLOYER)
    staff(i6, ["C-11"])
    i7 = InstitutionFactory(name="I7", region=r["county_a"], filed_on=None, filing_state=FilingState.NOT_FILED,
                            operating_model=OperatingModel.MEDICAL)
    CapacityRecord.objects.create(institution=i7, effective_from=D(2023, 1, 1), slots=500, enrolled=400)
    for code, year, population in (("130102", 2022, 48_000), ("130102", 2023, 50_000),
                                   ("130104", 2023, 30_000), ("130104", 2024, 32_000)):
        RegionPopulation.objects.create(region_id=code, year=year, population=population)
    for code, year, target in (("130102", 2023, 50), ("130102", 2024, 40), ("130104", 2023, 100),
                               ("130104", 2024, 60)):
        SlotTarget.objects.create(region_id=code, year=year, new_slots_target=target)
    return {"I1": i1, "I2": i2, "I3": i3, "I4": i4, "I5": i5, "I6": i6, "I7": i7}


@pytest.fixture
def computed(dataset, users):
    """The data set with its rollups of 2023 and 2024 stored (what compute_rollups --year does), computed
    after the users' regions (another province among them) exist."""
    for year in ("2023", "2024"):
        call_command("compute_rollups", "--year", year, stdout=io.StringIO())
    return dataset


@pytest.fixture
def api():
    def _api(user):
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        return client
    return _api
