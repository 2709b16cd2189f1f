"""Read API of a penalty case: its state, what it needs next and its running clocks,
e.g. for a dashboard of the bureau's leadership."""

from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from deadlines.calendar import WorkingCalendar
from enforcement.models import Case
from enforcement.selectors import case_clocks_for, case_needs
from enforcement.services import case_account


class CanViewCases(BasePermission):
    def has_permission(self, request, view):
        return request.user.has_perm("enforcement.view_case")


class ClockSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    basis = serializers.CharField()
    due = serializers.DateField()
    unit = serializers.CharField()
    remaining = serializers.IntegerField()
    overdue = serializers.BooleanField()
    paused = serializers.BooleanField()


class CaseOutputSerializer(serializers.ModelSerializer):
    reference = serializers.CharField()
    party = serializers.CharField(source="party.name")
    party_credit_code = serializers.CharField(source="party.credit_code")
    state_label = serializers.CharField(source="get_state_display")
    needs = serializers.ListField(child=serializers.CharField())
    clocks = ClockSerializer(many=True)

    class Meta:
        model = Case
        fields = [
            "id",
            "reference",
            "title",
            "procedure",
            "party",
            "party_credit_code",
            "state",
            "state_label",
            "filed_on",
            "decision_number",
            "decided_on",
            "needs",
            "clocks",
        ]


class CaseDetailApi(APIView):
    permission_classes = [CanViewCases]

    @extend_schema(
        responses=CaseOutputSerializer, summary="行政处罚案件：状态、待办与期限"
    )
    def get(self, request, pk):
        case = get_object_or_404(
            Case.objects.select_related("party").prefetch_related(
                "pauses", "extensions", "evidence_measures"
            ),
            pk=pk,
        )
        today = timezone.localdate()
        account = case_account(case, as_of=today) if case.decision_kind else None
        case.needs = case_needs(case=case, today=today, account=account)
        case.clocks = case_clocks_for(
            case=case, today=today, calendar=WorkingCalendar.load()
        )
        return Response(CaseOutputSerializer(case).data)
