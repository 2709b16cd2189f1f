"""Text folding and pinyin, the half of Chinese analysis done in Python."""

from search import chinese


def test_wuhan_spells_wuhan_and_wh():
    full, initials = chinese.pinyin_forms("武汉")
    assert full == ["wuhan", "han"]
    assert initials == ["wh", "h"]


def test_polyphones_take_their_reading_from_the_phrase():
    assert chinese.pinyin_forms("重庆银行")[0][0] == "chongqingyinhang"


def test_pinyin_suffixes_start_at_every_syllable_and_stop_at_twenty_letters():
    full, initials = chinese.pinyin_forms("江岸嘉禾食品有限公司")
    assert "jiahe" in [f[:5] for f in full]
    assert all(len(f) <= chinese.PINYIN_MAX for f in full)
    assert initials[0] == "jajhspyxgs"


def test_traditional_characters_and_full_width_forms_fold():
    assert chinese.fold("武漢長江（集團）ＡＢＣ有限公司") == "武汉长江(集团)ABC有限公司"


def test_identifiers_fold_brackets_width_and_case():
    assert chinese.fold_code("武市监处罚〔2019〕55号") == "武市监处罚[2019]55号"
    assert chinese.fold_code("（鄂）xk06-014-00001") == "(鄂)XK06-014-00001"


def test_pinyin_query_only_for_latin_letters():
    assert chinese.pinyin_query("Wu Han") == "wuhan"
    assert chinese.pinyin_query("武汉") == ""
    assert chinese.pinyin_query("914201") == ""


def test_a_decision_number_is_recognised_however_bracketed_or_spaced():
    assert chinese.is_decision_number("武市监处罚 (2026) 1号")
    assert chinese.is_decision_number("武市监处罚20261号")
    assert not chinese.is_decision_number("武汉甲食品 71号")
    assert not chinese.is_decision_number("武汉 张三")
