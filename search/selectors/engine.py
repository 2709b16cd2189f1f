"""Engine queries: the investigators' enterprise search, the violation search and the
export's rows, with facet counts. Requests are built with the DSL and sent as one
`_msearch` per page."""

import datetime
import json
from collections import defaultdict
from dataclasses import dataclass

from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from .. import chinese
from ..client import (
    SEARCH_ENGINE_FAILED,
    A,
    MultiSearch,
    Q,
    Search,
    SearchUnavailable,
    engine_call,
    search_client,
)
from ..documents import (
    ENTERPRISES,
    FINE_BANDS,
    INDEXES,
    RISK_LICENCE_REVOKED,
    RISK_REPEAT_OFFENDER,
    violation_pair,
)
from .database import facet_labels


@dataclass(frozen=True)
class Facet:
    """A filterable, counted field. Values of one facet are OR-ed, facets AND-ed; a
    facet's counts apply every other facet's selection (multi-select facets). A nested
    facet counts enterprises that have one violation matching it and the other violation
    facets together."""

    name: str
    label: str
    field: str
    nested: str | None = None
    # A per-enterprise array of the nested values: it counts the same enterprises when
    # no other facet of the same nested path is selected, without walking the
    # nested documents.
    flat: str | None = None
    # Its name in the pair fields (documents.PAIRED_FIELDS): counted from a pair
    # field when exactly one value of one other facet of its path is selected.
    paired: str | None = None
    size: int = 50
    by_key: bool = False  # newest year first instead of most frequent first
    order: tuple = ()  # fixed display order of the values


FINE_BAND_LABELS = {
    "none": _("无罚款"),
    "lt_10k": _("不足1万元"),
    "10k_100k": _("1万元至不足10万元"),
    "gte_100k": _("10万元以上"),
}
RISK_LABELS = {
    RISK_LICENCE_REVOKED: _("许可证被撤销或吊销"),
    RISK_REPEAT_OFFENDER: _("多次违法"),
}
MATCH_LABELS = {
    "name": _("名称"),
    "former_name": _("曾用名"),
    "pinyin": _("拼音"),
    "initials": _("拼音首字母"),
    "credit_code": _("信用代码"),
    "registration_number": _("注册号"),
    "legal_representative": _("法定代表人"),
    "address": _("住所"),
    "licence_number": _("许可证编号"),
    "decision_number": _("决定书文号"),
    "violation_type": _("违法行为"),
    "facts": _("违法事实"),
    "legal_basis": _("法律依据"),
}

ENTERPRISE_FACETS = (
    Facet("district", _("辖区"), "district"),
    Facet("sector", _("行业"), "sector"),
    Facet("licence_state", _("许可证状态"), "licence_states"),
    Facet(
        "violation_type",
        _("违法行为类型"),
        "violations.type",
        nested="violations",
        flat="violation_types",
        paired="type",
    ),
    Facet(
        "year",
        _("年度"),
        "violations.year",
        nested="violations",
        flat="violation_years",
        paired="year",
        by_key=True,
    ),
    Facet(
        "fine_band",
        _("罚款金额"),
        "violations.fine_band",
        nested="violations",
        flat="violation_fine_bands",
        paired="fine_band",
        order=tuple(key for key, _low, _high in FINE_BANDS),
    ),
    Facet(
        "campaign",
        _("专项行动"),
        "violations.campaign",
        nested="violations",
        flat="violation_campaigns",
        paired="campaign",
    ),
    Facet("risk", _("风险提示"), "risk_labels"),
)
VIOLATION_FACETS = (
    Facet("district", _("辖区"), "district"),
    Facet("violation_type", _("违法行为类型"), "violation_type"),
    Facet("year", _("年度"), "year", by_key=True),
    Facet(
        "fine_band",
        _("罚款金额"),
        "fine_band",
        order=tuple(key for key, _low, _high in FINE_BANDS),
    ),
    Facet("campaign", _("专项行动"), "campaign"),
    Facet("penalty_kind", _("处罚种类"), "penalty_kind"),
    Facet("source", _("来源"), "source"),
)

PAGE_SIZE = 20
# Typed bigrams that must match: all of up to two, all but one of up to five, then 75%.
LOOSE_MATCH = "2<-1 5<75%"
MAX_PAGE_SIZE = 100
# The engine's default result window: deeper pages need search_after (the export).
MAX_RESULT_WINDOW = 10_000

