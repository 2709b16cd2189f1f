"""What a 文书 clerk does to an officer's text before it goes into a paper.

A template writes the words around each field (经查，{{ facts }}。) and the officer types
the field, often with the same words and marks the template adds: 经查，经查，…, 1．1.…,
拒不改正。。, 产品。；. `fit` makes the field fit where it stands, and nothing else:

- inside the text: a run of clause marks (，、；：。！？) becomes its last mark, ASCII
  marks typed between Chinese characters become full-width ones, and a function word
  typed twice (的规定的规定, 经查，经查，) once;
- at its start: what the template already wrote just before it (its last clauses, e.g.
  经查 or 依据, and their usual variants), an enumerator where the template numbers the
  item (1. （1） ① 一、), and stray marks;
- at its end: the words the template writes just after it (的规定, 的情形), and the
  officer's closing marks wherever the template writes anything after the field (its
  own mark, a bracket, or the rest of its sentence).

Only the edges of a field and runs of marks are touched: names, numbers and wording in
the middle of the text stay exactly as typed.
"""

import re

SLOT = "…"

# Marks that end a clause or sentence. A run of two or more is always a slip.
_MARKS = "，、；：。！？"
_MARK_RUN = re.compile(f"[{_MARKS}]{{2,}}")
_CJK = r"\u3400-\u9fff\U00020000-\U0003134f"
_CJK_CLOSE = "）》”’〕】"
# An ASCII mark typed between Chinese text: `改正,并` `改正.` (not 3.5, not Co.,Ltd).
_ASCII_MARK = re.compile(
    f"(?<=[{_CJK}{_CJK_CLOSE}])\\s*([,;:!?.])(?=[{_CJK}{_MARKS}（《“]|\\s*$)"
)
_FULL_WIDTH = {",": "，", ";": "；", ":": "：", "!": "！", "?": "？", ".": "。"}
# 1. 1． 1、 一、 （1） (1) ① at the start of an item the template numbers itself (but
# 1.5吨 is a decimal; 2.2026年11月 is item 2 and a date).
_ENUMERATOR = re.compile(
    r"^(?:(?:\d{1,3}|[一二三四五六七八九十]{1,3})\s*[.．、](?:(?!\d)|(?=\d{4}年))"
    r"|[（(](?:\d{1,3}|[一二三四五六七八九十]{1,3})[)）]"
    r"|[\u2460-\u2473\u2474-\u2487\u2488-\u249b])\s*"
)
_NUMBERED_BEFORE = re.compile(r"(?:\d|[一二三四五六七八九十])\s*[.．、]$")
_LEADING_MARKS = re.compile(f"^[{_MARKS},;:.]+")
_TRAILING_MARKS = re.compile(f"[{_MARKS},;:]+$|(?<=[{_CJK}{_CJK_CLOSE}])\\.$")

# Words an officer uses where a template already wrote one of them.
_VARIANTS = (
    ("经查", "经查明", "经调查", "经核查", "经查实", "经审查", "发现"),
    ("依据", "根据", "依照", "按照"),
    ("你（单位）", "你单位", "你公司"),
    ("的规定", "之规定"),
)
# 的规定的规定, 经查，经查， typed inside the text: only these words, never a name's.
_REPEATED_WORD = re.compile(
    "(%s)(?:[%s]?\\1)+"
    % (
        "|".join(
            re.escape(w)
            for w in sorted({w for g in _VARIANTS for w in g}, key=len, reverse=True)
        ),
        _MARKS,
    )
)
# One-character words the template starts its next words with (等必要措施, 的情形).
_JOINING = "等的"
# 第十条规定 + 的规定: the officer's 规定 goes, not the 规定 ending a regulation's name.
_PROVISION_TAIL = re.compile(r"(?<=[条款项》])规定$")


def _variants(word: str) -> tuple[str, ...]:
    """The words an officer may use for `word`, a clause of the template: its group of
    _VARIANTS when it is one of them or ends with one (中发现 → 经查…)."""
    for group in _VARIANTS:
        if word in group or any(word.endswith(w) for w in group if len(w) >= 2):
            # Longest first, so 经查明 is taken whole rather than as 经查 + 明.
            return tuple(sorted(group, key=len, reverse=True))
    return (word,)


def _lead_words(before: str) -> list[tuple[str, bool]]:
    """The template's clauses before the slot, each with whether the template follows
    it with a mark (经查， → the officer's 经查 counts only with its mark too)."""
    words = []
    for match in re.finditer(f"([^{_MARKS}]+)([{_MARKS}]?)", before):
        clause = match.group(1).strip()
        if len(clause) >= 2:
            marked = bool(match.group(2))
            words += [(variant, marked) for variant in _variants(clause)]
    return words


def _strip_leading(text: str, before: str) -> str:
    words = _lead_words(before)
    numbered = bool(_NUMBERED_BEFORE.search(before))
    changed = True
    while changed and text:
        changed = False
        stripped = _LEADING_MARKS.sub("", text).lstrip()
        if numbered:
            stripped = _ENUMERATOR.sub("", stripped, count=1)
        for word, marked in words:
            rest = stripped[len(word) :]
            if stripped.startswith(word) and (not marked or _LEADING_MARKS.match(rest)):
                stripped = _LEADING_MARKS.sub("", rest).lstrip()
                break
        if stripped != text:
            text, changed = stripped, True
    return text


