import pytest
from django.core.exceptions import ValidationError

from enterprises.credit_codes import (
    credit_code_build,
    credit_code_validate,
    organisation_code_check_character,
)
from enterprises.models import Enterprise
from enterprises.services import enterprise_register, enterprise_rename
from search.models import SearchOutbox
from tests import factories

# Real, published codes (checked by hand against GB 32100 and GB 11714).
REAL_VALID = ["91110108551385082Q", "91110000600037341L"]


@pytest.mark.parametrize("code", REAL_VALID)
def test_real_codes_are_valid(code):
    assert credit_code_validate(code).value == code


def test_full_width_spaced_and_lower_case_input_is_normalised():
    assert (
        credit_code_validate("９１１１０１０８ ５５１３８５０８２ｑ").value
        == REAL_VALID[0]
    )


def test_parts_are_read_from_the_code():
    code = credit_code_validate(REAL_VALID[0])
    assert code.region_code == "110108"
    assert code.organisation_code == "551385082"
    assert code.entity_kind == "1"


def _message(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def test_wrong_length_says_how_long_it_is():
    with pytest.raises(ValidationError) as exc:
        credit_code_validate("9111010855138508")
    assert "应为18位" in _message(exc.value) and "16位" in _message(exc.value)


@pytest.mark.parametrize("bad", ["I", "O", "S", "V", "Z"])
def test_forbidden_letters_are_named(bad):
    code = REAL_VALID[0][:10] + bad + REAL_VALID[0][11:]
    with pytest.raises(ValidationError) as exc:
        credit_code_validate(code)
    assert exc.value.code == "characters"
    assert bad in _message(exc.value)


def test_wrong_check_character_says_which_is_expected():
    with pytest.raises(ValidationError) as exc:
        credit_code_validate(REAL_VALID[0][:17] + "A")
    assert exc.value.code == "check"
    assert "应为“Q”" in _message(exc.value)


def test_embedded_organisation_code_check_is_enforced():
    """stdnum accepts it (18th character recomputed) but GB 11714's 17th does not."""
    from stdnum.cn import uscc

    body = REAL_VALID[0][:16] + "3"  # organisation check should be 2
    forged = body + uscc.calc_check_digit(body)
    assert uscc.is_valid(forged)
    with pytest.raises(ValidationError) as exc:
        credit_code_validate(forged)
    assert exc.value.code == "org_check"
    assert "第17位应为“2”" in _message(exc.value)


def test_region_must_be_digits():
    with pytest.raises(ValidationError) as exc:
        credit_code_validate("91AB0108551385082Q")
    assert exc.value.code == "region"


def test_built_codes_pass_both_checks():
    code = credit_code_build("91", "420106", "7AQ4K2M1")
    assert credit_code_validate(code).region_code == "420106"
    assert code[16] == organisation_code_check_character("7AQ4K2M1")


@pytest.mark.django_db
def test_register_derives_the_district_from_characters_3_to_8():
    enterprise = factories.enterprise(region="420106")
    assert enterprise.district.name == "武昌区"


@pytest.mark.django_db
def test_invalid_code_saves_nothing_and_says_why():
    with pytest.raises(ValidationError) as exc:
        enterprise_register(
            credit_code=REAL_VALID[0][:17] + "A",
            name="武汉某某有限公司",
            legal_representative="李四",
            address="武汉市",
            sector="other",
        )
    assert "校验位错误" in _message(exc.value)
    assert Enterprise.objects.count() == 0
    assert SearchOutbox.objects.count() == 0


@pytest.mark.django_db
def test_duplicate_code_is_refused_with_the_existing_name():
    first = factories.enterprise()
    with pytest.raises(ValidationError) as exc:
        enterprise_register(
            credit_code=first.credit_code,
            name="另一家公司",
            legal_representative="李四",
            address="武汉市",
            sector="other",
        )
    assert first.name in _message(exc.value)
    assert Enterprise.objects.count() == 1


@pytest.mark.django_db
def test_rename_keeps_the_former_name():
    enterprise = factories.enterprise(name="武汉旧名食品有限公司")
    enterprise_rename(enterprise=enterprise, new_name="武汉新名食品有限公司")
    enterprise.refresh_from_db()
    assert enterprise.name == "武汉新名食品有限公司"
    assert [f.name for f in enterprise.former_names.all()] == ["武汉旧名食品有限公司"]
    assert SearchOutbox.objects.filter(object_pk=str(enterprise.pk)).count() == 2