_HIGHLIGHT = {
    "pre_tags": ["<mark>"],
    "post_tags": ["</mark>"],
    "encoder": "html",
    "number_of_fragments": 0,
}


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class FacetGroup:
    name: str
    label: str
    options: list[FacetOption]


@dataclass
class SearchPage:
    query: str
    filters: dict[str, list[str]]
    page: int
    page_size: int
    total: int
    results: list[dict]
    facets: list[FacetGroup]
    took_ms: int

    @property
    def pages(self) -> int:
        reachable = min(self.total, MAX_RESULT_WINDOW)
        return max(1, -(-reachable // self.page_size))


def _term_clauses(term: str, *, index: str) -> list:
    """Every way one typed word can match, each named for the "matched by" column."""
    clauses = []
    if index == "enterprises":
        clauses += [
            Q("term", **{"name.exact": {"value": term, "boost": 30}}),
            Q("match_phrase", name={"query": term, "boost": 10, "_name": "name"}),
            Q(
                "match_phrase",
                former_names={"query": term, "boost": 6, "_name": "former_name"},
            ),
            # Loose partial input (武汉食品 for 武汉某某食品有限公司): most of the
            # typed bigrams, in any order. Stricter than "every character anywhere",
            # which matched most of the registry for three common characters.
            Q(
                "match",
                **{
                    "name.bigram": {
                        "query": term,
                        "minimum_should_match": LOOSE_MATCH,
                        "boost": 2,
                        "_name": "name",
                    }
                },
            ),
            Q(
                "match",
                **{
                    "former_names.bigram": {
                        "query": term,
                        "minimum_should_match": LOOSE_MATCH,
                        "boost": 0.5,
                        "_name": "former_name",
                    }
                },
            ),
            Q(
                "term",
                **{
                    "legal_representative.exact": {
                        "value": term,
                        "boost": 12,
                        "_name": "legal_representative",
                    }
                },
            ),
            Q(
                "match_phrase",
                legal_representative={
                    "query": term,
                    "boost": 4,
                    "_name": "legal_representative",
                },
            ),
            Q("match_phrase", address={"query": term, "boost": 2, "_name": "address"}),
        ]
        if pinyin := chinese.pinyin_query(term):
            clauses += [
                Q("match", py_head={"query": pinyin, "boost": 6, "_name": "pinyin"}),
                Q("match", py_full={"query": pinyin, "boost": 3, "_name": "pinyin"}),
                Q(
                    "match",
                    py_initials={"query": pinyin, "boost": 2, "_name": "initials"},
                ),
            ]
        code_field, reg_field = "credit_code", "registration_number"
    else:
        clauses += [
            Q(
                "match_phrase",
                enterprise_name={"query": term, "boost": 6, "_name": "name"},
            ),
            Q(
                "match_phrase",
                violation_type_name={
                    "query": term,
                    "boost": 4,
                    "_name": "violation_type",
                },
            ),
            Q("match_phrase", facts={"query": term, "_name": "facts"}),
            Q("match_phrase", legal_basis={"query": term, "_name": "legal_basis"}),
            Q(
                "match_phrase",
                **{
                    "decision_number.text": {
                        "query": term,
                        "boost": 3,
                        "_name": "decision_number",
                    }
                },
            ),
        ]
        code_field, reg_field = "enterprise_credit_code", None
    code = chinese.credit_code_query(term)
    if len(code) >= 2 and any(c.isdigit() for c in code):
        for field, name in (
            (code_field, "credit_code"),
            (reg_field, "registration_number"),
        ):
            if field is None:
                continue
            clauses += [
                Q("term", **{field: {"value": code, "boost": 40, "_name": name}}),
                Q(
                    "match",
                    **{f"{field}.prefix": {"query": code, "boost": 15, "_name": name}},
                ),
            ]
    identifier = chinese.fold_code(term)
    if len(identifier) >= 4:
        if index == "enterprises":
            clauses.append(
                Q(
                    "term",
                    **{
                        "licences.number": {
                            "value": identifier,
                            "boost": 20,
                            "_name": "licence_number",
                        }
                    },
                )
            )
        clauses += _decision_number_clauses(term, index=index)
    return clauses


def _decision_number_clauses(text: str, *, index: str) -> list:
    """A decision number however its brackets were typed (〔〕 [] () （） 【】 or
    none): matched on its bracket-free key."""
    key = chinese.number_key(text)
    if len(key) < 4:
        return []
    field = "decision_numbers" if index == "enterprises" else "decision_number"
    return [
        Q(
            "term",
            **{field: {"value": key, "boost": 20, "_name": "decision_number"}},
        )
    ]


def _text_query(query: str, *, index: str):
    """Each whitespace-separated word must match somewhere (武汉 张三: a name with 武汉
    whose legal representative is 张三)."""
    words = chinese.fold(query).split()
    if not words:
        return Q("match_all")
    if len(words) > 1 and chinese.is_decision_number(query):
        # 武市监处罚 (2026) 1号: spaces typed inside one decision number.
        words = ["".join(words)]
    per_word = [
        Q("bool", should=_term_clauses(word, index=index), minimum_should_match=1)
        for word in words[:10]
    ]
    return per_word[0] if len(per_word) == 1 else Q("bool", must=per_word)


def _filters(facets, filters: dict[str, list[str]], *, skip: str | None = None):
    """Selected values: top-level clauses, and (facet, values) per nested path."""
    top, nested = [], defaultdict(list)
    for facet in facets:
        values = filters.get(facet.name) or []
        if not values or facet.name == skip:
            continue
        if facet.nested:
            nested[facet.nested].append((facet, values))
        else:
            top.append(Q("terms", **{facet.field: values}))
    return top, nested


def _nested_filter(path: str, selections: list) -> Q:
    """Enterprises with one violation matching every selection. A single selection
    only asks for some violation with such a value, which the flat per-enterprise
    array answers without a block join."""
    if len(selections) == 1 and selections[0][0].flat:
        facet, values = selections[0]
        return Q("terms", **{facet.flat: values})
    return Q(
        "nested",
        path=path,
        query=Q("bool", filter=[Q("terms", **{f.field: v}) for f, v in selections]),
    )


def _as_filter(top: list, nested: dict[str, list]) -> list:
    return top + [_nested_filter(path, sel) for path, sel in nested.items()]


def _facet_agg(facet: Facet, field: str, nested: bool, include=None) -> A:
    order = {"_key": "desc"} if facet.by_key else {"_count": "desc"}
    values = A("terms", field=field, size=facet.size, order=order)
    if include is not None:
        values = A("terms", field=field, size=facet.size, order=order, include=include)
    if nested:
        # Count enterprises, not violations.
        values.bucket("owners", "reverse_nested")
    return values


# facet, field aggregated, inside the nested path, pair values: {pair key: value}
_Member = tuple[Facet, str, bool, dict | None]


def _pair_values(
    facet: Facet, other: Facet, value: str, labels: dict
) -> tuple[str, dict]:
    """The pair field of two facets, and its key for each of `facet`'s possible
    values with `other` = value."""
    if facet.name == "year":
        candidates = [str(y) for y in range(1980, timezone.localdate().year + 2)]
    elif facet.name == "fine_band":
        candidates = [key for key, _low, _high in FINE_BANDS]
    else:
        candidates = list(labels.get(facet.name, {}))
    field = violation_pair(facet.paired, "", other.paired, "")[0]
    return field, {
        violation_pair(facet.paired, v, other.paired, value)[1]: v for v in candidates
    }


def _facet_plan(
    facets, filters, labels: dict
) -> list[tuple[list, str | None, list, list[_Member]]]:
    """Facets grouped by the filters their counts need, so facets with the same context
    share one aggregation pass. A nested facet counts, cheapest first: its flat
    per-enterprise array when no other facet of its path is selected; the pair keys
    when exactly one other value is; else the nested documents themselves."""
    groups: dict[str, tuple[list, str | None, list, list[_Member]]] = {}
    for facet in facets:
        top, nested = _filters(facets, filters, skip=facet.name)
        selections = nested.pop(facet.nested, []) if facet.nested else []
        inner = [Q("terms", **{f.field: v}) for f, v in selections]
        path, field, pairs = facet.nested, facet.field, None
        outer = _as_filter(top, nested)
        if path and not selections and facet.flat:
            path, field = None, facet.flat
        elif (
            path
            and len(selections) == 1
            and len(selections[0][1]) == 1
            and facet.paired
            and selections[0][0].paired
        ):
            other, (value,) = selections[0]
            field, pairs = _pair_values(facet, other, value, labels)
            path, inner = None, []
            outer = [*outer, _nested_filter(facet.nested, selections)]
        elif path and inner:
            # Walk only the violations of enterprises that have a matching one.
            outer = [*outer, _nested_filter(path, selections)]
        key = json.dumps(
            [[c.to_dict() for c in outer], path, [c.to_dict() for c in inner]],
            sort_keys=True,
        )
        member = (facet, field, path is not None, pairs)
        groups.setdefault(key, (outer, path, inner, []))[3].append(member)
    return list(groups.values())


def _aggregations(search: Search, facets, filters, labels: dict) -> Search:
    for number, (outer, path, inner, members) in enumerate(
        _facet_plan(facets, filters, labels)
    ):
        group = A("filter", filter=Q("bool", filter=outer))
        parent = group
        if path:
            parent = group.bucket("path", "nested", path=path).bucket(
                "inner", "filter", filter=Q("bool", filter=inner)
            )
        for facet, field, nested, pairs in members:
            include = sorted(pairs) if pairs is not None else None
            parent.bucket(facet.name, _facet_agg(facet, field, nested, include))
        search.aggs.bucket(f"g{number}", group)
    return search


def _facet_groups(response, facets, filters, labels) -> list[FacetGroup]:
    found = {}
    for number, (_outer, path, _inner, members) in enumerate(
        _facet_plan(facets, filters, labels)
    ):
        group = response["aggregations"][f"g{number}"]
        parent = group["path"]["inner"] if path else group
        for facet, _field, nested, pairs in members:
            found[facet.name] = (parent[facet.name], nested, pairs)
    groups = []
    for facet in facets:
        values_agg, nested, pairs = found[facet.name]
        selected = set(filters.get(facet.name) or [])
        options = []
        for bucket in values_agg["buckets"]:
            value = pairs[bucket["key"]] if pairs else str(bucket["key"])
            count = bucket["owners"]["doc_count"] if nested else bucket["doc_count"]
            if count == 0 and value not in selected:
                continue
            options.append(
                FacetOption(
                    value=value,
                    label=str(_facet_label(facet.name, value, labels)),
                    count=count,
                    selected=value in selected,
                )
            )
        shown = {o.value for o in options}
        for value in sorted(selected - shown):
            options.append(
                FacetOption(
                    value=value,
                    label=str(_facet_label(facet.name, value, labels)),
                    count=0,
                    selected=True,
                )
            )
        if facet.order:
            rank = {value: i for i, value in enumerate(facet.order)}
            options.sort(key=lambda o: rank.get(o.value, len(rank)))
        groups.append(
            FacetGroup(name=facet.name, label=str(facet.label), options=options)
        )
    return groups


def _facet_label(name: str, value: str, labels: dict) -> str:
    if name == "fine_band":
        return FINE_BAND_LABELS.get(value, value)
    if name == "risk":
        return RISK_LABELS.get(value, value)
    if name == "year":
        return value
    return labels.get(name, {}).get(value, value)


def _highlighted(hit: dict, field: str) -> list[str]:
    highlight = hit.get("highlight")
    if highlight is None or field not in highlight:
        return []
    # The engine HTML-escapes the text (encoder "html") before adding the marks, so
    # the fragment is safe. Single-character grams come back as adjacent marks: join.
    return [
        mark_safe(fragment.replace("</mark><mark>", ""))
        for fragment in highlight[field]
    ]


def _enterprise_result(hit: dict, labels: dict) -> dict:
    source = hit["_source"]
    name_html = _highlighted(hit, "name") or _highlighted(hit, "name.bigram")
    matched = list(dict.fromkeys(hit.get("matched_queries") or []))
    licences = source.get("licences", [])
    return {
        "id": source["id"],
        "name": source["name_display"],
        "name_html": name_html[0] if name_html else escape(source["name_display"]),
        "former_names": source.get("former_names", []),
        "former_names_html": _highlighted(hit, "former_names"),
        "credit_code": source.get("credit_code"),
        "registration_number": source.get("registration_number"),
        "legal_representative": source.get("legal_representative"),
        "address": source.get("address"),
        "address_html": (_highlighted(hit, "address") or [None])[0],
        "district": source.get("district"),
        "district_name": source.get("district_name"),
        "sector": source.get("sector"),
        "sector_label": str(labels["sector"].get(source.get("sector"), "")),
        "registration_status": source.get("registration_status"),
        "registration_status_label": str(
            labels["registration_status"].get(source.get("registration_status"), "")
        ),
        "licences": [
            {
                "number": lic["number"],
                "state": lic["state"],
                "state_label": str(labels["licence_state"].get(lic["state"], "")),
            }
            for lic in licences
        ],
        "violation_count": source.get("violation_count", 0),
        "last_violation_on": _date(source.get("last_violation_on")),
        "fine_total": source.get("fine_total", 0),
        "risk_labels": [
            {"value": r, "label": str(RISK_LABELS.get(r, r))}
            for r in source.get("risk_labels", [])
        ],
        "matched_by": [str(MATCH_LABELS.get(m, m)) for m in matched],
        "score": hit.get("_score"),
    }


def _date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value[:10]) if value else None


def _violation_result(hit: dict, labels: dict) -> dict:
    source = dict(hit["_source"])
    source["decided_on"] = _date(source.get("decided_on"))
    matched = list(dict.fromkeys(hit.get("matched_queries") or []))
    return {
        **{k: v for k, v in source.items() if k != "fingerprint"},
        "violation_type_label": source.get("violation_type_name"),
        "penalty_kind_label": str(
            labels["penalty_kind"].get(source.get("penalty_kind"), "")
        ),
        "source_label": str(labels["source"].get(source.get("source"), "")),
        "matched_by": [str(MATCH_LABELS.get(m, m)) for m in matched],
        "score": hit.get("_score"),
    }


def _base_search(*, index: str, query: str, filters, facets) -> Search:
    spec = INDEXES[index]
    search = Search(using=search_client(), index=spec.alias).query(
        _text_query(query, index=index)
    )
    top, nested = _filters(facets, filters)
    post = _as_filter(top, nested)
    if post:
        search = search.post_filter(Q("bool", filter=post))
    return search


def _page_request(
    *, index: str, hits: Search, query: str, filters, facets, labels, scope=()
) -> MultiSearch:
    """Hits and facet counts as two searches in one `_msearch`: the node runs them
    side by side, and the size-0 facet search may come from the shard request cache
    (dropped at the next refresh that changes the index). `scope` filters (not
    facets) apply to both."""
    counts = Search(index=INDEXES[index].alias).query(_text_query(query, index=index))
    for clause in scope:
        hits, counts = hits.filter(clause), counts.filter(clause)
    counts = _aggregations(counts, facets, filters, labels).extra(
        size=0, track_total_hits=False
    )
    return (
        MultiSearch(using=search_client(), index=INDEXES[index].alias)
        .add(hits)
        .add(counts.params(request_cache=True))
    )


def _execute(request: MultiSearch) -> list[dict]:
    """Send a request the DSL built and read the plain JSON answer (wrapping it in DSL
    response objects costs more than the rest of the page's Python)."""
    answer = engine_call(search_client().msearch, body=request.to_dict())
    responses = answer["responses"]
    for response in responses:
        if "error" in response:
            raise SearchUnavailable(SEARCH_ENGINE_FAILED)
    return responses


def _enterprise_highlight(search: Search, query: str) -> Search:
    words = chinese.fold(query).split()[:10]
    if not words:
        return search
    phrase = [Q("match_phrase", name=w) for w in words]
    return (
        search.highlight_options(**_HIGHLIGHT)
        .highlight(
            "name",
            highlight_query=Q("bool", should=phrase).to_dict(),
        )
        .highlight("name.bigram")
        .highlight(
            "former_names",
            highlight_query=Q(
                "bool", should=[Q("match_phrase", former_names=w) for w in words]
            ).to_dict(),
        )
        .highlight(
            "address",
            highlight_query=Q(
                "bool", should=[Q("match_phrase", address=w) for w in words]
            ).to_dict(),
        )
    )


def enterprise_search_request(
    *,
    query: str = "",
    filters: dict[str, list[str]] | None = None,
    page: int = 1,
    page_size: int = PAGE_SIZE,
    labels: dict | None = None,
) -> MultiSearch:
    """The engine request behind `enterprise_search` (the benchmark sends it as is)."""
    filters = filters or {}
    labels = labels or facet_labels()
    hits = _base_search(
        index="enterprises", query=query, filters=filters, facets=ENTERPRISE_FACETS
    )
    hits = _enterprise_highlight(hits, query)
    hits = (
        hits.sort({"_score": "desc"}, {"violation_count": "desc"}, {"id": "asc"})
        .source(excludes=["py_*", "violations", "fingerprint", "decision_numbers"])
        .extra(from_=(page - 1) * page_size, size=page_size, track_total_hits=True)
    )
    return _page_request(
        index="enterprises",
        hits=hits,
        query=query,
        filters=filters,
        facets=ENTERPRISE_FACETS,
        labels=labels,
    )


def _clamp(page: int, page_size: int) -> tuple[int, int]:
    page_size = max(1, min(page_size, MAX_PAGE_SIZE))
    return max(1, min(page, MAX_RESULT_WINDOW // page_size)), page_size


def enterprise_search(
    *,
    query: str = "",
    filters: dict[str, list[str]] | None = None,
    page: int = 1,
    page_size: int = PAGE_SIZE,
    labels: dict | None = None,
) -> SearchPage:
    """The investigators' search: enterprises by any name, pinyin, code, person or
    address, with facet counts. Raises `SearchUnavailable` when the engine is down."""
    filters = filters or {}
    page, page_size = _clamp(page, page_size)
    labels = labels or facet_labels()
    request = enterprise_search_request(
        query=query, filters=filters, page=page, page_size=page_size, labels=labels
    )
    response, counts = _execute(request)
    return SearchPage(
        query=query,
        filters=filters,
        page=page,
        page_size=page_size,
        total=response["hits"]["total"]["value"],
        results=[_enterprise_result(hit, labels) for hit in response["hits"]["hits"]],
        facets=_facet_groups(counts, ENTERPRISE_FACETS, filters, labels),
        took_ms=max(response["took"], counts["took"]),
    )


def violation_search(
    *,
    query: str = "",
    filters: dict[str, list[str]] | None = None,
    enterprise_id: int | None = None,
    page: int = 1,
    page_size: int = PAGE_SIZE,
    labels: dict | None = None,
) -> SearchPage:
    """Violations by enterprise, type, decision number or facts, newest first among
    equals, with facet counts."""
    filters = filters or {}
    labels = labels or facet_labels()
    page, page_size = _clamp(page, page_size)
    hits = _base_search(
        index="violations", query=query, filters=filters, facets=VIOLATION_FACETS
    )
    hits = hits.sort({"_score": "desc"}, {"decided_on": "desc"}, {"id": "desc"}).extra(
        from_=(page - 1) * page_size, size=page_size, track_total_hits=True
    )
    request = _page_request(
        index="violations",
        hits=hits,
        query=query,
        filters=filters,
        facets=VIOLATION_FACETS,
        labels=labels,
        scope=[] if enterprise_id is None else [Q("term", enterprise_id=enterprise_id)],
    )
    response, counts = _execute(request)
    return SearchPage(
        query=query,
        filters=filters,
        page=page,
        page_size=page_size,
        total=response["hits"]["total"]["value"],
        results=[_violation_result(hit, labels) for hit in response["hits"]["hits"]],
        facets=_facet_groups(counts, VIOLATION_FACETS, filters, labels),
        took_ms=max(response["took"], counts["took"]),
    )


def enterprise_search_rows(
    *,
    query: str = "",
    filters: dict[str, list[str]] | None = None,
    limit: int,
    labels: dict | None = None,
) -> list[dict]:
    """Every result (up to `limit`) in the page's order, for an export: pages through
    with search_after, which has no result-window limit."""
    filters = filters or {}
    labels = labels or facet_labels()
    search = _base_search(
        index="enterprises", query=query, filters=filters, facets=ENTERPRISE_FACETS
    )
    search = search.sort(
        {"_score": "desc"}, {"violation_count": "desc"}, {"id": "asc"}
    ).source(excludes=["py_*", "violations", "fingerprint", "decision_numbers"])
    rows: list[dict] = []
    after = None
    while len(rows) < limit:
        page = search.extra(size=min(1000, limit - len(rows)), track_total_hits=False)
        if after is not None:
            page = page.extra(search_after=after)
        response = engine_call(
            search_client().search, index=ENTERPRISES.alias, body=page.to_dict()
        )
        hits = response["hits"]["hits"]
        if not hits:
            break
        rows.extend(_enterprise_result(hit, labels) for hit in hits)
        after = hits[-1]["sort"]
    return rows
