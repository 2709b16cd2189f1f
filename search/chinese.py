"""Chinese text as the index sees it: folded to one form, and spelled in pinyin.

The node has only the standard analysis modules, with no ICU, smartcn or pinyin plugin. So
the two steps no standard filter can do run here in Python, identically at index time
and at query time:

* traditional → simplified characters with OpenCC's `t2s` table (a maintained converter;
  a hand-written table would miss most of the 2,500-odd pairs);
* full pinyin and initials with pypinyin, whose phrase dictionary picks the reading of
  polyphones from context (重庆 → chongqing, 银行 → yinhang).

Width (full-width letters, digits, brackets) is folded by the engine (`cjk_width`) on
both sides, so indexed text keeps its original width and highlights show the name as
registered; queries and identifiers are also NFKC-folded here so the pinyin and code
detectors recognise full-width input.
"""

import functools
import re
import unicodedata

# A pinyin prefix longer than this is matched by its first PINYIN_MAX letters: the
# index stores edge n-grams up to this length (see documents.py).
PINYIN_MAX = 20

_NOT_ALNUM = re.compile(r"[^0-9a-z]+")
_HAS_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_CODE_CHARS = re.compile(r"[^0-9A-Z]")
# Brackets that decision and licence numbers are written with (NFKC has already turned
# full-width ［］ into []).
_BRACKET_PAIRS = (("〔", "["), ("〕", "]"), ("【", "["), ("】", "]"))
# Every bracket a decision number may be typed with (after NFKC): 〔〕 as issued, and
# [] () （） 【】 〖〗 「」 or none at all as people type them. The engine's `zh_number`
# normalizer (documents.py) drops the same characters.
NUMBER_BRACKETS = "〔〕【】〖〗〘〙「」『』()[]{}"
_NUMBER_NOISE = re.compile("[\\s" + re.escape(NUMBER_BRACKETS) + "]")


@functools.cache
def _t2s():
    # Imported lazily: loading the conversion tables costs ~50 ms that management
    # commands and views that never search should not pay.
    import opencc

    return opencc.OpenCC("t2s")


def simplified(text: str | None) -> str:
    """Indexed text: traditional characters folded to simplified, nothing else."""
    if not text:
        return ""
    return _simplified(text) if _HAS_HAN.search(text) else text


@functools.lru_cache(maxsize=100_000)
def _simplified(text: str) -> str:
    # Cached: legal bases, facts and an enterprise's name recur across many records.
    return _t2s().convert(text)


def fold(text: str | None) -> str:
    """Query text: simplified characters, half-width forms, single spaces."""
    if not text:
        return ""
    return " ".join(simplified(unicodedata.normalize("NFKC", text)).split())


def fold_code(text: str | None) -> str:
    """Identifiers (decision, licence numbers): folded, no spaces, square brackets."""
    if not text:
        return ""
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    # str.replace per bracket: several times faster than str.translate, and every
    # enterprise document folds a handful of these.
    for wide, narrow in _BRACKET_PAIRS:
        if wide in text:
            text = text.replace(wide, narrow)
    return simplified(text).replace(" ", "").upper()


def number_key(text: str | None) -> str:
    """A decision number as it is matched: folded like `fold_code`, with no brackets
    and no spaces, so 武市监处罚〔2026〕1号, 武市监处罚(2026)1号, 武市监处罚【2026】1号
    and 武市监处罚20261号 are one key."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text)
    return _NUMBER_NOISE.sub("", simplified(text)).upper()


# A whole decision number once its brackets and spaces are gone: the issuer's
# characters, the year, the serial, 号 (武市监处罚20261号).
_DECISION_NUMBER_KEY = re.compile(r"^[\u3400-\u9fff]+(?:19|20)\d{2}\d+号$")


def is_decision_number(text: str) -> bool:
    """Whether a query is one whole decision number, however it was bracketed or
    spaced (武市监处罚 (2026) 1号)."""
    return bool(_DECISION_NUMBER_KEY.match(number_key(text)))


def credit_code_query(text: str) -> str:
    """The credit-code-like part of a query: A–Z and digits only, upper case."""
    return _CODE_CHARS.sub("", unicodedata.normalize("NFKC", text).upper())


@functools.lru_cache(maxsize=100_000)
def _word_tokens(word: str) -> tuple[str, ...]:
    # Imported here: pypinyin takes a quarter second to load, which commands that
    # never index (timers, cron jobs) should not pay.
    from pypinyin import lazy_pinyin

    tokens = []
    for piece in lazy_pinyin(word):
        tokens.extend(part for part in _NOT_ALNUM.split(piece.lower()) if part)
    return tuple(tokens)


def pinyin_tokens(text: str) -> list[str]:
    """Syllables of the Chinese characters and runs of letters or digits, lower case;
    punctuation and spaces are dropped (they are not typed when spelling a name).

    Split into words first with pypinyin's own segmentation (what `lazy_pinyin` does
    inside), so each word's reading is computed once: registry names repeat the same
    words (有限公司, 食品, 武汉) and this is most of the rebuild's Python time.
    """
    from pypinyin.seg.simpleseg import seg as pinyin_words

    return [token for word in pinyin_words(text) for token in _word_tokens(word)]


def pinyin_forms(text: str) -> tuple[list[str], list[str]]:
    """Full pinyin and initials, each as the suffixes starting at every syllable.

    Suffixes let "jiahe" find 江岸嘉禾食品 as well as "jiangan" does: investigators type
    the distinctive part of a name (the brand) as often as its beginning. Each suffix is
    cut to PINYIN_MAX letters, the longest prefix the index keeps. 武汉 gives
    (["wuhan", "han"], ["wh", "h"]).
    """
    tokens = pinyin_tokens(text)
    spelled = "".join(tokens)
    letters = "".join(t[0] for t in tokens)
    starts, at = [], 0
    for token in tokens:
        starts.append(at)
        at += len(token)
    full = [spelled[i : i + PINYIN_MAX] for i in starts]
    initials = [letters[i : i + PINYIN_MAX] for i in range(len(tokens))]
    return list(dict.fromkeys(full)), list(dict.fromkeys(initials))


def pinyin_query(text: str) -> str:
    """A query as pinyin letters, or "" when it is not pinyin (it has Chinese
    characters, or no letters)."""
    folded = fold(text).lower()
    if _HAS_HAN.search(folded):
        return ""
    letters = _NOT_ALNUM.sub("", folded)
    if not re.search("[a-z]", letters):
        return ""
    return letters[:PINYIN_MAX]


def has_han(text: str) -> bool:
    return bool(_HAS_HAN.search(text))
