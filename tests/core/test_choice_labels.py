"""get_FOO_display() through core.models.ChoiceLabelsMixin: Django's result, in the active language, without
translating every label on every call (list pages at national scale, issue 12 point 14)."""
import pytest
from django.db import models
from django.utils import translation

from filings.models import Filing, FilingStatus
from institutions.models import Institution, OperatingModel


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_display_matches_django_in_each_language(language):
    institution = Institution(operating_model=OperatingModel.values[0])
    filing = Filing(status=FilingStatus.SUBMITTED)
    with translation.override(language):
        for obj, name in ((institution, "operating_model"), (filing, "status")):
            field = obj._meta.get_field(name)
            assert obj._get_FIELD_display(field) == models.Model._get_FIELD_display(obj, field)
        assert filing.get_status_display() == str(FilingStatus.SUBMITTED.label)
    with translation.override("en"):
        english = filing.get_status_display()
    with translation.override("zh-hans"):
        assert filing.get_status_display() != english  # one cache per language


def test_a_value_outside_the_choices_is_shown_as_it_is():
    assert Filing(status="legacy").get_status_display() == "legacy"
    empty = Filing(status=None)
    assert empty.get_status_display() is None
    assert empty.get_status_display() == models.Model._get_FIELD_display(empty, Filing._meta.get_field("status"))
