"""The JSON search endpoints: the search page's behaviour (same form, same selectors,
same engine-down message) for other systems and scripts."""

from django.urls import reverse
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from .client import SearchUnavailable
from .forms import SearchForm, ViolationSearchForm
from .selectors import (
    ENTERPRISE_FACETS,
    VIOLATION_FACETS,
    enterprise_search,
    facet_labels,
    violation_search,
)
from .views import SEARCH_PERMISSION


class CanSearch(BasePermission):
    def has_permission(self, request, view):
        return request.user.has_perm(SEARCH_PERMISSION)


class FacetOptionSerializer(serializers.Serializer):
    value = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()
    selected = serializers.BooleanField()


class FacetGroupSerializer(serializers.Serializer):
    name = serializers.CharField()
    label = serializers.CharField()
    options = FacetOptionSerializer(many=True)


class LicenceStateSerializer(serializers.Serializer):
    number = serializers.CharField()
    state = serializers.CharField()
    state_label = serializers.CharField()


class LabelSerializer(serializers.Serializer):
    value = serializers.CharField()
    label = serializers.CharField()


class EnterpriseHitSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    name_html = serializers.CharField(
        help_text="名称，命中部分以 <mark> 标出（已转义）"
    )
    former_names = serializers.ListField(child=serializers.CharField())
    former_names_html = serializers.ListField(child=serializers.CharField())
    credit_code = serializers.CharField(allow_null=True)
    registration_number = serializers.CharField(allow_null=True)
    legal_representative = serializers.CharField()
    address = serializers.CharField()
    address_html = serializers.CharField(allow_null=True)
    district = serializers.CharField(allow_null=True)
    district_name = serializers.CharField(allow_null=True)
    sector = serializers.CharField()
    sector_label = serializers.CharField()
    registration_status = serializers.CharField()
    registration_status_label = serializers.CharField()
    licences = LicenceStateSerializer(many=True)
    violation_count = serializers.IntegerField()
    last_violation_on = serializers.DateField(allow_null=True)
    fine_total = serializers.FloatField()
    risk_labels = LabelSerializer(many=True)
    matched_by = serializers.ListField(child=serializers.CharField())
    score = serializers.FloatField(allow_null=True)
    url = serializers.CharField()


class EnterpriseSearchResponseSerializer(serializers.Serializer):
    query = serializers.CharField()
    filters = serializers.DictField(child=serializers.ListField())
    page = serializers.IntegerField()
    page_size = serializers.IntegerField()
    pages = serializers.IntegerField()
    total = serializers.IntegerField()
    took_ms = serializers.IntegerField()
    results = EnterpriseHitSerializer(many=True)
    facets = FacetGroupSerializer(many=True)


class ViolationHitSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    enterprise_id = serializers.IntegerField()
    enterprise_name = serializers.CharField()
    enterprise_credit_code = serializers.CharField(allow_null=True)
    violation_type = serializers.CharField()
    violation_type_label = serializers.CharField()
    legal_basis = serializers.CharField()
    decision_number = serializers.CharField(allow_null=True)
    decided_on = serializers.DateField()
    penalty_kind = serializers.CharField()
    penalty_kind_label = serializers.CharField()
    fine_amount = serializers.FloatField()
    confiscated_amount = serializers.FloatField()
    campaign = serializers.CharField(allow_null=True)
    campaign_name = serializers.CharField(allow_null=True)
    source = serializers.CharField()
    source_label = serializers.CharField()
    source_reference = serializers.CharField()
    source_state = serializers.CharField(allow_null=True)
    matched_by = serializers.ListField(child=serializers.CharField())


class ViolationSearchResponseSerializer(EnterpriseSearchResponseSerializer):
    results = ViolationHitSerializer(many=True)


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()


def _parameters(facets, extra=()):
    params = [
        OpenApiParameter(
            "q", str, description="名称、拼音、首字母、信用代码、法定代表人、住所等"
        ),
        OpenApiParameter("page", int),
        OpenApiParameter("page_size", int, description="1–100，默认 20"),
    ]
    params += [
        OpenApiParameter(
            f.name,
            str,
            many=True,
            description=f"{f.label}（可重复）",
            explode=True,
        )
        for f in facets
    ]
    return params + list(extra)


def _page_payload(page) -> dict:
    return {
        "query": page.query,
        "filters": page.filters,
        "page": page.page,
        "page_size": page.page_size,
        "pages": page.pages,
        "total": page.total,
        "took_ms": page.took_ms,
        "results": page.results,
        "facets": [
            {
                "name": g.name,
                "label": g.label,
                "options": [o.__dict__ for o in g.options],
            }
            for g in page.facets
        ],
    }


class _SearchApi(APIView):
    permission_classes = [IsAuthenticated, CanSearch]
    form_class = SearchForm

    def search(self, **kwargs):
        raise NotImplementedError

    def get(self, request):
        labels = facet_labels()
        form = self.form_class(request.query_params, labels=labels)
        if not form.is_valid():
            return Response(
                {"detail": form.errors.get_json_data()},
                status=status.HTTP_400_BAD_REQUEST,
            )
        try:
            page = self.search(**form.search_args(), labels=labels)
        except SearchUnavailable as exc:
            return Response(
                {"detail": str(exc.message)},
                status=status.HTTP_503_SERVICE_UNAVAILABLE,
            )
        return Response(_page_payload(page))


class EnterpriseSearchApi(_SearchApi):
    """Search enterprises as the investigators' search page does."""

    @extend_schema(
        operation_id="search_enterprises",
        summary="检索市场主体",
        parameters=_parameters(ENTERPRISE_FACETS),
        responses={
            200: EnterpriseSearchResponseSerializer,
            400: ErrorSerializer,
            503: ErrorSerializer,
        },
    )
    def get(self, request):
        return super().get(request)

    def search(self, **kwargs):
        page = enterprise_search(**kwargs)
        for hit in page.results:
            hit["url"] = reverse("registry:enterprise:detail", args=[hit["id"]])
        return page


class ViolationSearchApi(_SearchApi):
    """Search violation records (decision number, enterprise, type, facts)."""

    form_class = ViolationSearchForm

    @extend_schema(
        operation_id="search_violations",
        summary="检索违法记录",
        parameters=_parameters(
            VIOLATION_FACETS,
            [OpenApiParameter("enterprise", int, description="市场主体 id")],
        ),
        responses={
            200: ViolationSearchResponseSerializer,
            400: ErrorSerializer,
            503: ErrorSerializer,
        },
    )
    def get(self, request):
        return super().get(request)

    def search(self, **kwargs):
        return violation_search(**kwargs)
