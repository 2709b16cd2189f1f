import pytest
from django.core.exceptions import ValidationError

from licensing.numbers import licence_kind_for_number, licence_number_normalise


@pytest.mark.parametrize(
    "number,kind",
    [
        ("SC10342010200151", "food_production"),
        ("SC20142011600023", "food_production"),
        ("XK06-014-00123", "industrial_product"),
        ("(鄂)XK13-001-00456", "industrial_product"),
        ("（鄂）XK13-001-00456", "industrial_product"),
        ("ＳＣ10342010200151", "food_production"),
    ],
)
def test_valid_numbers(number, kind):
    assert licence_kind_for_number(number) == kind


def test_full_width_brackets_normalise_to_ascii():
    assert licence_number_normalise("（鄂）XK13-001-00456") == "(鄂)XK13-001-00456"


@pytest.mark.parametrize(
    "number,code",
    [
        ("SC1034201020015", "format"),  # 13 digits
        ("SC103420102001512", "format"),  # 15 digits
        ("SC30342010200151", "category"),  # category must start 1 or 2
        ("SC10399010200151", "province"),  # no province 99
        ("XK06-14-00123", "format"),
        ("(粤X)XK06-014-00123", "format"),
        ("(甲)XK06-014-00123", "province"),
        ("QS420101010001", "format"),  # old QS numbers are void
    ],
)
def test_invalid_numbers_say_what_is_wrong(number, code):
    with pytest.raises(ValidationError) as exc:
        licence_kind_for_number(number)
    assert exc.value.code == code