def _strip_trailing(text: str, after: str) -> str:
    head = re.match(f"[^{_MARKS}（(《“]+", after)
    head = head.group().strip() if head and len(head.group().strip()) >= 2 else ""
    words = _variants(head) if head else ()
    changed = True
    while changed and text:
        changed = False
        stripped = text.rstrip()
        if after:
            stripped = _TRAILING_MARKS.sub("", stripped).rstrip()
        for word in words:
            if stripped.endswith(word):
                stripped = stripped[: -len(word)].rstrip()
                break
        else:
            if head == "的规定":
                stripped = _PROVISION_TAIL.sub("", stripped)
            # 删除、屏蔽等 + 等必要处置措施, 取得许可的 + 的情形.
            if after and after[0] in _JOINING and stripped.endswith(after[0]):
                stripped = stripped[:-1]
        if stripped != text:
            text, changed = stripped, True
    return text


def fit(value, surroundings: str = SLOT) -> str:
    """`value` as it should read where the template has `surroundings`: the template's
    own text with `…` where the value goes, e.g. "经查，…。" or "1．…；" (any number).
    Without `…` the value is only cleaned inside."""
    if value is None:
        return ""
    before, slot, after = str(surroundings).partition(SLOT)
    if not slot:
        before = after = ""
    text = str(value).strip()
    text = _ASCII_MARK.sub(lambda m: _FULL_WIDTH[m.group(1)], text)
    text = _MARK_RUN.sub(lambda m: m.group()[-1], text)
    text = _REPEATED_WORD.sub(r"\1", text)
    text = _strip_leading(text, before)
    text = _strip_trailing(text, after)
    return text


# Terms a title must not break inside (GB/T 9704 7.3.3: a title wraps "词意完整"):
# the bureau's fields of work and the papers' own names, and a number with its unit.
TITLE_TERMS = (
    "市场监督管理局",
    "食品药品",
    "特种设备",
    "工业产品",
    "生产许可证",
    "经营许可证",
    "行政处罚",
    "行政许可",
    "专项行动",
    "工作情况",
    "决定书",
    "告知书",
    "通知书",
    "审批表",
    "登记表",
)
_TITLE_TERM = re.compile(
    "|".join(
        [r"\d+(?:年度|年|月|家|份|起|个|户|件)", r"“[^”]{1,10}”"]
        + [re.escape(t) for t in sorted(TITLE_TERMS, key=len, reverse=True)]
    )
)


# 2号 (22 pt) characters in one line of the 156 mm type area.
TITLE_LINE = 20
# Characters that may not begin a line, and those that may not end one.
_NO_LINE_START = _MARKS + "）》”’〕】"
_NO_LINE_END = "（《“‘〔【"
# The closing word of a title (…的函, …的报告, …的决定) stays on the last line whole.
_TITLE_TAIL = re.compile(r"的[\u4e00-\u9fff]{1,3}$")


def _title_tokens(text: str) -> list[str]:
    """The title cut into pieces a line may not break inside."""
    tail = _TITLE_TAIL.search(text)
    body, end = (text[: tail.start()], tail.group()) if tail else (text, "")
    tokens, last = [], 0
    for match in _TITLE_TERM.finditer(body):
        tokens += list(body[last : match.start()])
        tokens.append(match.group())
        last = match.end()
    tokens += list(body[last:])
    return tokens + ([end] if end else [])


def _width(token: str) -> float:
    return sum(0.5 if ord(char) < 0x2E80 else 1 for char in token)


def _title_breaks(tokens: list[str], width: float) -> list[int]:
    """Where to break (token indexes), for lines as even as GB/T 9704 wants a title
    ("排列对称，长短适宜"): the fewest lines that fit, then the most even ones."""
    total = sum(_width(t) for t in tokens)
    count = max(1, -(-int(total * 2) // int(width * 2)))
    allowed = [
        0 < i < len(tokens)
        and tokens[i][0] not in _NO_LINE_START
        and tokens[i - 1][-1] not in _NO_LINE_END
        for i in range(len(tokens) + 1)
    ]
    prefix = [0.0]
    for token in tokens:
        prefix.append(prefix[-1] + _width(token))
    for lines in range(count, len(tokens) + 1):
        target = total / lines
        # best[k][i]: least cost of setting tokens[:i] in k lines.
        best = [{0: (0.0, [])}] + [{} for _ in range(lines)]
        for k in range(1, lines + 1):
            for i, (cost, breaks) in best[k - 1].items():
                for j in range(i + 1, len(tokens) + 1):
                    line = prefix[j] - prefix[i]
                    if line > width:
                        break
                    if j < len(tokens) and (k == lines or not allowed[j]):
                        continue
                    if j == len(tokens) and k < lines:
                        continue
                    option = (cost + (line - target) ** 2, [*breaks, j])
                    if j not in best[k] or option[0] < best[k][j][0]:
                        best[k][j] = option
        if len(tokens) in best[lines]:
            return best[lines][len(tokens)][1][:-1]
    return []


def title_lines(value, width: float = TITLE_LINE) -> str:
    """The title as HTML in even lines broken between words (GB/T 9704 7.3.3: "回行时，
    要做到词意完整，排列对称"): never inside 食品药品, 2019年度 or the closing 的函, never
    before a closing mark. Each piece also never wraps by itself (`nowrap`), should the
    face be wider than counted."""
    from django.utils.html import escape
    from django.utils.safestring import mark_safe

    text = "" if value is None else str(value).strip()
    tokens = _title_tokens(text)
    breaks = set(_title_breaks(tokens, width))
    out = []
    for index, token in enumerate(tokens):
        if index in breaks:
            out.append("<br>")
        piece = escape(token)
        out.append(f'<span class="nowrap">{piece}</span>' if len(token) > 1 else piece)
    return mark_safe("".join(out))
