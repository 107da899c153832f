import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from institutions.validators import (
    CREDIT_CODE_CHARSET,
    MSG_CREDIT_CHECK,
    normalise_credit_code,
    validate_credit_code,
)

REAL_CODES = ["9144030071526726XG", "91330106673959654P"]


@pytest.mark.parametrize("code", REAL_CODES)
def test_real_codes_validate(code):
    assert validate_credit_code(code) == code


@pytest.mark.parametrize("code", REAL_CODES)
def test_changing_any_single_character_fails(code):
    for position in range(18):
        for replacement in CREDIT_CODE_CHARSET:
            if replacement == code[position]:
                continue
            changed = code[:position] + replacement + code[position + 1:]
            with pytest.raises(ValidationError):
                validate_credit_code(changed)


def test_lowercase_and_spaces_are_normalised():
    assert validate_credit_code(" 9144 0300 7152 6726xg ") == "9144030071526726XG"
    assert validate_credit_code("91330106673959654p") == "91330106673959654P"


def test_full_width_characters_are_normalised():
    assert normalise_credit_code("９１３３０１０６６７３９５９６５４Ｐ") == "91330106673959654P"


def test_wrong_check_character_names_expected_and_actual():
    with pytest.raises(ValidationError) as info:
        validate_credit_code("9144030071526726XA")
    assert info.value.messages == [MSG_CREDIT_CHECK.format(expected="G", actual="A")]
    assert "校验位" in info.value.messages[0]
    with translation.override("en"), pytest.raises(ValidationError) as english:
        validate_credit_code("9144030071526726XA")
    assert english.value.messages == ["Check character is wrong: position 18 should be 'G', got 'A'"]


@pytest.mark.parametrize("bad,fragment", [("9144030071526726X", "18"), ("9144030071526726OG", "第17位")])
def test_length_and_forbidden_characters_are_explained(bad, fragment):
    with pytest.raises(ValidationError) as info:
        validate_credit_code(bad)
    assert fragment in info.value.messages[0]
